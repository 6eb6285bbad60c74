package org.virtlab.server.runner;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed pool of runner threads (shared/DESIGN.md section 7) that runs {@link Task}s in slices.
 *
 * <p>Fairness: runnable tasks wait in one queue per {@link Task#fairnessKey() user}; the users
 * take turns round-robin, and a user's tasks take turns within the user's queue. A user with
 * ten labs gets the same share as a user with one.
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
    private final Map<String, ArrayDeque<Entry>> queues = new HashMap<>();
    private final ArrayDeque<String> turns = new ArrayDeque<>();
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

    /** Makes a parked or sleeping task runnable now; thread-safe; unknown tasks are ignored. */
    public synchronized void wake(Task task) {
        Entry e = entries.get(task);
        if (e == null) return;
        switch (e.state) {
            case RUNNING -> e.wakeWhileRunning = true;
            case SLEEPING, PARKED -> {
                e.sleepGeneration++;
                enqueue(e);
            }
            case QUEUED -> { }
        }
    }

    /** Tasks known to the pool (running, runnable or waiting). */
    public synchronized int taskCount() {
        return entries.size();
    }

    /** Tasks waiting for a runner thread right now. */
    public synchronized int queuedCount() {
        int n = 0;
        for (ArrayDeque<Entry> q : queues.values()) n += q.size();
        return n;
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
        ArrayDeque<Entry> q = queues.computeIfAbsent(e.task.fairnessKey(), k -> new ArrayDeque<>());
        if (q.isEmpty()) turns.addLast(e.task.fairnessKey());
        q.addLast(e);
        notify();
    }

    private synchronized Entry take() throws InterruptedException {
        while (!closed && turns.isEmpty()) wait();
        if (closed) return null;
        String user = turns.pollFirst();
        ArrayDeque<Entry> q = queues.get(user);
        Entry e = q.pollFirst();
        if (q.isEmpty()) queues.remove(user);
        else turns.addLast(user);
        e.state = State.RUNNING;
        e.wakeWhileRunning = false;
        e.submittedWhileRunning = false;
        return e;
    }

    private synchronized void after(Entry e, Task.Next next) {
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
            Task.Next next;
            try {
                next = e.task.slice();
            } catch (RuntimeException | Error ex) {
                // A task that throws is finished; the task itself reports why (Lab records the failure).
                next = Task.DONE;
            }
            busyNanos.addAndGet(System.nanoTime() - start);
            slices.incrementAndGet();
            after(e, next);
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
