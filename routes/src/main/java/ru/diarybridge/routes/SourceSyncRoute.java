package ru.diarybridge.routes;

import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolPauses;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.SourceSync;

/**
 * Flow «journal → diary», reading side. Per school, the template {@code source-sync-schedule} fires on the school's
 * Quartz cron (clustered JDBC store: one instance of the cluster fires) and hands over to {@code source-sync}:
 * log in, read the week class by class, and put each class's changed records on the school's persistent queue as
 * one message. Anyone may start a sync by sending a message with header {@code schoolId} to
 * {@code direct:source-sync}.
 */
public class SourceSyncRoute extends BaseRouteBuilder {

    public static final String ENDPOINT = "direct:source-sync";
    /** Where the schedules hand over: skips the school's blackout dates, then {@link #ENDPOINT}. */
    public static final String SCHEDULED = "direct:source-sync-scheduled";

    private final SchoolDirectory schools;
    private final SourceSync sync;
    private final String queuePrefix;
    /** Sends a list of {@link SourceSync.Outbound} batches to their queues. */
    public static final String OUTBOUND = "direct:dnevnik-outbound";
    private static final String QUEUE = "diaryBridgeQueue";
    private final SchoolPauses pauses;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SourceSyncRoute.class);
    /** Exact text of the firing log line up to the fire time: the two-node test counts firings by it. */
    public static final String FIRED = "Запуск по расписанию: школа {}, время срабатывания {}, узел {}";
    private String nodeName = "";

    public SourceSyncRoute(SchoolDirectory schools, SourceSync sync, String queuePrefix) {
        this(schools, sync, queuePrefix, SchoolPauses.NONE);
    }

    /** @param pauses schools paused by an operator: their scheduled trigger is skipped */
    public SourceSyncRoute(SchoolDirectory schools, SourceSync sync, String queuePrefix, SchoolPauses pauses) {
        this.schools = schools;
        this.sync = sync;
        this.queuePrefix = queuePrefix;
        this.pauses = pauses;
    }

    /** The instance's name in a cluster, logged with each firing of a schedule (Quartz fires on one instance). */
    public SourceSyncRoute nodeName(String nodeName) {
        this.nodeName = nodeName;
        return this;
    }

    private void logFiring(org.apache.camel.Exchange exchange) {
        // camel-quartz's header: the fire time the trigger was due at, the same on every instance of the cluster
        java.util.Date due = exchange.getMessage().getHeader("scheduledFireTime", java.util.Date.class);
        LOG.info(FIRED, exchange.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class),
                due == null ? "?" : due.toInstant(), nodeName);
    }

    @Override
    protected void configureRoutes() {
        routeTemplate("source-sync-schedule")
                .templateParameter("schoolId")
                .templateParameter("cron")
                .from("quartz:diary-bridge/source-sync-{{schoolId}}?cron={{cron}}&stateful=true")
                .setHeader(SyncHeaders.SCHOOL_ID, constant("{{schoolId}}"))
                .setHeader(SyncHeaders.TRIGGER, constant("schedule"))
                .process(this::logFiring)
                .filter(e -> !pauses.paused(e.getMessage().getHeader(SyncHeaders.SCHOOL_ID, String.class)))
                .to(SCHEDULED);

        for (SchoolSettings school : schools.schools()) {
            for (SchoolRoutes.Instance i : SchoolRoutes.instances(school, true, queuePrefix)) {
                if (i.templateId().equals(SchoolRoutes.SCHEDULE)) {
                    var t = templatedRoute(i.templateId()).routeId(i.routeId());
                    i.parameters().forEach((k, v) -> t.parameter(k, v.toString()));
                }
            }
        }

        // a scheduled firing on one of the school's blackout dates starts nothing; a manual start still runs
        from(SCHEDULED).routeId("source-sync-scheduled")
                .process(BaseRouteBuilder::putMdc)
                .filter(sync::scheduledRunAllowed)
                    .to(ENDPOINT)
                .end();

        from(ENDPOINT).routeId("source-sync")
                .process(BaseRouteBuilder::putMdc)
                .doTry()
                    .process(sync::begin)
                    .process(BaseRouteBuilder::putMdc)
                    .to("direct:source-sync-classes")
                    .process(sync::closeSource)
                    .process(sync::finish)
                .doCatch(Exception.class)
                    .process(sync::failed)
                .doFinally()
                    .process(sync::closeSource)
                .end();

        from("direct:source-sync-classes").routeId("source-sync-classes")
                .split(body())
                    .process(sync::readClass)
                    .filter(header(SourceSync.HAS_CHANGES).isEqualTo(true))
                        .removeHeader(SourceSync.HAS_CHANGES)
                        .to(OUTBOUND)
                    .end()
                .end();

        // a class's batches (live and backfill) to their queues; the outbox rows were committed before this
        from(OUTBOUND).routeId("dnevnik-outbound")
                .split(body())
                    .process(e -> {
                        // plain getters, not simple("${body.json}"): a bean expression keys Camel's bean-info cache
                        // by the body itself, which hashed every batch's whole JSON (4 % of a benchmark's CPU)
                        SourceSync.Outbound out = e.getMessage().getBody(SourceSync.Outbound.class);
                        e.getMessage().setHeader(QUEUE, out.queue());
                        // JMS message group: one class's batches go to one consumer of the cluster, in order
                        if (out.group() != null) {
                            e.getMessage().setHeader("JMSXGroupID", out.group());
                        }
                        e.getMessage().setBody(out.json());
                    })
                    .toD("jms:queue:${header." + QUEUE + "}")
                .end();
    }
}
