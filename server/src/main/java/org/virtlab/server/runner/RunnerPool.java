package org.virtlab.server.runner;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed pool of runner threads (shared/DESIGN.md section 7) that runs {@link Task}s in slices.
 *
 * <p>Fairness: runnable tasks wait in one queue per {@link Task#fairnessKey() user}, and the
 * users share the threads in proportion to their weights ({@link #setWeight}, the CPU share of
 * docs/server.md; 1 by default): {@link FairQueue}. A user's tasks take turns within the user's
 * queue, so a user with ten labs gets the same share as a user with one. A slice is charged the
 * CPU time the runner thread spent in it, not its wall time: a slice that the host preempted or
 * that a GC pause stretched costs its user nothing extra (charged by wall time, one stretched
 * 100 ms slice made that user's next turn wait until every other busy user had caught up by
 * 100 ms: a one-second echo in the load benchmark, docs/performance.md).
 *
 * <p>Idle costs nothing: a task that parks is in no queue until {@link #wake}; a task that
 * sleeps is handed back by one shared timer thread when its time comes (or earlier, by
 * {@link #wake}). A wake that arrives while the task is running is remembered, so it is never
 * lost.
 *
 * <p>Lock discipline: every field below is guarded by {@code this}.
 */
public final class RunnerPool implements AutoCloseable {
    private enum State { QUEUED, RUNNING, SLEEPING, PARKED }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** Slices are charged the runner thread's CPU time where the JVM measures it (HotSpot on Linux does), else wall time. */
    private static final boolean CPU_TIME = THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();

    private static final class Entry {
        final Task task;
        State state;
        boolean wakeWhileRunning;
        boolean submittedWhileRunning;     // the task finished a run and was started again before the pool saw it end
        long sleepGeneration;

        Entry(Task task) {
            this.task = task;
        }
    }

    private final Map<Task, Entry> entries = new IdentityHashMap<>();
    private final FairQueue<Entry> runnable = new FairQueue<>();
    private final Thread[] threads;
    private final ScheduledExecutorService timer;
    private boolean closed;
    private final AtomicLong busyNanos = new AtomicLong();
    private final AtomicLong slices = new AtomicLong();

    public RunnerPool(int threadCount) {
        if (threadCount < 1) throw new IllegalArgumentException("runner threads: " + threadCount + ", need at least 1");
        threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++) {
            threads[i] = new Thread(this::work, "virtlab-runner-" + i);
            threads[i].setDaemon(true);
            threads[i].start();
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "virtlab-runner-timer");
            t.setDaemon(true);
            return t;
        });
    }

    public int threadCount() {
        return threads.length;
    }

    /** Adds a task and makes it runnable. */
    public synchronized void submit(Task task) {
        if (closed) throw new IllegalStateException("the runner pool is shut down");
        Entry known = entries.get(task);
        if (known != null) {
            if (known.state == State.RUNNING) known.submittedWhileRunning = true;
            wake(task);
            return;
        }
        Entry e = new Entry(task);
        entries.put(task, e);
        enqueue(e);
    }

    /**
     * Makes a parked or sleeping task runnable now, and gives it the next turn within its user's
     * bound ({@link FairQueue#expedite}): a wake is input or a command, which a person waits for.
     * Thread-safe; unknown tasks are ignored.
     */
    public synchronized void wake(Task task) {
        Entry e = entries.get(task);
        if (e == null) return;
        switch (e.state) {
            case RUNNING -> e.wakeWhileRunning = true;
            case SLEEPING, PARKED -> {
                e.sleepGeneration++;
                enqueue(e);
                runnable.expedite(e.task.fairnessKey(), e);
            }
            case QUEUED -> runnable.expedite(e.task.fairnessKey(), e);
        }
    }

    /**
     * Sets a user's CPU share: when several users' tasks are runnable, each gets runner time in
     * proportion to its share (at least 1; 1 by default). Takes effect from the next slice.
     */
    public synchronized void setWeight(String fairnessKey, int share) {
        runnable.setWeight(fairnessKey, share);
    }

    public synchronized int weight(String fairnessKey) {
        return runnable.weight(fairnessKey);
    }

    /** Tasks known to the pool (running, runnable or waiting). */
    public synchronized int taskCount() {
        return entries.size();
    }

    /** Tasks waiting for a runner thread right now. */
    public synchronized int queuedCount() {
        return runnable.size();
    }

    /** Total time runner threads spent inside slices, in nanoseconds (runner utilisation). */
    public long busyNanos() {
        return busyNanos.get();
    }

    public long sliceCount() {
        return slices.get();
    }

    private void enqueue(Entry e) {
        e.state = State.QUEUED;
        runnable.add(e.task.fairnessKey(), e);
        notify();
    }

    private synchronized Entry take() throws InterruptedException {
        while (!closed && runnable.isEmpty()) wait();
        if (closed) return null;
        Entry e = runnable.poll();
        e.state = State.RUNNING;
        e.wakeWhileRunning = false;
        e.submittedWhileRunning = false;
        return e;
    }

    /** @param cost what the slice is charged: the runner thread's CPU time in it (nanoseconds) */
    private synchronized void after(Entry e, Task.Next next, long cost) {
        runnable.charge(e.task.fairnessKey(), cost);
        if (closed || next instanceof Task.Done && !e.submittedWhileRunning) {
            entries.remove(e.task);
            return;
        }
        if (next instanceof Task.Done) {
            enqueue(e);                     // stopped and started again (a lab resumed right after suspending)
            return;
        }
        if (next instanceof Task.Again || e.wakeWhileRunning) {
            enqueue(e);
            if (e.wakeWhileRunning) runnable.expedite(e.task.fairnessKey(), e);
        } else if (next instanceof Task.SleepUntil s) {
            e.state = State.SLEEPING;
            long generation = ++e.sleepGeneration;
            long delay = Math.max(0, s.nanoTime() - System.nanoTime());
            timer.schedule(() -> wakeFromTimer(e, generation), delay, TimeUnit.NANOSECONDS);
        } else {
            e.state = State.PARKED;
        }
    }

    private synchronized void wakeFromTimer(Entry e, long generation) {
        if (e.state == State.SLEEPING && e.sleepGeneration == generation && entries.get(e.task) == e) enqueue(e);
    }

    private void work() {
        while (true) {
            Entry e;
            try {
                e = take();
            } catch (InterruptedException ex) {
                return;
            }
            if (e == null) return;
            long start = System.nanoTime();
            long cpuStart = CPU_TIME ? THREADS.getCurrentThreadCpuTime() : 0;
            Task.Next next;
            try {
                next = e.task.slice();
            } catch (RuntimeException | Error ex) {
                // A task that throws is finished; the task itself reports why (Lab records the failure).
                next = Task.DONE;
            }
            long nanos = System.nanoTime() - start;
            busyNanos.addAndGet(nanos);
            slices.incrementAndGet();
            after(e, next, CPU_TIME ? THREADS.getCurrentThreadCpuTime() - cpuStart : nanos);
        }
    }

    /** Stops the threads after their current slice; tasks are dropped (stop labs first). */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        timer.shutdownNow();
        for (Thread t : threads) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
