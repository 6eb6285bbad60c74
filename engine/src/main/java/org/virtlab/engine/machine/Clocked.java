package org.virtlab.engine.machine;

/**
 * Something that changes with machine time: a timer comparator, a device with a deadline.
 *
 * <p>Machine time (mtime, 10 MHz ticks) advances with retired instructions, never with the
 * wall clock (shared/DESIGN.md section 5). The machine calls {@link #advanceTo} at every slice
 * boundary and ends slices no later than the earliest {@link #nextDeadline}, so a comparator
 * fires within one slice of its deadline and always at the same instruction for the same run.
 */
public interface Clocked {

    /** Brings the device up to machine time {@code mtime}: raise or lower interrupt lines. */
    void advanceTo(long mtime);

    /** The machine time at which {@link #advanceTo} must next be called, or Long.MAX_VALUE. */
    long nextDeadline();
}
