package org.virtlab.engine.devices;

/**
 * A device's interrupt output wire, as seen by whatever it is connected to (usually a
 * {@link org.virtlab.engine.devices.plic.Plic} source).
 *
 * <p>Lines are level-triggered: a device calls {@code set(true)} while it wants service and
 * {@code set(false)} when it no longer does. Setting the same level twice is harmless. Calls
 * come from the machine thread only.
 */
@FunctionalInterface
public interface InterruptLine {

    /** A line connected to nothing. */
    InterruptLine NONE = level -> { };

    void set(boolean level);
}
