package org.virtlab.engine.hypervisor.sbi;

import org.virtlab.engine.firmware.SbiError;

/**
 * Hart State Management extension, EID 0x48534D "HSM" (SBI spec v2.0, chapter "Hart State
 * Management Extension"), over the domain's vCPUs. A vCPU is STARTED or STOPPED as the
 * platform reports ({@link GuestSbiPlatform#isRunning}); starting and stopping complete within
 * the call, so the transient states (START_PENDING, ...) are never reported.
 *
 * <ul>
 * <li>hart_start(hartid, start_addr, opaque): hartid must be a vCPU (else
 *     SBI_ERR_INVALID_PARAM) and STOPPED (else SBI_ERR_ALREADY_AVAILABLE); the platform then
 *     checks start_addr and starts it, or answers SBI_ERR_INVALID_ADDRESS.
 * <li>hart_stop(): the calling vCPU stops; the call does not return.
 * <li>hart_get_status(hartid): 0 STARTED or 1 STOPPED; SBI_ERR_INVALID_PARAM for a non-vCPU.
 * <li>hart_suspend(suspend_type, resume_addr, opaque), as the machine firmware: the default
 *     retentive suspend (0) returns success at once, as a WFI that wakes immediately may
 *     (privileged spec, "Wait for Interrupt"); the default non-retentive suspend (0x80000000)
 *     is SBI_ERR_NOT_SUPPORTED; every reserved or platform-specific type is
 *     SBI_ERR_INVALID_PARAM ("HSM Hart Suspend Errors").
 * </ul>
 */
final class Hsm extends GuestExtension {
    static final long EID = 0x48534DL;
    static final long STARTED = 0, STOPPED = 1;
    static final long RETENTIVE_DEFAULT = 0, NON_RETENTIVE_DEFAULT = 0x8000_0000L;

    Hsm() {
        super("HSM", EID, "hart_start", "hart_stop", "hart_get_status", "hart_suspend");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        GuestSbiPlatform p = c.platform();
        switch (function) {
            case 0: return start(c, c.arg(0), c.arg(1), c.arg(2));
            case 1:
                p.stopVcpu(c.vcpu());
                return SbiResult.NO_RETURN;
            case 2:
                if (!c.isVcpu(c.arg(0))) return SbiResult.error(SbiError.INVALID_PARAM);
                return SbiResult.ok(p.isRunning((int) c.arg(0)) ? STARTED : STOPPED);
            default: return suspend(c.arg32(0));
        }
    }

    private static SbiResult start(GuestCall c, long id, long startAddr, long opaque) {
        if (!c.isVcpu(id)) return SbiResult.error(SbiError.INVALID_PARAM);
        GuestSbiPlatform p = c.platform();
        if (p.isRunning((int) id)) return SbiResult.error(SbiError.ALREADY_AVAILABLE);
        long error = p.startVcpu((int) id, startAddr, opaque);
        return error == SbiError.SUCCESS ? SbiResult.ok() : SbiResult.error(error);
    }

    private static SbiResult suspend(long type) {
        if (type == RETENTIVE_DEFAULT) return SbiResult.ok();
        if (type == NON_RETENTIVE_DEFAULT) return SbiResult.error(SbiError.NOT_SUPPORTED);
        return SbiResult.error(SbiError.INVALID_PARAM);
    }
}
