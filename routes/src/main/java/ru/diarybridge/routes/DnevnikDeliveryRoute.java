package ru.diarybridge.routes;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ru.diarybridge.connector.dnevnik.DnevnikException;
import ru.diarybridge.routes.dnevnik.DeadLetters;
import ru.diarybridge.routes.dnevnik.DnevnikDelivery;
import ru.diarybridge.routes.dnevnik.TargetRateLimiter;
import ru.diarybridge.routes.school.SchoolDirectory;
import ru.diarybridge.routes.school.SchoolSettings;
import ru.diarybridge.routes.sync.DeliveryBatch;
import ru.diarybridge.routes.sync.SourceSync;
import ru.diarybridge.routes.sync.SyncRunRepository;

/**
 * Flow «journal → diary», delivering side. Per school the template {@code dnevnik-delivery} runs twice: on the
 * school's live queue (today's changes; route {@code dnevnik-delivery-<school>}) and on its backfill queue (history
 * of a full re-sync; route {@code dnevnik-backfill-<school>}). Each consumes in a JMS transaction; both share the
 * target's rate limit, in which live calls go first ({@link TargetRateLimiter}), so a re-sync of one school does
 * not delay the families of the others.
 *
 * <p>A transient failure (5xx, timeout, 429 after its Retry-After) is retried in place with exponential backoff and
 * jitter; when those retries are spent the message is rolled back and the broker redelivers it later with its own
 * growing delay. On the last attempt the batch's undelivered records are counted as rejected and the broker moves
 * the message to the dead-letter queue. A record the target refuses as invalid goes to the dead-letter queue alone,
 * with its error code and reason, and the rest of the batch goes on.
 */
public class DnevnikDeliveryRoute extends BaseRouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(DnevnikDeliveryRoute.class);
    private static final String DEAD_LETTERS = "diaryBridgeDeadLetters";
    private static final String BACKFILL = "diaryBridgeBackfill";

    private final SchoolDirectory schools;
    private final DnevnikDelivery delivery;
    private final SyncRunRepository runs;
    private final ObjectMapper json;
    private final String queuePrefix;
    private final int maxDeliveryAttempts;
    private final Retry retry;
    private final int consumers;
    static final long RECEIVE_TIMEOUT_MS = 5000;
    private Semaphore backfillSlots = new Semaphore(Integer.MAX_VALUE);
    /**
     * One delivery of a class's batches at a time in this instance, per queue. The broker's message group already
     * hands a class's batches to one consumer at a time; but when the broker restarts (or fails over) while a batch
     * is being delivered, it gives the batch to another consumer at once, and the first goes on with its copy.
     * Two deliveries of one batch side by side would both find a mark missing and both create it.
     */
    private final ConcurrentHashMap<String, ReentrantLock> classLocks = new ConcurrentHashMap<>();

    /**
     * In-place retries of transient failures before the message goes back to the broker.
     *
     * @param attempts retries in place (0 for none)
     * @param delay    first delay; each next one is {@code multiplier} times longer, ±15 % jitter
     */
    public record Retry(int attempts, Duration delay, double multiplier) {
        public static final Retry NONE = new Retry(0, Duration.ofMillis(100), 2);
    }

    public DnevnikDeliveryRoute(SchoolDirectory schools, DnevnikDelivery delivery, SyncRunRepository runs,
                                ObjectMapper json, String queuePrefix, int maxDeliveryAttempts, Retry retry) {
        this(schools, delivery, runs, json, queuePrefix, maxDeliveryAttempts, retry, 1);
    }

    /** @param consumers most consumers per queue; the broker's message groups keep each class's batches in order */
    public DnevnikDeliveryRoute(SchoolDirectory schools, DnevnikDelivery delivery, SyncRunRepository runs,
                                ObjectMapper json, String queuePrefix, int maxDeliveryAttempts, Retry retry,
                                int consumers) {
        this.consumers = Math.max(1, consumers);
        this.schools = schools;
        this.delivery = delivery;
        this.runs = runs;
        this.json = json;
        this.queuePrefix = queuePrefix;
        this.maxDeliveryAttempts = maxDeliveryAttempts;
        this.retry = retry;
    }

    /**
     * Most history batches in delivery at once, all schools together. A backfill consumer waits for a slot before it
     * reads its message's body, so a re-sync of hundreds of schools holds a few batches in the heap, not one per
     * school queue (each waits for the target's rate limit with its class journal in memory otherwise).
     */
    public DnevnikDeliveryRoute backfillBatchesInFlight(int slots) {
        this.backfillSlots = new Semaphore(Math.max(1, slots), true);
        return this;
    }

    @Override
    protected void configureRoutes() {
        // The error policy is route-scoped, inside the template: a templated route does not inherit the
        // onException clauses of its route builder (only its error handler), so declared on the builder the
        // in-place retries never ran and every 5xx went back to the broker at once.
        routeTemplate("dnevnik-delivery")
                .templateParameter("schoolId")
                .templateParameter("queue")
                .templateParameter("backfill")
                .templateParameter("consumers", Integer.toString(consumers))
                // a local transacted session per consumer (no transaction manager): the listener container keeps its
                // consumer between messages instead of creating one per message, and the dead-letter sends join the
                // session; one consumer when idle, more while the queue is busy, classes in order by JMS group
                // receiveTimeout: an idle consumer without prefetch asks the broker for a message on every poll; at
                // the default 1 s the live and backfill consumers of 600 schools kept a core busy doing nothing. A
                // message still arrives at once: the waiting receive has asked for it.
                .from("jms:queue:{{queue}}?transacted=true&lazyCreateTransactionManager=false"
                        + "&concurrentConsumers=1&maxConcurrentConsumers={{consumers}}"
                        + "&receiveTimeout=" + RECEIVE_TIMEOUT_MS)
                // a message that is not a batch will never become one: straight to the dead-letter queue, with the reason
                .onException(com.fasterxml.jackson.core.JsonProcessingException.class)
                    .handled(true)
                    .logStackTrace(false)
                    .log(LoggingLevel.ERROR, "Сообщение ${header.JMSMessageID} не является пакетом "
                            + "доставки и отправлено в DLQ: ${exception.message}")
                    .setHeader(DeadLetters.REASON, simple("${exception.message}"))
                    .setHeader(DeadLetters.ERROR_CODE, constant("NOT_A_BATCH"))
                    .to("jms:queue:" + DeadLetters.DLQ)
                .end()
                .onException(DnevnikException.class)
                    .onWhen(exchange -> {
                        DnevnikException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, DnevnikException.class);
                        return e != null && e.kind() != DnevnikException.Kind.PERMANENT;
                    })
                    .maximumRedeliveries(retry.attempts())
                    .redeliveryDelay(retry.delay().toMillis())
                    .useExponentialBackOff()
                    .backOffMultiplier(retry.multiplier())
                    .useCollisionAvoidance()
                    .maximumRedeliveryDelay(retry.delay().toMillis() * 32)
                    .retryAttemptedLogLevel(LoggingLevel.WARN)
                    .logStackTrace(false)
                    .logExhausted(false)
                    .handled(false)
                .end()
                .setProperty(BACKFILL, constant("{{backfill}}"))
                .process(BaseRouteBuilder::putMdc)
                .process(exchange -> deliver(exchange, "true".equals(exchange.getProperty(BACKFILL, String.class))))
                .filter(exchangeProperty(DEAD_LETTERS).isNotNull())
                    .to("direct:dnevnik-dead-letters")
                .end();

        from("direct:dnevnik-dead-letters").routeId("dnevnik-dead-letters")
                .setBody(exchangeProperty(DEAD_LETTERS))
                .split(body())
                    .process(this::deadLetter)
                    .to("jms:queue:" + DeadLetters.DLQ)
                .end();

        for (SchoolSettings school : schools.schools()) {
            for (SchoolRoutes.Instance i : SchoolRoutes.instances(school, false, queuePrefix)) {
                if (i.templateId().equals(SchoolRoutes.DELIVERY)) {
                    var t = templatedRoute(i.templateId()).routeId(i.routeId());
                    i.parameters().forEach((k, v) -> t.parameter(k, v.toString()));
                }
            }
        }
    }

    private void deliver(Exchange exchange, boolean backfill) throws Exception {
        if (!backfill) {
            deliverBatch(exchange, false);
            return;
        }
        backfillSlots.acquire();
        try {
            deliverBatch(exchange, true);
        } finally {
            backfillSlots.release();
        }
    }

    private void deliverBatch(Exchange exchange, boolean backfill) throws Exception {
        DeliveryBatch batch = json.readValue(exchange.getMessage().getBody(String.class), DeliveryBatch.class);
        SchoolSettings school = schools.require(batch.schoolId());
        int attempt = exchange.getMessage().getHeader("JMSXDeliveryCount", 1, Integer.class);
        DnevnikDelivery.Result result;
        ReentrantLock classLock = classLocks.computeIfAbsent((backfill ? "backfill/" : "live/")
                + SourceSync.messageGroup(batch.schoolId(), batch.journal().schoolClass().key().asString()),
                k -> new ReentrantLock());
        classLock.lockInterruptibly();
        if (backfill) {
            TargetRateLimiter.backfill();
        }
        try {
            result = delivery.deliver(school, batch);
        } catch (RuntimeException e) {
            int inPlace = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
            boolean retriedHere = e instanceof DnevnikException de && de.kind() != DnevnikException.Kind.PERMANENT
                    && inPlace < retry.attempts();
            if (retriedHere || attempt < maxDeliveryAttempts) {
                LOG.warn("Класс {}: доставка в Дневник.ру не удалась (попытка {} из {}), повтор позже: {}",
                        batch.journal().schoolClass().name(), attempt, maxDeliveryAttempts, e.getMessage());
                throw e;
            }
            LOG.error("Класс {}: доставка в Дневник.ру не удалась после {} попыток, сообщение уходит в DLQ: {}",
                    batch.journal().schoolClass().name(), attempt, e.getMessage());
            result = delivery.giveUp(school, batch, e.getMessage());
            complete(batch, result);
            throw e;
        } finally {
            classLock.unlock();
            TargetRateLimiter.live();
        }
        LOG.info("Класс {}: доставлено в Дневник.ру {} (удалено {}, выбыло {}), отклонено {}{}",
                batch.journal().schoolClass().name(), result.delivered(), result.deleted(), result.withdrawn(),
                result.rejected(), backfill ? " (история)" : "");
        if (!result.deadLetters().isEmpty()) {
            exchange.setProperty(DEAD_LETTERS, result.deadLetters().stream()
                    .map(d -> new DeadLetters.Letter(batch.runId(), batch.schoolId(), d)).toList());
        }
        complete(batch, result);
    }

    private void deadLetter(Exchange exchange) throws Exception {
        DeadLetters.Letter letter = exchange.getMessage().getBody(DeadLetters.Letter.class);
        exchange.getMessage().setHeaders(Map.of(
                SyncHeaders.SCHOOL_ID, letter.schoolId(),
                DeadLetters.ERROR_CODE, letter.record().errorCode(),
                DeadLetters.REASON, letter.record().reason(),
                DeadLetters.KIND, DeadLetters.KIND_RECORD));
        exchange.getMessage().setBody(json.writeValueAsString(letter));
        LOG.warn("Запись {} ({}) отказана Дневник.ру ({}), отправлена в DLQ", letter.record().sourceKey(),
                letter.record().entityType(), letter.record().errorCode());
    }

    private void complete(DeliveryBatch batch, DnevnikDelivery.Result result) {
        if (runs.batchDone(batch.runId(), result.delivered(), result.rejected(), 0, result.deleted(),
                result.withdrawn())) {
            runs.find(batch.runId()).ifPresent(run -> LOG.info("Синхронизация завершена. {}", run.summary()));
        }
    }

    static List<String> queues(String prefix, String schoolId) {
        return List.of(SourceSync.liveQueue(prefix, schoolId), SourceSync.backfillQueue(prefix, schoolId));
    }
}
