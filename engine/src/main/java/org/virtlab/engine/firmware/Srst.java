package org.virtlab.engine.firmware;

import org.virtlab.engine.machine.Machine;

/**
 * System Reset extension, EID 0x53525354 "SRST" (SBI spec v2.0, chapter "System Reset
 * Extension"): system_reset(reset_type, reset_reason).
 *
 * <p>Types: 0 shutdown, 1 cold reboot, 2 warm reboot (both reboots reset the whole emulated
 * machine: it has no parts that survive a warm reboot). Reasons: 0 none, 1 system failure; a
 * shutdown for "system failure" powers off with exit code 1. Every other type and reason is
 * reserved or vendor-specific and unimplemented, hence SBI_ERR_INVALID_PARAM. The call does not
 * return when it succeeds; should the platform hand the hart back unchanged with the machine
 * still on, the call fails with SBI_ERR_FAILED.
 */
final class Srst extends SbiExtension {
    static final long EID = 0x53525354L;
    static final long SHUTDOWN = 0, COLD_REBOOT = 1, WARM_REBOOT = 2;
    static final long NO_REASON = 0, SYSTEM_FAILURE = 1;

    private static final String[] FUNCTIONS = {"system_reset"};

    private final Machine machine;
    private final SbiPlatform platform;

    Srst(Machine machine, SbiPlatform platform) {
        super("SRST", EID, FUNCTIONS);
        this.machine = machine;
        this.platform = platform;
    }

    @Override
    public SbiRet call(SbiCall c) {
        long type = c.arg32(0);
        long reason = c.arg32(1);
        if (type > WARM_REBOOT || reason > SYSTEM_FAILURE) return SbiRet.error(SbiError.INVALID_PARAM);
        if (type == SHUTDOWN) platform.shutdown(reason == SYSTEM_FAILURE ? 1 : 0);
        else platform.reboot();
        return stillHere(machine, c) ? SbiRet.error(SbiError.FAILED) : SbiRet.NO_RETURN;
    }

    /** Whether a reset request left the machine on and the hart where it called from: it failed. */
    static boolean stillHere(Machine machine, SbiCall c) {
        return !machine.isPoweredOff() && c.hart().pc() == c.trap().pc() && !c.hart().isHalted();
    }
}
