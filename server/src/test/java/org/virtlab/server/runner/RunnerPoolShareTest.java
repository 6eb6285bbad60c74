package org.virtlab.server.runner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The pool's thread shared by CPU share between two busy users (real threads, real time). The
 * pool charges each slice the runner thread's CPU time, so the share shows in the CPU time each
 * user's task used, not in the count of slices (on a busy host a slice preempted for a while
 * takes longer in wall time, but not in CPU time).
 */
class RunnerPoolShareTest {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A task that is always runnable and burns 200 microseconds of CPU per slice. */
    static final class Busy implements Task {
        final String user;
        final AtomicLong ranNanos = new AtomicLong();
        volatile boolean done;

        Busy(String user) {
            this.user = user;
        }

        @Override
        public String fairnessKey() {
            return user;
        }

        @Override
        public Next slice() {
            long start = THREADS.getCurrentThreadCpuTime();
            while (THREADS.getCurrentThreadCpuTime() < start + 200_000) Thread.onSpinWait();
            ranNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - start);
            return done ? DONE : AGAIN;
        }
    }

    @Test
    void shareTwoGetsAboutTwiceTheTime() throws InterruptedException {
        try (RunnerPool pool = new RunnerPool(1)) {
            pool.setWeight("bob", 2);
            Busy alice = new Busy("alice");
            Busy bob = new Busy("bob");
            pool.submit(alice);
            pool.submit(bob);
            Thread.sleep(1000);
            alice.done = true;
            bob.done = true;
            double ratio = bob.ranNanos.get() / (double) Math.max(1, alice.ranNanos.get());
            assertTrue(ratio > 1.6 && ratio < 2.5, "bob (share 2) / alice (share 1) CPU time = " + ratio
                    + " (" + bob.ranNanos.get() / 1000 + " / " + alice.ranNanos.get() / 1000 + " us)");
        }
    }
}
