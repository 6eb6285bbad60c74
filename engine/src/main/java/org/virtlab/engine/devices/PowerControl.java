package org.virtlab.engine.devices;

/**
 * What a device asks of the machine when the guest wants to stop or restart it (the SiFive
 * test finisher; later the SBI SRST extension).
 *
 * <p>Called on the machine thread, from inside a guest store: an implementation should record
 * the request and let the run loop stop at the next safe point rather than unwind the stack.
 */
public interface PowerControl {

    /** The guest asked to power off; {@code exitCode} 0 means success. */
    void powerOff(int exitCode);

    /** The guest asked for a system reset. */
    void reset();
}
