package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;

/**
 * The M-mode state the firmware gives a hart before it enters S-mode, as OpenSBI prepares it
 * (and as SBI spec v2.0, hart_start, requires: "MUST configure any physical memory protection
 * it supports ... and other M-mode state, before transferring control to supervisor-mode").
 *
 * <ul>
 * <li>medeleg: misaligned fetch, breakpoint, ecall from U, the three page faults; with the H
 *     extension also ecall from VS and the guest-page faults and virtual instruction, so a
 *     hypervisor in HS-mode handles its guests' traps. Everything else (illegal instruction,
 *     access faults, ecall from S) comes to the firmware.
 * <li>mideleg: SSIP, STIP, SEIP (with H the VS bits and SGEIP are delegated by the hardware).
 * <li>mcounteren = all ones: S-mode may read cycle, time, instret and the hpm counters.
 * <li>menvcfg.STCE: S-mode owns its timer comparator stimecmp (Sstc).
 * <li>PMP entry 0: NAPOT over the whole address space, R/W/X (privileged spec, "Physical
 *     Memory Protection": without a matching entry S- and U-mode accesses fail).
 * <li>mstatus.MPP = S.
 * </ul>
 */
final class MachineModeSetup {
    static final long MEDELEG = bit(Cause.INSTRUCTION_MISALIGNED) | bit(Cause.BREAKPOINT) | bit(Cause.ECALL_FROM_U)
            | bit(Cause.INSTRUCTION_PAGE_FAULT) | bit(Cause.LOAD_PAGE_FAULT) | bit(Cause.STORE_PAGE_FAULT);
    static final long MEDELEG_H = bit(Cause.ECALL_FROM_VS) | bit(Cause.INSTRUCTION_GUEST_PAGE_FAULT)
            | bit(Cause.LOAD_GUEST_PAGE_FAULT) | bit(Cause.VIRTUAL_INSTRUCTION) | bit(Cause.STORE_GUEST_PAGE_FAULT);
    static final long MIDELEG = bit(Cause.SUPERVISOR_SOFTWARE) | bit(Cause.SUPERVISOR_TIMER) | bit(Cause.SUPERVISOR_EXTERNAL);
    static final long MCOUNTEREN = 0xFFFF_FFFFL;
    static final long MENVCFG_STCE = 1L << 63;
    /** pmpaddr holds address bits 55:2; all ones with A = NAPOT matches every address. */
    static final long PMPADDR_ALL = 0x3F_FFFF_FFFF_FFFFL;
    /** pmp0cfg: R | W | X | A = NAPOT (3 << 3). */
    static final long PMPCFG_RWX_NAPOT = 0x1F;
    private static final long MSTATUS_MPP = 3L << 11;

    private MachineModeSetup() {
    }

    private static long bit(int n) {
        return 1L << n;
    }

    /** Writes the firmware's M-mode CSR values into {@code hart}. */
    static void apply(Hart hart) {
        hart.writeCsr(CsrNames.MEDELEG, MEDELEG | (hart.hasHypervisorExtension() ? MEDELEG_H : 0));
        hart.writeCsr(CsrNames.MIDELEG, MIDELEG);
        hart.writeCsr(CsrNames.MCOUNTEREN, MCOUNTEREN);
        hart.writeCsr(CsrNames.MENVCFG, hart.readCsr(CsrNames.MENVCFG) | MENVCFG_STCE);
        hart.writeCsr(CsrNames.PMPADDR0, PMPADDR_ALL);
        hart.writeCsr(CsrNames.PMPCFG0, PMPCFG_RWX_NAPOT);
        long mstatus = hart.readCsr(CsrNames.MSTATUS);
        hart.writeCsr(CsrNames.MSTATUS, (mstatus & ~MSTATUS_MPP) | ((long) Privilege.S << 11));
    }

    /**
     * Resets {@code hart}, applies the M-mode setup and enters S-mode at {@code entry} with
     * satp = 0, sstatus.SIE = 0 (both reset values), a0 = hart ID and a1 = {@code a1}.
     */
    static void enterSupervisor(Hart hart, long entry, long a1) {
        hart.reset(entry);
        apply(hart);
        hart.setMode(Privilege.S, false);
        hart.setPc(entry);
        hart.setX(10, hart.id());
        hart.setX(11, a1);
    }
}
