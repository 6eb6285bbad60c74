package org.virtlab.server.runner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The runnable tasks of the {@link RunnerPool}, one FIFO queue per user, and the rule that picks
 * whose task runs next: weighted fair sharing of the runner threads between users, by stride
 * scheduling (Waldspurger and Weihl, "Stride Scheduling: Deterministic Proportional-Share Resource
 * Management", MIT/LCS/TM-528, 1995).
 *
 * <p>Every user has a <em>pass</em>: the runner time its slices have used, divided by the user's
 * weight (its CPU share). The next task comes from the runnable user with the smallest pass;
 * after the slice, {@link #charge} adds the slice's time over the weight. So when two users are
 * both busy, a user with weight 2 advances half as fast as one with weight 1 and gets about
 * twice the runner time. A user's labs take turns within the user's queue, so ten labs get the
 * same share as one.
 *
 * <p>Idle users bank nothing: a user whose queue was empty and becomes runnable again starts at
 * the pass of the last user picked ({@link #virtualTime}), the same point as everyone busy. So a
 * student who was reading rather than computing is served soon (a keystroke's echo is not stuck
 * behind every busy lab), but cannot burst ahead of the others for longer than a slice.
 *
 * <p>Input goes first, within bounds: {@link #expedite} lets a user whose lab just got a keystroke
 * take the next turn instead of waiting a whole round behind every busy user (the idea of
 * "borrowed virtual time", Duda and Cheriton, SOSP 1999). The slice is charged as usual, so it
 * only moves the user's turn earlier, and only while the user's pass is at most {@link #WARP}
 * ahead of the virtual time: a script that sends input all the time cannot get more than its
 * share plus that bound.
 *
 * <p>Not thread-safe: the pool calls it under its own lock.
 *
 * @param <E> what is queued (the pool's entries)
 */
final class FairQueue<E> {
    /** Pass units per nanosecond of runner time at weight 1 (keeps the integer division exact enough). */
    private static final long SCALE = 16;
    /** How far ahead of the virtual time an expedited user may be: 20 ms of runner time at weight 1. */
    static final long WARP = 20_000_000L * SCALE;

    private static final class Account<E> {
        final String key;
        final ArrayDeque<E> queue = new ArrayDeque<>();
        int weight = 1;
        long pass;
        boolean expedited;

        Account(String key) {
            this.key = key;
        }
    }

    private final Map<String, Account<E>> accounts = new HashMap<>();
    /** Users with queued tasks, in the order they became runnable or last took a turn (ties go to the first). */
    private final List<Account<E>> ready = new ArrayList<>();
    private long virtualTime;
    private int size;

    /** Sets a user's weight (its CPU share, at least 1); applies from the next charge. */
    void setWeight(String key, int weight) {
        if (weight < 1) throw new IllegalArgumentException("a CPU share is at least 1, not " + weight);
        account(key).weight = weight;
    }

    int weight(String key) {
        Account<E> a = accounts.get(key);
        return a == null ? 1 : a.weight;
    }

    /** Queues {@code e} behind the user's other runnable tasks. */
    void add(String key, E e) {
        Account<E> a = account(key);
        if (a.queue.isEmpty()) {
            a.pass = Math.max(a.pass, virtualTime);
            ready.add(a);
        }
        a.queue.addLast(e);
        size++;
    }

    /**
     * Gives {@code e}, queued for {@code key}, the next turn (then its user's other tasks as
     * before), unless the user is more than {@link #WARP} ahead. Returns whether it did.
     */
    boolean expedite(String key, E e) {
        Account<E> a = accounts.get(key);
        if (a == null || !a.queue.remove(e)) return false;
        a.queue.addFirst(e);
        if (a.pass - virtualTime > WARP) return false;
        a.expedited = true;
        return true;
    }

    /** The next task to run, or null when nothing is runnable. */
    E poll() {
        if (ready.isEmpty()) return null;
        int best = -1;
        for (int i = 0; i < ready.size() && best < 0; i++) if (ready.get(i).expedited) best = i;
        if (best < 0) {
            best = 0;
            for (int i = 1; i < ready.size(); i++) if (ready.get(i).pass < ready.get(best).pass) best = i;
            virtualTime = Math.max(virtualTime, ready.get(best).pass);
        }
        Account<E> a = ready.remove(best);
        a.expedited = false;
        E e = a.queue.pollFirst();
        size--;
        if (!a.queue.isEmpty()) ready.add(a);          // behind the users with the same pass
        return e;
    }

    /** Charges a user for a slice that took {@code nanos} of runner time. */
    void charge(String key, long nanos) {
        Account<E> a = account(key);
        a.pass += Math.max(0, nanos) * SCALE / a.weight;
    }

    /** Runnable tasks queued. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    private Account<E> account(String key) {
        return accounts.computeIfAbsent(key, Account::new);
    }
}
