package ru.diarybridge.routes;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.MDC;

/**
 * What every diary-bridge route shares: schoolId and correlationId in the MDC (the log of a sync of one school
 * can be read on its own, across instances), and one error policy — log with the ids, never with personal data,
 * and leave redelivery to the broker for transacted consumers.
 */
public abstract class BaseRouteBuilder extends RouteBuilder {

    @Override
    public final void configure() throws Exception {
        // one line per failure, never the body (it holds pupils' data); the JMS listener logs the cause's stack once
        errorHandler(defaultErrorHandler().maximumRedeliveries(0).logExhaustedMessageHistory(false)
                .logExhaustedMessageBody(false).logStackTrace(false));
        configureRoutes();
    }

    protected abstract void configureRoutes() throws Exception;

    /** Use as the first step of every route. */
    protected static void putMdc(Exchange exchange) {
        String schoolId = exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class);
        String correlationId = exchange.getMessage().getHeader(SyncHeaders.CORRELATION_ID, String.class);
        if (schoolId != null) {
            MDC.put(SyncHeaders.SCHOOL_ID, schoolId);
        }
        if (correlationId != null) {
            MDC.put(SyncHeaders.CORRELATION_ID, correlationId);
        }
    }
}
