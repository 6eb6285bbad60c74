package org.virtlab.engine.devices;

/**
 * The interrupt inputs of every hart: the wires a CLINT or PLIC drives into {@code mip}.
 *
 * <p>The board connects this to {@code machine.hart(hart).setInterruptLine(mipBit, level)}.
 * Bit numbers follow the privileged spec, section 3.1.9 "Machine Interrupt Registers".
 */
@FunctionalInterface
public interface HartInterruptPins {

    /** Machine software interrupt (CLINT msip). */
    int MSIP = 3;
    /** Machine timer interrupt (CLINT mtimecmp). */
    int MTIP = 7;
    /** Supervisor external interrupt (PLIC context 2N+1). */
    int SEIP = 9;
    /** Machine external interrupt (PLIC context 2N). */
    int MEIP = 11;

    /** Pins connected to nothing. */
    HartInterruptPins NONE = (hart, mipBit, level) -> { };

    void set(int hart, int mipBit, boolean level);
}
