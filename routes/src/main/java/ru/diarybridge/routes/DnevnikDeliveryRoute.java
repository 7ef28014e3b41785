package ru.diarybridge.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.DeliveryBatch;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * Flow «journal → diary», delivering side: per school, the template {@code dnevnik-delivery} consumes the school's
 * queue in a JMS transaction and pushes each class batch to Dnevnik.ru. A transient failure rolls the message back
 * and the broker redelivers it later (redelivery delay and attempts are broker address settings); on the last
 * attempt the batch's undelivered records are counted as rejected, and the broker moves the message to the
 * dead-letter queue.
 */
public class DnevnikDeliveryRoute extends BaseRouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DnevnikDeliveryRoute.class);

    private final SchoolDirectory schools;
    private final DnevnikDelivery delivery;
    private final SyncRunRepository runs;
    private final ObjectMapper json;
    private final String queuePrefix;
    private final int maxDeliveryAttempts;

    public DnevnikDeliveryRoute(SchoolDirectory schools, DnevnikDelivery delivery, SyncRunRepository runs,
                                ObjectMapper json, String queuePrefix, int maxDeliveryAttempts) {
        this.schools = schools;
        this.delivery = delivery;
        this.runs = runs;
        this.json = json;
        this.queuePrefix = queuePrefix;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
    }

    @Override
    protected void configureRoutes() {
        // a message that is not a batch will never become one: straight to the dead-letter queue, with the reason
        onException(com.fasterxml.jackson.core.JsonProcessingException.class)
                .handled(true)
                .logStackTrace(false)
                .log(org.apache.camel.LoggingLevel.ERROR, "Сообщение ${header.JMSMessageID} не является пакетом "
                        + "доставки и отправлено в DLQ: ${exception.message}")
                .setHeader("diaryBridgeReason", simple("${exception.message}"))
                .to("jms:queue:DLQ");

        routeTemplate("dnevnik-delivery")
                .templateParameter("schoolId")
                .from("jms:queue:" + queuePrefix + "{{schoolId}}?transacted=true&concurrentConsumers=1")
                .process(BaseRouteBuilder::putMdc)
                .process(this::deliver);

        for (SchoolSettings school : schools.schools()) {
            for (SchoolRoutes.Instance i : SchoolRoutes.instances(school, false)) {
                if (i.templateId().equals(SchoolRoutes.DELIVERY)) {
                    var t = templatedRoute(i.templateId()).routeId(i.routeId());
                    i.parameters().forEach((k, v) -> t.parameter(k, v.toString()));
                }
            }
        }
    }

    private void deliver(Exchange exchange) throws Exception {
        DeliveryBatch batch = json.readValue(exchange.getMessage().getBody(String.class), DeliveryBatch.class);
        SchoolSettings school = schools.require(batch.schoolId());
        int attempt = exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class);
        DnevnikDelivery.Result result;
        try {
            result = delivery.deliver(school, batch);
        } catch (RuntimeException e) {
            if (attempt < maxDeliveryAttempts) {
                LOG.warn("Класс {}: доставка в Дневник.ру не удалась (попытка {} из {}), повтор позже: {}",
                        batch.journal().schoolClass().name(), attempt, maxDeliveryAttempts, e.getMessage());
                throw e;
            }
            LOG.error("Класс {}: доставка в Дневник.ру не удалась после {} попыток, сообщение уходит в DLQ: {}",
                    batch.journal().schoolClass().name(), attempt, e.getMessage());
            result = delivery.giveUp(school, batch, e.getMessage());
            complete(batch, result);
            throw e;
        }
        LOG.info("Класс {}: доставлено в Дневник.ру {} (удалено {}, выбыло {}), отклонено {}",
                batch.journal().schoolClass().name(), result.delivered(), result.deleted(), result.withdrawn(),
                result.rejected());
        complete(batch, result);
    }

    private void complete(DeliveryBatch batch, DnevnikDelivery.Result result) {
        if (runs.batchDone(batch.runId(), result.delivered(), result.rejected(), 0, result.deleted(),
                result.withdrawn())) {
            runs.find(batch.runId()).ifPresent(run -> LOG.info("Синхронизация завершена. {}", run.summary()));
        }
    }
}
