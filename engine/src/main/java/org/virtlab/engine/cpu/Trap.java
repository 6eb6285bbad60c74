package org.virtlab.engine.cpu;

/**
 * A trap as a value: what a platform-owned privilege level (firmware or hypervisor written in
 * Java) receives instead of a jump to a guest trap vector.
 *
 * @param cause    the cause, with {@link Cause#INTERRUPT} set for interrupts
 * @param tval     the trap value (faulting address, instruction bits, ...)
 * @param tval2    for guest-page faults: guest physical address >> 2 (htval/mtval2)
 * @param tinst    transformed instruction or pseudo-instruction (htinst/mtinst), or 0
 * @param pc       address of the trapping instruction (or the next one, for interrupts)
 * @param fromPriv privilege level the hart was in
 * @param fromVirt whether the hart was in a virtual mode (VS/VU)
 * @param gva      whether tval holds a guest virtual address
 */
public record Trap(long cause, long tval, long tval2, long tinst, long pc, int fromPriv, boolean fromVirt, boolean gva) {

    public boolean isInterrupt() {
        return cause < 0;
    }

    /** The cause without the interrupt bit. */
    public int code() {
        return (int) (cause & 0x3F);
    }

    @Override
    public String toString() {
        return String.format("%s at pc 0x%x from %s (tval 0x%x)", Cause.name(cause), pc,
                Privilege.name(fromPriv, fromVirt), tval);
    }
}
