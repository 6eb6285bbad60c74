package org.virtlab.engine.machine;

/** Why {@link Machine#run} returned. */
public enum StopReason {
    /** The instruction budget was spent; call run again to continue. */
    BUDGET,
    /** Every hart waits for an interrupt (WFI); {@link RunResult#nextDeadline()} says when a timer fires. */
    WAITING,
    /** The guest powered the machine off (test finisher, HTIF, SBI shutdown); see {@link RunResult#exitCode()}. */
    POWER_OFF,
    /** A hart reached a breakpoint set with {@link Machine#setBreakpoint}. */
    BREAKPOINT,
    /** Somebody outside the run loop asked it to stop ({@link Machine#requestStop}). */
    STOP_REQUESTED
}
