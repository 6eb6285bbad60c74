package org.virtlab.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Stride scheduling between users, with slices charged explicitly (deterministic). */
class FairQueueTest {
    /** Runs {@code picks} slices of 1 ms each, every task runnable again at once; counts slices per user. */
    static Map<String, Integer> run(FairQueue<String> q, int picks) {
        Map<String, Integer> slices = new HashMap<>();
        for (int i = 0; i < picks; i++) {
            String task = q.poll();
            String user = task.substring(0, task.indexOf('/'));
            slices.merge(user, 1, Integer::sum);
            q.charge(user, 1_000_000);
            q.add(user, task);
        }
        return slices;
    }

    @Test
    void aUserWithShareTwoGetsTwiceTheSlices() {
        FairQueue<String> q = new FairQueue<>();
        q.setWeight("bob", 2);
        q.add("alice", "alice/lab");
        q.add("bob", "bob/lab");
        Map<String, Integer> slices = run(q, 300);
        assertEquals(100, slices.get("alice"), slices.toString());
        assertEquals(200, slices.get("bob"), slices.toString());
    }

    @Test
    void tenLabsGetTheShareOfOneAndTakeTurns() {
        FairQueue<String> q = new FairQueue<>();
        for (int i = 0; i < 10; i++) q.add("alice", "alice/lab" + i);
        q.add("bob", "bob/lab");
        Map<String, Integer> slices = run(q, 200);
        assertEquals(100, slices.get("alice"), slices.toString());
        assertEquals(100, slices.get("bob"), slices.toString());
        // alice's labs in turn: the first ten of her slices went to ten different labs
        FairQueue<String> turns = new FairQueue<>();
        for (int i = 0; i < 3; i++) turns.add("alice", "alice/lab" + i);
        assertEquals("alice/lab0", turns.poll());
        assertEquals("alice/lab1", turns.poll());
        assertEquals("alice/lab2", turns.poll());
        assertNull(turns.poll());
    }

    @Test
    void anIdleUserBanksNothingButIsServedNext() {
        FairQueue<String> q = new FairQueue<>();
        q.add("alice", "alice/lab");
        q.add("bob", "bob/lab");
        run(q, 100);                                       // both busy
        for (String t; !(t = q.poll()).equals("bob/lab"); ) {   // bob's lab parks (waits for input): not queued again
            q.charge("alice", 1_000_000);
            q.add("alice", t);
        }
        q.charge("bob", 1_000_000);
        run(q, 1000);                                      // alice alone for a long time
        q.add("bob", "bob/lab");                           // bob types a key
        assertEquals("bob/lab", q.poll(), "the returning user goes first: no echo stuck behind the busy lab");
        q.charge("bob", 1_000_000);
        q.add("bob", "bob/lab");
        // ... but he did not bank the time he was idle: from now on the two alternate
        Map<String, Integer> slices = run(q, 100);
        assertTrue(Math.abs(slices.get("alice") - slices.get("bob")) <= 1, slices.toString());
    }

    @Test
    void shortSlicesAreChargedLess() {
        FairQueue<String> q = new FairQueue<>();
        q.add("reader", "reader/lab");     // wakes for a timer tick: 0.1 ms slices
        q.add("busy", "busy/lab");         // 1 ms slices
        Map<String, Integer> slices = new HashMap<>();
        for (int i = 0; i < 1100; i++) {
            String t = q.poll();
            String user = t.substring(0, t.indexOf('/'));
            slices.merge(user, 1, Integer::sum);
            q.charge(user, user.equals("busy") ? 1_000_000 : 100_000);
            q.add(user, t);
        }
        assertEquals(1000, slices.get("reader"), "equal time, so ten short slices per long one: " + slices);
    }

    @Test
    void inputTakesTheNextTurn() {
        FairQueue<String> q = new FairQueue<>();
        for (String u : new String[] {"a", "b", "c", "d"}) q.add(u, u + "/lab");
        run(q, 40);                                          // four busy users
        String next = q.poll();
        q.charge(next.substring(0, 1), 1_000_000);
        q.add(next.substring(0, 1), next);
        String typedInto = next.equals("c/lab") ? "d/lab" : "c/lab";
        assertTrue(q.expedite(typedInto.substring(0, 1), typedInto));
        assertEquals(typedInto, q.poll(), "the lab that got a keystroke runs next, not a round later");
        q.charge(typedInto.substring(0, 1), 1_000_000);
        q.add(typedInto.substring(0, 1), typedInto);
        // a user's other lab: the one typed into goes to the head of the user's own queue too
        FairQueue<String> two = new FairQueue<>();
        two.add("a", "a/1");
        two.add("a", "a/2");
        assertTrue(two.expedite("a", "a/2"));
        assertEquals("a/2", two.poll());
        assertEquals(false, two.expedite("a", "a/9"), "not queued: nothing to expedite");
    }

    @Test
    void constantInputBuysNoMoreThanTheWarp() {
        FairQueue<String> q = new FairQueue<>();
        q.add("alice", "alice/lab");
        q.add("spammer", "spammer/lab");
        Map<String, Integer> slices = new HashMap<>();
        for (int i = 0; i < 2000; i++) {
            q.expedite("spammer", "spammer/lab");            // input before every single turn
            String t = q.poll();
            String user = t.substring(0, t.indexOf('/'));
            slices.merge(user, 1, Integer::sum);
            q.charge(user, 1_000_000);
            q.add(user, t);
        }
        int bound = (int) (FairQueue.WARP / 16 / 1_000_000) + 1;    // the warp in 1 ms slices
        assertTrue(slices.get("spammer") - slices.get("alice") <= bound,
                "the spammer got its share plus at most the warp: " + slices + ", bound " + bound);
        assertTrue(slices.get("alice") >= 990 - bound, slices.toString());
    }

    @Test
    void sizeAndBadWeight() {
        FairQueue<String> q = new FairQueue<>();
        assertTrue(q.isEmpty());
        q.add("a", "a/1");
        q.add("a", "a/2");
        assertEquals(2, q.size());
        assertThrows(IllegalArgumentException.class, () -> q.setWeight("a", 0));
        assertEquals(1, q.weight("nobody"));
    }
}
