package org.virtlab.server.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pool's bookkeeping around a task that ends and is started again at once. */
class RunnerPoolTest {
    /**
     * A lab that stops (its slice returns Done) and is started again before the pool has seen
     * the Done — a suspend followed by an immediate resume — must run again, not be forgotten.
     */
    @Test
    void aTaskSubmittedAgainWhileItsLastSliceEndsRunsAgain() throws Exception {
        CountDownLatch inFirstSlice = new CountDownLatch(1);
        CountDownLatch resubmitted = new CountDownLatch(1);
        CountDownLatch secondRun = new CountDownLatch(1);
        try (RunnerPool pool = new RunnerPool(1)) {
            Task task = new Task() {
                int slices;

                @Override
                public String fairnessKey() {
                    return "u";
                }

                @Override
                public Next slice() {
                    if (++slices == 1) {
                        inFirstSlice.countDown();
                        try {
                            resubmitted.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return DONE;                      // "stopped"; meanwhile someone started it again
                    }
                    secondRun.countDown();
                    return DONE;
                }
            };
            pool.submit(task);
            assertTrue(inFirstSlice.await(5, TimeUnit.SECONDS));
            pool.submit(task);
            resubmitted.countDown();
            assertTrue(secondRun.await(5, TimeUnit.SECONDS), "the second start ran");
            long deadline = System.currentTimeMillis() + 5000;
            while (pool.taskCount() != 0 && System.currentTimeMillis() < deadline) Thread.sleep(5);
            assertEquals(0, pool.taskCount(), "and then the pool forgot the task");
        }
    }
}
