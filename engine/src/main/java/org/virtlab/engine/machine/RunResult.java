package org.virtlab.engine.machine;

/**
 * The outcome of one {@link Machine#run} call.
 *
 * @param reason       why the run stopped
 * @param instructions instructions attempted by all harts during this call — retired ones plus
 *                     those that trapped — which is what the budget counts (a hart's
 *                     {@code retired()} and minstret count only retired ones)
 * @param nextDeadline with {@link StopReason#WAITING}: machine time of the next timer event
 *                     (Long.MAX_VALUE when nothing will ever wake the machine by itself)
 * @param exitCode     with {@link StopReason#POWER_OFF}: the guest's exit status (0 = success)
 */
public record RunResult(StopReason reason, long instructions, long nextDeadline, int exitCode) {
}
