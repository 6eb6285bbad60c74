package org.virtlab.engine.hypervisor.sbi;

import org.virtlab.engine.firmware.SbiError;

/**
 * What an SBI call leaves in the calling vCPU (SBI spec v2.0, "Binary Encoding").
 *
 * <p>If {@link #returnsToGuest}: set a0 = {@link #a0}, and a1 = {@link #a1} only when
 * {@link #writesA1} (false for the legacy extensions, which must preserve a1), then resume the
 * vCPU after the ecall (pc + 4). Otherwise leave the vCPU's registers and pc alone: the call
 * has already decided where the vCPU goes (hart_stop, shutdown, reboot, or a fault delivered
 * to the guest while reading a legacy hart mask).
 *
 * @param a0 the error code (SBI v0.2+ extensions) or the legacy return value
 * @param a1 the value (SBI v0.2+ extensions); 0 for legacy calls
 */
public record SbiResult(boolean returnsToGuest, long a0, long a1, boolean writesA1) {

    /** The call does not return to the instruction after the ecall. */
    public static final SbiResult NO_RETURN = new SbiResult(false, 0, 0, false);

    static SbiResult ok(long value) {
        return new SbiResult(true, SbiError.SUCCESS, value, true);
    }

    static SbiResult ok() {
        return ok(0);
    }

    static SbiResult error(long error) {
        return new SbiResult(true, error, 0, true);
    }

    /** Leaves the result in the calling vCPU, which is on {@code hart} and made the ecall at {@code ecallPc} (see above). */
    public void applyTo(org.virtlab.engine.cpu.Hart hart, long ecallPc) {
        if (!returnsToGuest) return;
        hart.setX(10, a0);
        if (writesA1) hart.setX(11, a1);
        hart.setPc(ecallPc + 4);
    }

    /** A legacy call's result: a0 only. */
    static SbiResult legacy(long a0) {
        return new SbiResult(true, a0, 0, false);
    }
}
