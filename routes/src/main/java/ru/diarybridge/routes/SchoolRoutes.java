package ru.diarybridge.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * Which route templates a school instantiates, with which parameters. The route builders use it at start and the
 * configuration reload uses it to remove and re-add one school's routes while the others keep running.
 */
public final class SchoolRoutes {

    public static final String SCHEDULE = "source-sync-schedule";
    public static final String ASIOU_INBOX = "asiou-inbox";
    public static final String DELIVERY = "dnevnik-delivery";

    /** One route made from a template. */
    public record Instance(String templateId, String routeId, Map<String, Object> parameters) {
    }

    private SchoolRoutes() {
    }

    public static final String BACKFILL = "dnevnik-backfill";

    /**
     * @param scheduled   whether the Quartz schedules run (off in {@code --once})
     * @param queuePrefix prefix of the delivery queues ({@code diary-bridge.queue-prefix})
     */
    public static List<Instance> instances(SchoolSettings school, boolean scheduled, String queuePrefix) {
        List<Instance> out = new ArrayList<>();
        String id = school.schoolId();
        if (scheduled && school.polled() && school.cron() != null && !school.cron().isBlank()) {
            out.add(new Instance(SCHEDULE, SCHEDULE + "-" + id,
                    params("schoolId", id, "cron", school.cron().replace(' ', '+'))));
        }
        if (school.asiou() != null) {
            out.add(new Instance(ASIOU_INBOX, ASIOU_INBOX + "-" + id, params("schoolId", id,
                    "inbox", school.asiou().inbox().toAbsolutePath().toString(),
                    "archive", school.asiou().archive().toAbsolutePath().toString(),
                    "quarantine", school.asiou().quarantine().toAbsolutePath().toString())));
        }
        if (school.deliversToDnevnik()) {
            // live changes and backfill of the same school: two consumers of one template (DnevnikDeliveryRoute)
            out.add(new Instance(DELIVERY, DELIVERY + "-" + id, params("schoolId", id,
                    "queue", ru.diarybridge.routes.sync.SourceSync.liveQueue(queuePrefix, id), "backfill", "false")));
            // backfill: one consumer per school. It only gets the target's spare calls, and each consumer holds a
            // batch (its class journal) in memory while it waits for one: hundreds of schools re-syncing at once
            // would otherwise fill the heap with batches waiting for the rate limit
            out.add(new Instance(DELIVERY, BACKFILL + "-" + id, params("schoolId", id,
                    "queue", ru.diarybridge.routes.sync.SourceSync.backfillQueue(queuePrefix, id), "backfill", "true",
                    "consumers", "1")));
        }
        return out;
    }

    /** Every route id a school may own, whichever of them exist now. */
    public static List<String> routeIds(String schoolId) {
        return List.of(SCHEDULE + "-" + schoolId, ASIOU_INBOX + "-" + schoolId, DELIVERY + "-" + schoolId,
                BACKFILL + "-" + schoolId);
    }

    /** Adds the school's routes and, in a started context, starts them (a route added at runtime stays stopped). */
    public static void add(CamelContext camel, SchoolSettings school, boolean scheduled, String queuePrefix)
            throws Exception {
        for (Instance i : instances(school, scheduled, queuePrefix)) {
            TemplatedRouteBuilder b = TemplatedRouteBuilder.builder(camel, i.templateId()).routeId(i.routeId());
            i.parameters().forEach(b::parameter);
            b.add();
            if (camel.isStarted()) {
                camel.getRouteController().startRoute(i.routeId());
            }
        }
    }

    /** Stops and removes the school's routes; a batch being delivered finishes first (graceful stop). */
    public static void remove(CamelContext camel, String schoolId) throws Exception {
        for (String routeId : routeIds(schoolId)) {
            Route route = camel.getRoute(routeId);
            if (route != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
        }
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
