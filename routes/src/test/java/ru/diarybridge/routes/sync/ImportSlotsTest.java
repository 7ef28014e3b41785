package ru.diarybridge.routes.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Families first at the import stage: while the import slots are taken, a day's small export overtakes the big
 * re-sync files that queued before it; a file that has waited its limit goes first whatever its size.
 */
class ImportSlotsTest {

    @Test
    void theSmallestWaitingFileTakesTheFreedSlot() throws Exception {
        ImportSlots slots = new ImportSlots(1, Duration.ofMinutes(10));
        slots.acquire(1);
        List<String> order = new CopyOnWriteArrayList<>();
        // arrival order: two term re-syncs, then a day's changes, then another re-sync
        List<Thread> threads = List.of(waiter(slots, "resync-a", 40_000_000, order),
                waiter(slots, "resync-b", 30_000_000, order), waiter(slots, "today", 12_000, order),
                waiter(slots, "resync-c", 35_000_000, order));
        for (Thread t : threads) {
            t.start();
            awaitWaiting(slots, threads.indexOf(t) + 1);
        }
        slots.release();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(order).containsExactly("today", "resync-b", "resync-c", "resync-a");
    }

    @Test
    void aFileThatWaitedItsLimitGoesBeforeSmallerOnes() throws Exception {
        ImportSlots slots = new ImportSlots(1, Duration.ZERO);
        slots.acquire(1);
        List<String> order = new CopyOnWriteArrayList<>();
        List<Thread> threads = List.of(waiter(slots, "resync", 40_000_000, order),
                waiter(slots, "today", 12_000, order));
        for (Thread t : threads) {
            t.start();
            awaitWaiting(slots, threads.indexOf(t) + 1);
        }
        slots.release();
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }
        assertThat(order).containsExactly("resync", "today");
    }

    @Test
    void slotsAreSharedUpToTheirNumber() throws Exception {
        ImportSlots slots = new ImportSlots(2, Duration.ofMinutes(10));
        slots.acquire(10);
        slots.acquire(20);
        List<String> order = new CopyOnWriteArrayList<>();
        Thread third = waiter(slots, "third", 5, order);
        third.start();
        awaitWaiting(slots, 1);
        assertThat(order).isEmpty();
        slots.release();
        third.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(order).containsExactly("third");
    }

    private static Thread waiter(ImportSlots slots, String name, long size, List<String> order) {
        return new Thread(() -> {
            try {
                slots.acquire(size);
                order.add(name);
                slots.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    private static void awaitWaiting(ImportSlots slots, int n) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> slots.waiting() == n);
    }
}
