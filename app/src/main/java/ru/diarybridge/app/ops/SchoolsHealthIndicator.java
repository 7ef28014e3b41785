package ru.diarybridge.app.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import ru.diarybridge.routes.school.SchoolRegistry;
import ru.diarybridge.routes.school.SchoolSettings;

/**
 * Health component {@code schools}: per school, whether its source and its Dnevnik.ru target answer (or, for АСИОУ,
 * whether its inbox folder is writable), and whether its file is misconfigured. One school's server being down is
 * that school's problem, not the application's: the component stays UP and shows the school as DOWN in its details,
 * unless {@code diary-bridge.health.school-down-is-down} is true. Results are kept for {@code ttl}, and the servers
 * are only asked whether they answer, never logged in to.
 */
public class SchoolsHealthIndicator extends AbstractHealthIndicator implements AutoCloseable {

    private record Cached(Map<String, Object> detail, boolean up, Instant at) {
    }

    private final SchoolRegistry schools;
    private final ConnectionCheck check;
    private final Duration ttl;
    private final boolean schoolDownIsDown;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "health-schools");
        t.setDaemon(true);
        return t;
    });

    public SchoolsHealthIndicator(SchoolRegistry schools, ConnectionCheck check, Duration ttl,
                                  boolean schoolDownIsDown) {
        super("Проверка школ не удалась");
        this.schools = schools;
        this.check = check;
        this.ttl = ttl;
        this.schoolDownIsDown = schoolDownIsDown;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<String> ids = new ArrayList<>();
        schools.schools().forEach(s -> ids.add(s.schoolId()));
        schools.misconfigured().forEach(m -> {
            if (!ids.contains(m.schoolId())) {
                ids.add(m.schoolId());
            }
        });
        Instant now = Instant.now();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (String id : ids) {
            Cached c = cache.get(id);
            if (c == null || c.at().plus(ttl).isBefore(now)) {
                pending.add(CompletableFuture.runAsync(() -> cache.put(id, probe(id)), pool));
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        cache.keySet().retainAll(ids);
        Map<String, Object> details = new LinkedHashMap<>();
        int down = 0;
        for (String id : ids.stream().sorted().toList()) {
            Cached c = cache.get(id);
            if (c == null) {
                continue;
            }
            details.put(id, c.detail());
            down += c.up() ? 0 : 1;
        }
        builder.status(down > 0 && schoolDownIsDown ? Status.DOWN : Status.UP)
                .withDetail("schoolsDown", down)
                .withDetail("schools", details);
    }

    private Cached probe(String id) {
        Map<String, Object> detail = new LinkedHashMap<>();
        boolean up = check.reachability(id).map(r -> {
            schools.school(id).map(SchoolSettings::sourceSystem).ifPresent(s -> detail.put("system", s.code()));
            for (ConnectionCheck.Endpoint e : r.endpoints()) {
                detail.put(e.name(), Map.of("status", e.ok() ? "UP" : "DOWN", "target", e.target(),
                        "message", e.message()));
            }
            return r.ok();
        }).orElse(false);
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("status", up ? "UP" : "DOWN");
        ordered.putAll(detail);
        return new Cached(ordered, up, Instant.now());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
