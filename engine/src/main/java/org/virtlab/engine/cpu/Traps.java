package org.virtlab.engine.cpu;

import static org.virtlab.engine.cpu.Csrs.*;

/**
 * Trap entry and return: delegation (medeleg/mideleg, and hedeleg/hideleg with the H
 * extension), interrupt selection and priority, MRET and SRET.
 *
 * <p>References: privileged spec, "Machine Trap Delegation", "Machine Interrupt Registers"
 * (priority order), "Trap-Return Instructions"; H extension, "Trap Entry", "Trap Return" and
 * "Hypervisor Interrupt Registers".
 */
final class Traps {
    /** Interrupts in decreasing priority: MEI, MSI, MTI, SEI, SSI, STI, SGEI, VSEI, VSSI, VSTI. */
    private static final int[] PRIORITY = {11, 3, 7, 9, 1, 5, 12, 10, 2, 6};

    private Traps() {
    }

    /** Takes a synchronous exception raised by the instruction at {@code pc}. */
    static void exception(Hart h, int cause, long tval, long tval2, long tinst, boolean gva, long pc) {
        h.counters.exceptions[cause]++;
        int target;
        if (h.priv <= Privilege.S && bit(h.medeleg, cause)) {
            target = h.virt && bit(h.hedeleg, cause) ? TARGET_VS : TARGET_HS;
        } else {
            target = TARGET_M;
        }
        enter(h, cause, false, tval, tval2, tinst, gva, pc, target);
    }

    private static final int TARGET_M = 0, TARGET_HS = 1, TARGET_VS = 2;

    /**
     * Takes the highest-priority interrupt that is pending, enabled and allowed in the current
     * mode, if there is one. Returns whether one was taken.
     *
     * <p>An interrupt taken by a platform owner (Java firmware or a hypervisor) has been handled
     * completely when {@code take} returns, as if the handler had executed MRET; the hart looks
     * at its pending interrupts again before the next instruction, because the handler may have
     * made one pending for a lower level (a hypervisor writing hvip). A few rounds at most, so a
     * handler that leaves its own interrupt pending cannot hold the hart.
     */
    static boolean pollInterrupts(Hart h) {
        boolean taken = false;
        for (int round = 0; round < 3; round++) {
            long platformTraps = h.counters.platformTraps;
            if (!pollOnce(h)) return taken;
            taken = true;
            if (h.counters.platformTraps == platformTraps) return true;    // a guest handler runs first
        }
        return taken;
    }

    private static boolean pollOnce(Hart h) {
        long pending = h.mip() & h.mie;
        if (pending == 0) return false;
        boolean mEnabled = h.priv < Privilege.M || (h.mstatus & MSTATUS_MIE) != 0;
        long toM = pending & ~h.mideleg;
        if (toM != 0 && mEnabled) return take(h, toM, TARGET_M);
        long toHs = pending & h.mideleg & ~h.hideleg;
        boolean hsEnabled = h.virt || h.priv < Privilege.S
                || (h.priv == Privilege.S && (h.mstatus & MSTATUS_SIE) != 0);
        if (toHs != 0 && hsEnabled) return take(h, toHs, TARGET_HS);
        if (h.virt) {
            long toVs = pending & h.mideleg & h.hideleg;
            boolean vsEnabled = h.priv == Privilege.U || (h.vsstatus & MSTATUS_SIE) != 0;
            if (toVs != 0 && vsEnabled) return take(h, toVs, TARGET_VS);
        }
        return false;
    }

    private static boolean take(Hart h, long candidates, int target) {
        for (int cause : PRIORITY) {
            if (bit(candidates, cause)) {
                h.counters.interrupts[cause]++;
                h.waiting = false;
                enter(h, cause, true, 0, 0, 0, false, h.pc, target);
                return true;
            }
        }
        return false;
    }

    private static void enter(Hart h, int cause, boolean interrupt, long tval, long tval2, long tinst,
                              boolean gva, long pc, int target) {
        int from = h.priv;
        boolean wasVirt = h.virt;
        long causeValue = interrupt ? Cause.INTERRUPT | cause : cause;
        h.accountMode();
        h.redirected = true;
        h.attention = true;
        h.pc = pc;          // a platform handler sees the hart exactly as it trapped
        if (target == TARGET_M && h.machineOwner != null) {
            h.counters.platformTraps++;
            h.machineOwner.handle(h, new Trap(causeValue, tval, tval2, tinst, pc, from, wasVirt, gva));
            return;
        }
        if (target == TARGET_HS && h.hypervisorOwner != null) {
            h.counters.platformTraps++;
            h.hypervisorOwner.handle(h, new Trap(causeValue, tval, tval2, tinst, pc, from, wasVirt, gva));
            return;
        }
        switch (target) {
            case TARGET_VS: {
                // VS interrupts reach the guest renumbered as supervisor ones (10->9, 6->5, 2->1).
                long vsCause = interrupt ? Cause.INTERRUPT | (cause - 1) : cause;
                h.vscause = vsCause;
                h.vsepc = pc;
                h.vstval = tval;
                h.vsstatus = pushSupervisor(h.vsstatus, from);
                h.pc = vector(h.vstvec, vsCause);
                h.priv = Privilege.S;
                break;
            }
            case TARGET_HS: {
                h.scause = causeValue;
                h.sepc = pc;
                h.stval = tval;
                if (h.hasH) {
                    h.htval = tval2;
                    h.htinst = tinst;
                    long hs = h.hstatus & ~(HSTATUS_SPV | HSTATUS_GVA);
                    if (wasVirt) {
                        hs |= HSTATUS_SPV;
                        hs = (hs & ~HSTATUS_SPVP) | (from == Privilege.S ? HSTATUS_SPVP : 0);
                    }
                    if (gva) hs |= HSTATUS_GVA;
                    h.hstatus = hs;
                }
                h.mstatus = pushSupervisor(h.mstatus, from);
                h.pc = vector(h.stvec, causeValue);
                h.priv = Privilege.S;
                h.virt = false;
                break;
            }
            default: {
                h.mcause = causeValue;
                h.mepc = pc;
                h.mtval = tval;
                long ms = h.mstatus;
                if (h.hasH) {
                    h.mtval2 = tval2;
                    h.mtinst = tinst;
                    ms &= ~(MSTATUS_MPV | MSTATUS_GVA);
                    if (wasVirt) ms |= MSTATUS_MPV;
                    if (gva) ms |= MSTATUS_GVA;
                }
                ms = (ms & ~MSTATUS_MPP) | ((long) from << 11);
                ms = (ms & ~MSTATUS_MPIE) | ((ms & MSTATUS_MIE) != 0 ? MSTATUS_MPIE : 0);
                ms &= ~MSTATUS_MIE;
                h.mstatus = ms;
                h.pc = vector(h.mtvec, causeValue);
                h.priv = Privilege.M;
                h.virt = false;
                break;
            }
        }
        h.modeChanged();
    }

    /** SPP := the privilege trapped from, SPIE := SIE, SIE := 0 (sstatus or vsstatus layout). */
    private static long pushSupervisor(long status, int from) {
        long s = status & ~(MSTATUS_SPP | MSTATUS_SPIE);
        if (from != Privilege.U) s |= MSTATUS_SPP;
        if ((status & MSTATUS_SIE) != 0) s |= MSTATUS_SPIE;
        return s & ~MSTATUS_SIE;
    }

    /** The handler address: tvec base, plus 4 * cause for interrupts in vectored mode. */
    private static long vector(long tvec, long cause) {
        long base = tvec & ~3L;
        if ((tvec & 3) == 1 && cause < 0) return base + 4 * (cause & 0x3F);
        return base;
    }

    /** MRET: back to mstatus.MPP (and MPV), MIE := MPIE. */
    static void mret(Hart h) {
        long ms = h.mstatus;
        int to = (int) ((ms >>> 11) & 3);
        boolean toVirt = h.hasH && to != Privilege.M && (ms & MSTATUS_MPV) != 0;
        ms = (ms & ~MSTATUS_MIE) | ((ms & MSTATUS_MPIE) != 0 ? MSTATUS_MIE : 0);
        ms |= MSTATUS_MPIE;
        ms &= ~(MSTATUS_MPP | MSTATUS_MPV);                 // MPP := U (least privileged)
        if (to != Privilege.M) ms &= ~MSTATUS_MPRV;
        h.accountMode(1);
        h.mstatus = ms;
        h.pc = h.mepc;
        h.priv = to;
        h.virt = toVirt;
        h.modeChanged();
    }

    /** SRET from HS-mode (to sstatus.SPP and hstatus.SPV) or from VS-mode (within the guest). */
    static void sret(Hart h) {
        h.accountMode(1);
        if (h.virt) {
            long vs = h.vsstatus;
            int to = (vs & MSTATUS_SPP) != 0 ? Privilege.S : Privilege.U;
            vs = (vs & ~MSTATUS_SIE) | ((vs & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
            vs = (vs | MSTATUS_SPIE) & ~MSTATUS_SPP;
            h.vsstatus = vs;
            h.pc = h.vsepc;
            h.priv = to;
        } else {
            long ms = h.mstatus;
            int to = (ms & MSTATUS_SPP) != 0 ? Privilege.S : Privilege.U;
            ms = (ms & ~MSTATUS_SIE) | ((ms & MSTATUS_SPIE) != 0 ? MSTATUS_SIE : 0);
            ms = (ms | MSTATUS_SPIE) & ~MSTATUS_SPP;
            ms &= ~MSTATUS_MPRV;
            h.mstatus = ms;
            boolean toVirt = h.hasH && (h.hstatus & HSTATUS_SPV) != 0;
            if (h.hasH) h.hstatus &= ~HSTATUS_SPV;
            h.pc = h.sepc;
            h.priv = to;
            h.virt = toVirt;
        }
        h.modeChanged();
    }

    static boolean bit(long value, int n) {
        return ((value >>> n) & 1) != 0;
    }
}
