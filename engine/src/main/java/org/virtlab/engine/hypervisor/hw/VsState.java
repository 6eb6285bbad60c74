package org.virtlab.engine.hypervisor.hw;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.HartCounters;
import org.virtlab.engine.cpu.Privilege;

/**
 * The VS-level state of one hardware-virtualized vCPU while it is off its physical hart: what
 * the hypervisor saves on a vCPU switch and restores on the next entry (H extension,
 * "Hypervisor and Virtual Supervisor CSRs"). The general registers and pc are the core's
 * ({@link org.virtlab.engine.hypervisor.VCpu}); everything the guest kernel can change without
 * an exit is here:
 *
 * <ul>
 * <li>the mode the guest was in (VS or VU) and the VS CSRs its own sstatus, stvec, sscratch,
 *     sepc, scause, stval, satp and stimecmp accesses hit: vsstatus, vstvec, vsscratch, vsepc,
 *     vscause, vstval, vsatp, vstimecmp;
 * <li>scounteren and senvcfg, which have no VS copy: a VS-mode guest writes the real ones, so
 *     they are swapped per vCPU;
 * <li>its interrupt enables (vsie, kept as the VS bits 2/6/10 of mie) and pending bits (hvip:
 *     VSSIP, which the guest clears itself, and VSEIP);
 * <li>htimedelta: the guest's time is machine time plus this (0: the guest sees machine time).
 * </ul>
 *
 * Interrupts the hypervisor wants the guest to see are kept as requests ({@link #seipLine},
 * {@link #requestSsip}) and folded into hvip by {@link #applyRequests}: at once while the vCPU
 * is off its hart, at the next exit or entry while it runs.
 */
final class VsState {
    static final long VSSIP = 1L << 2, VSTIP = 1L << 6, VSEIP = 1L << 10;
    static final long VS_INTERRUPTS = VSSIP | VSTIP | VSEIP;

    int priv = Privilege.S;
    long vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp;
    long vstimecmp = -1;
    long scounteren, senvcfg;
    /** The guest's interrupt enables, as mie bits (VSSIE 2, VSTIE 6, VSEIE 10). */
    long vsie;
    long hvip;
    long htimedelta;

    /** The virtual PLIC's S-mode context line of this vCPU. */
    private boolean seipLine;
    /** An SBI IPI asked for VSSIP and it has not been folded into hvip yet. */
    private boolean ssipRequested;

    /** Instructions retired in VS and VU before the current entry, and the hart's counts at entry. */
    long retiredVs, retiredVu;
    private long hartVsAtEntry, hartVuAtEntry;

    /** The state a vCPU starts with (boot or SBI hart_start): VS-mode, satp = 0, SIE = 0, no timer. */
    void reset() {
        priv = Privilege.S;
        vsstatus = vstvec = vsscratch = vsepc = vscause = vstval = vsatp = 0;
        vstimecmp = -1;
        scounteren = senvcfg = vsie = 0;
        hvip = seipLine ? VSEIP : 0;
        ssipRequested = false;
    }

    /** Puts the saved state into {@code hart}, which is set up for VS guests ({@link HostSetup#enter}). */
    void loadInto(Hart hart) {
        hart.writeCsr(CsrNames.VSSTATUS, vsstatus);
        hart.writeCsr(CsrNames.VSTVEC, vstvec);
        hart.writeCsr(CsrNames.VSSCRATCH, vsscratch);
        hart.writeCsr(CsrNames.VSEPC, vsepc);
        hart.writeCsr(CsrNames.VSCAUSE, vscause);
        hart.writeCsr(CsrNames.VSTVAL, vstval);
        hart.writeCsr(CsrNames.VSATP, vsatp);
        hart.writeCsr(CsrNames.VSTIMECMP, vstimecmp);
        hart.writeCsr(CsrNames.HTIMEDELTA, htimedelta);
        hart.writeCsr(CsrNames.SCOUNTEREN, scounteren);
        hart.writeCsr(CsrNames.SENVCFG, senvcfg);
        hart.writeCsr(CsrNames.MIE, (hart.readCsr(CsrNames.MIE) & ~VS_INTERRUPTS) | vsie);
        hvip = applyRequests(hvip);
        hart.writeCsr(CsrNames.HVIP, hvip);
        hart.setMode(priv, true);
        HartCounters c = hart.counters();
        hartVsAtEntry = c.retiredByMode[HartCounters.MODE_VS];
        hartVuAtEntry = c.retiredByMode[HartCounters.MODE_VU];
    }

    /** Takes the state back from {@code hart} (the vCPU leaves it). */
    void saveFrom(Hart hart) {
        priv = hart.privilege();
        vsstatus = hart.readCsr(CsrNames.VSSTATUS);
        vstvec = hart.readCsr(CsrNames.VSTVEC);
        vsscratch = hart.readCsr(CsrNames.VSSCRATCH);
        vsepc = hart.readCsr(CsrNames.VSEPC);
        vscause = hart.readCsr(CsrNames.VSCAUSE);
        vstval = hart.readCsr(CsrNames.VSTVAL);
        vsatp = hart.readCsr(CsrNames.VSATP);
        vstimecmp = hart.readCsr(CsrNames.VSTIMECMP);
        htimedelta = hart.readCsr(CsrNames.HTIMEDELTA);
        scounteren = hart.readCsr(CsrNames.SCOUNTEREN);
        senvcfg = hart.readCsr(CsrNames.SENVCFG);
        vsie = hart.readCsr(CsrNames.MIE) & VS_INTERRUPTS;
        hvip = applyRequests(hart.readCsr(CsrNames.HVIP));
        accountRetired(hart);
    }

    /** Adds the VS and VU instructions {@code hart} retired since the entry (or the last account). */
    void accountRetired(Hart hart) {
        HartCounters c = hart.counters();
        long vs = c.retiredByMode[HartCounters.MODE_VS], vu = c.retiredByMode[HartCounters.MODE_VU];
        retiredVs += vs - hartVsAtEntry;
        retiredVu += vu - hartVuAtEntry;
        hartVsAtEntry = vs;
        hartVuAtEntry = vu;
    }

    // ---- snapshots ----------------------------------------------------------------------------

    /**
     * This state for a snapshot. For a vCPU on {@code hart} (null: off its hart) the CSRs are
     * read from the hart, leaving it and the pending requests as they are; its retired counts
     * are brought up to date.
     */
    HwVcpuState save(Hart hart, boolean flushOnEntry) {
        if (hart == null)
            return new HwVcpuState(priv, vsstatus, vstvec, vsscratch, vsepc, vscause, vstval, vsatp, vstimecmp, scounteren,
                    senvcfg, vsie, hvip, htimedelta, seipLine, ssipRequested, retiredVs, retiredVu, hartVsAtEntry,
                    hartVuAtEntry, flushOnEntry);
        accountRetired(hart);
        return new HwVcpuState(hart.privilege(), hart.readCsr(CsrNames.VSSTATUS), hart.readCsr(CsrNames.VSTVEC),
                hart.readCsr(CsrNames.VSSCRATCH), hart.readCsr(CsrNames.VSEPC), hart.readCsr(CsrNames.VSCAUSE),
                hart.readCsr(CsrNames.VSTVAL), hart.readCsr(CsrNames.VSATP), hart.readCsr(CsrNames.VSTIMECMP),
                hart.readCsr(CsrNames.SCOUNTEREN), hart.readCsr(CsrNames.SENVCFG),
                hart.readCsr(CsrNames.MIE) & VS_INTERRUPTS, hart.readCsr(CsrNames.HVIP),
                hart.readCsr(CsrNames.HTIMEDELTA), seipLine, ssipRequested, retiredVs, retiredVu, hartVsAtEntry,
                hartVuAtEntry, flushOnEntry);
    }

    /** A state taken by {@link #save} (restore). */
    static VsState restore(HwVcpuState s) {
        VsState v = new VsState();
        v.priv = s.priv();
        v.vsstatus = s.vsstatus();
        v.vstvec = s.vstvec();
        v.vsscratch = s.vsscratch();
        v.vsepc = s.vsepc();
        v.vscause = s.vscause();
        v.vstval = s.vstval();
        v.vsatp = s.vsatp();
        v.vstimecmp = s.vstimecmp();
        v.scounteren = s.scounteren();
        v.senvcfg = s.senvcfg();
        v.vsie = s.vsie() & VS_INTERRUPTS;
        v.hvip = s.hvip();
        v.htimedelta = s.htimedelta();
        v.seipLine = s.seipLine();
        v.ssipRequested = s.ssipRequested();
        v.retiredVs = s.retiredVs();
        v.retiredVu = s.retiredVu();
        v.hartVsAtEntry = s.hartVsAtEntry();
        v.hartVuAtEntry = s.hartVuAtEntry();
        return v;
    }

    // ---- interrupt requests -------------------------------------------------------------------

    void setSeipLine(boolean level) {
        seipLine = level;
    }

    void requestSsip() {
        ssipRequested = true;
    }

    /** {@code hvip} with the requests folded in: VSEIP = the line, VSSIP set if an IPI asked for it. */
    long applyRequests(long hvip) {
        long v = (hvip & ~VSEIP) | (seipLine ? VSEIP : 0);
        if (ssipRequested) v |= VSSIP;
        ssipRequested = false;
        return v;
    }

    /** Whether folding the requests into {@code hvip} would change it (the running vCPU needs an exit). */
    boolean requestsChange(long hvip) {
        return ssipRequested && (hvip & VSSIP) == 0 || ((hvip & VSEIP) != 0) != seipLine;
    }

    /** The VS interrupts pending for a vCPU off its hart at machine time {@code now}, as mip bits. */
    long pendingAt(long now) {
        long p = withRequests(hvip);
        if (Long.compareUnsigned(now + htimedelta, vstimecmp) >= 0) p |= VSTIP;
        return p;
    }

    /** Like {@link #applyRequests} but leaves the requests in place. */
    long withRequests(long hvip) {
        long v = (hvip & ~VSEIP) | (seipLine ? VSEIP : 0);
        return ssipRequested ? v | VSSIP : v;
    }

    /** Machine time at which the saved timer fires, or Long.MAX_VALUE ({@link #timerDeadline(long, long, long)}). */
    long timerDeadline() {
        return timerDeadline(vstimecmp, htimedelta, vsie);
    }

    /**
     * Machine time at which a guest timer fires: vstimecmp - htimedelta (Sstc compares
     * vstimecmp with time + htimedelta), or Long.MAX_VALUE when it never fires or the guest has
     * it disabled (vsie.STIE, here as mie bit 6: nothing would wake or interrupt the guest).
     */
    static long timerDeadline(long vstimecmp, long htimedelta, long vsie) {
        if (vstimecmp == -1 || (vsie & VSTIP) == 0) return Long.MAX_VALUE;
        return vstimecmp - htimedelta;
    }
}
