package org.virtlab.server.runner;

/**
 * Something the {@link RunnerPool} runs in slices: a lab's machine. A task owns no thread; the
 * pool calls {@link #slice} on one of its runner threads, never on two at once.
 */
public interface Task {
    /** Whose task this is: the pool shares its threads fairly between these keys (users). */
    String fairnessKey();

    /** Runs one short slice (a few milliseconds) and says what to do next. */
    Next slice();

    /** What a task wants after a slice. */
    sealed interface Next permits Again, SleepUntil, Park, Done { }

    /** Runnable: queue it again (behind everyone else's turn). */
    record Again() implements Next { }

    /** Nothing to do before {@code nanoTime} (a timer deadline, or pacing): costs no CPU until then, or until woken. */
    record SleepUntil(long nanoTime) implements Next { }

    /** Nothing to do until {@link RunnerPool#wake} (input, a command): costs no CPU. */
    record Park() implements Next { }

    /** Finished: the pool forgets the task. */
    record Done() implements Next { }

    Next AGAIN = new Again();
    Next PARK = new Park();
    Next DONE = new Done();
}
