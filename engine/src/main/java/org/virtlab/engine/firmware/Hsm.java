package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.memory.Bus;

/**
 * Hart State Management extension, EID 0x48534D "HSM" (SBI spec v2.0, chapter "Hart State
 * Management Extension").
 *
 * <p>A hart's HSM state is not kept here: a halted hart ({@code Hart.isHalted()}) is STOPPED,
 * any other STARTED. Starting and stopping complete within the call, so the transient states
 * (START_PENDING, STOP_PENDING, ...) are never observed.
 *
 * <ul>
 * <li>hart_start(hartid, start_addr, opaque): the target must be STOPPED (else
 *     SBI_ERR_ALREADY_AVAILABLE) and start_addr must be executable memory (else
 *     SBI_ERR_INVALID_ADDRESS). The target is reset, gets the same M-mode setup as at boot and
 *     enters S-mode at start_addr with satp = 0, sstatus.SIE = 0, a0 = hartid, a1 = opaque
 *     (table "HSM Hart Start Register State").
 * <li>hart_stop(): the caller halts; it never returns.
 * <li>hart_suspend(type, resume_addr, opaque): the default retentive suspend (type 0) returns
 *     success at once, which is what a WFI that wakes immediately does (WFI may always complete
 *     early: privileged spec, "Wait for Interrupt"). The default non-retentive suspend
 *     (0x80000000) is SBI_ERR_NOT_SUPPORTED in this version: it would need the hart to sleep
 *     until an interrupt and then restart like hart_start. All reserved and platform-specific
 *     types are SBI_ERR_INVALID_PARAM.
 * </ul>
 */
final class Hsm extends SbiExtension {
    static final long EID = 0x48534DL;
    static final long STARTED = 0, STOPPED = 1;
    static final long RETENTIVE_DEFAULT = 0, NON_RETENTIVE_DEFAULT = 0x8000_0000L;

    private static final String[] FUNCTIONS = {"hart_start", "hart_stop", "hart_get_status", "hart_suspend"};

    private final Machine machine;

    Hsm(Machine machine) {
        super("HSM", EID, FUNCTIONS);
        this.machine = machine;
    }

    @Override
    public SbiRet call(SbiCall c) {
        switch ((int) c.fid()) {
            case 0: return start(c.arg(0), c.arg(1), c.arg(2));
            case 1:
                c.hart().setHalted(true);
                return SbiRet.NO_RETURN;
            case 2: {
                Hart h = hart(c.arg(0));
                if (h == null) return SbiRet.error(SbiError.INVALID_PARAM);
                return SbiRet.ok(h.isHalted() ? STOPPED : STARTED);
            }
            default: return suspend(c.arg32(0));
        }
    }

    private SbiRet start(long hartId, long startAddr, long opaque) {
        Hart h = hart(hartId);
        if (h == null) return SbiRet.error(SbiError.INVALID_PARAM);
        if (!h.isHalted()) return SbiRet.error(SbiError.ALREADY_AVAILABLE);
        Bus bus = machine.bus();
        if ((startAddr & 1) != 0 || bus.memoryAt(startAddr, 2) == null || bus.deviceAt(startAddr) != null)
            return SbiRet.error(SbiError.INVALID_ADDRESS);
        MachineModeSetup.enterSupervisor(h, startAddr, opaque);
        h.setHalted(false);
        return SbiRet.ok();
    }

    private static SbiRet suspend(long type) {
        if (type == RETENTIVE_DEFAULT) return SbiRet.ok();
        if (type == NON_RETENTIVE_DEFAULT) return SbiRet.error(SbiError.NOT_SUPPORTED);
        return SbiRet.error(SbiError.INVALID_PARAM);
    }

    private Hart hart(long id) {
        return Long.compareUnsigned(id, machine.hartCount()) < 0 ? machine.hart((int) id) : null;
    }
}
