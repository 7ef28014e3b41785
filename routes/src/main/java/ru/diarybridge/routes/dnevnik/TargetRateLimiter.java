package ru.diarybridge.routes.dnevnik;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import ru.diarybridge.connector.dnevnik.RequestGate;

/**
 * The rate limit of one target, shared by every school's consumers. Families first: a thread delivering live
 * changes may book the next free slot however far ahead it lies; a backfill thread only takes a slot that is due
 * now, so a full re-sync uses what live traffic leaves and never queues ahead of it.
 * The lock is fair, so threads of different schools take slots in arrival order: the limit is shared evenly.
 */
public final class TargetRateLimiter implements RequestGate {

    private static final ThreadLocal<Boolean> BACKFILL = ThreadLocal.withInitial(() -> false);

    private final long intervalNanos;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    private long nextSlot = System.nanoTime(); // guarded by lock

    /** @param callsPerSecond the target's limit; 0 or less for none */
    public TargetRateLimiter(double callsPerSecond) {
        this.intervalNanos = callsPerSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / callsPerSecond);
    }

    /** Marks the calling thread as delivering backfill (history) until {@link #live()} is called. */
    public static void backfill() {
        BACKFILL.set(true);
    }

    public static void live() {
        BACKFILL.set(false);
    }

    @Override
    public void beforeRequest() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        boolean backfill = BACKFILL.get();
        long wait;
        lock.lockInterruptibly();
        try {
            if (backfill) {
                while (nextSlot - System.nanoTime() > 0) {
                    long due = Math.max(nextSlot - System.nanoTime(), intervalNanos);
                    changed.awaitNanos(due);
                }
            }
            long now = System.nanoTime();
            long slot = Math.max(now, nextSlot);
            nextSlot = slot + intervalNanos;
            wait = slot - now;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
