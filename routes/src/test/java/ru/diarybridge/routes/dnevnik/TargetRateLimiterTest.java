package ru.diarybridge.routes.dnevnik;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Who gets the target's call slots, by order of grants (not by timing). */
class TargetRateLimiterTest {

    private static Thread worker(TargetRateLimiter limiter, boolean backfill, String name, List<String> grants,
                                 AtomicBoolean stop, int max) {
        Thread t = new Thread(() -> {
            if (backfill) {
                TargetRateLimiter.backfill();
            }
            try {
                for (int i = 0; i < max && !stop.get(); i++) {
                    limiter.beforeRequest();
                    grants.add(name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        t.start();
        return t;
    }

    @Test
    void liveCallsGoAheadOfABackfillThatWouldOtherwiseTakeMostSlots() throws Exception {
        TargetRateLimiter limiter = new TargetRateLimiter(20);
        List<String> grants = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> backfill = List.of(worker(limiter, true, "B1", grants, stop, Integer.MAX_VALUE),
                worker(limiter, true, "B2", grants, stop, Integer.MAX_VALUE),
                worker(limiter, true, "B3", grants, stop, Integer.MAX_VALUE));
        Thread live = worker(limiter, false, "L", grants, stop, 20);
        live.join();
        stop.set(true);
        for (Thread t : backfill) {
            t.join();
        }
        List<String> all;
        synchronized (grants) {
            all = new ArrayList<>(grants);
        }
        int firstLive = all.indexOf("L");
        int lastLive = all.lastIndexOf("L");
        long backfillMeanwhile = all.subList(firstLive, lastLive + 1).stream().filter(g -> !g.equals("L")).count();
        // shared evenly the three backfill threads would take three of every four slots (~57 of 76)
        assertThat(backfillMeanwhile).as(all.toString()).isLessThan(10);
    }

    @Test
    void schoolsShareTheSlotsEvenly() throws Exception {
        TargetRateLimiter limiter = new TargetRateLimiter(200);
        List<String> grants = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread a = worker(limiter, false, "A", grants, stop, Integer.MAX_VALUE);
        Thread b = worker(limiter, false, "B", grants, stop, Integer.MAX_VALUE);
        while (grants.size() < 200) {
            Thread.onSpinWait();
        }
        stop.set(true);
        a.join();
        b.join();
        long ofA = grants.stream().filter("A"::equals).count();
        assertThat(ofA * 100 / grants.size()).isBetween(35L, 65L);
    }
}
