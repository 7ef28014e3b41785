package ru.diarybridge.routes.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The import slots shared by all schools' inboxes. A free slot goes to the smallest waiting file, not the first:
 * a day's changes (kilobytes) are not queued behind the full re-syncs (megabytes) of a hundred other schools
 * (families first). A file that has waited longer than {@code maxOvertake} goes before any smaller one, so big files
 * are delayed, never starved.
 */
public final class ImportSlots {

    private record Waiter(long size, long seq, long since) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Waiter> waiting = new ArrayList<>(); // guarded by lock
    private final long maxOvertakeNanos;
    private int free; // guarded by lock
    private long seq; // guarded by lock

    public ImportSlots(int slots, Duration maxOvertake) {
        this.free = Math.max(1, slots);
        this.maxOvertakeNanos = maxOvertake.toNanos();
    }

    /** Waits until this file of {@code size} bytes is the next to be imported and a slot is free. */
    public void acquire(long size) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            Waiter me = new Waiter(size, seq++, System.nanoTime());
            waiting.add(me);
            try {
                while (free == 0 || next() != me) {
                    // wake up when the oldest waiter ages past maxOvertake, the order may change then
                    changed.await(1, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                waiting.remove(me);
                changed.signalAll();
                throw e;
            }
            waiting.remove(me);
            free--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void release() {
        lock.lock();
        try {
            free++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Files waiting for a slot. */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    private Waiter next() {
        long now = System.nanoTime();
        Waiter oldest = null;
        Waiter smallest = null;
        for (Waiter w : waiting) {
            if (oldest == null || w.seq() < oldest.seq()) {
                oldest = w;
            }
            if (smallest == null || w.size() < smallest.size()
                    || w.size() == smallest.size() && w.seq() < smallest.seq()) {
                smallest = w;
            }
        }
        return oldest != null && now - oldest.since() >= maxOvertakeNanos ? oldest : smallest;
    }
}
