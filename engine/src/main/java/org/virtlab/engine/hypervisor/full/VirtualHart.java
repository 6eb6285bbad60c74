package org.virtlab.engine.hypervisor.full;

import static org.virtlab.engine.hypervisor.full.VirtualCsrs.*;

import java.util.function.LongSupplier;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Privilege;

/**
 * The privileged state of one full-virtualization vCPU: its virtual privilege level (M, S or
 * U) and its virtual CSR file (shared/DESIGN.md section 3, "full"). The guest kernel really
 * runs in physical U-mode; whenever it executes a privileged instruction the hypervisor
 * emulates it against this state ({@link PrivilegedEmulator}), takes virtual traps and
 * interrupts into it ({@link VirtualTraps}) and selects the shadow page table from it.
 *
 * <p>The virtual hart is RV64 I M A C with S and U (misa), Zicsr, Zicntr, Sstc and Sv39, no H,
 * F or D; its CSRs follow the rules in {@link VirtualCsrs}. The program counter and the
 * general registers are not here: they live in the physical hart that runs the vCPU.
 *
 * <p>Time: {@code time} supplies mtime (10 MHz ticks) for the time CSR and for Sstc's STIP
 * (time &gt;= stimecmp, evaluated whenever mip is read); {@code instret} supplies the guest's
 * retired-instruction count for cycle and instret (one cycle per instruction, as on the
 * physical hart). A write to mcycle or minstret sets an offset, so that reading the counter
 * right after returns the written value and it then counts on from there.
 *
 * <p>Not thread-safe: used by the thread running the vCPU (devices' interrupt lines included).
 */
public final class VirtualHart {
    final int hartId;
    final LongSupplier time;
    final LongSupplier instret;
    /** True for SBI guests: the hypervisor is their firmware and owns virtual M-mode (see {@link VirtualTraps}). */
    final boolean platformOwnsMachineMode;

    int priv;
    /** The writable mstatus bits; UXL/SXL are added on read. */
    long mstatus;
    long medeleg, mideleg, mie;
    /** mip bits written by software (SSIP, SEIP's software part, STIP without Sstc). */
    long mipSoftware;
    /** mip bits driven by the domain's virtual devices (MSIP, MTIP, SEIP, MEIP). */
    long mipLines;
    long mtvec, mepc, mcause, mtval, mscratch;
    long mcounteren, scounteren, menvcfg, senvcfg;
    long stvec, sepc, scause, stval, sscratch, satp;
    long stimecmp = -1;
    long cycleOffset, instretOffset;
    final VirtualPmp pmp = new VirtualPmp();

    private VirtualHart(int hartId, LongSupplier time, LongSupplier instret, boolean platformOwnsMachineMode) {
        this.hartId = hartId;
        this.time = time;
        this.instret = instret;
        this.platformOwnsMachineMode = platformOwnsMachineMode;
        this.priv = Privilege.M;
    }

    /**
     * A vCPU as a hart comes out of reset: virtual M-mode, every CSR at its reset value (zero;
     * stimecmp all ones), for kernels that start in M-mode such as xv6. The caller sets the
     * pc (the reset vector) on the physical hart.
     */
    public static VirtualHart atMachineReset(int hartId, LongSupplier time, LongSupplier instret) {
        return new VirtualHart(hartId, time, instret, false);
    }

    /**
     * A vCPU as VirtLab's built-in SBI firmware hands it to an S-mode kernel, with the M-mode
     * state that firmware/MachineModeSetup leaves (which follows OpenSBI): medeleg = misaligned
     * fetch, breakpoint, ecall from U and the three page faults; mideleg = SSIP, STIP, SEIP;
     * mcounteren = all ones; menvcfg.STCE = 1 (the kernel owns stimecmp); PMP entry 0 = NAPOT
     * over everything, RWX; mstatus.MPP = S; then virtual S-mode with satp = 0 and SIE = 0.
     * The hypervisor plays the firmware: it answers the guest's SBI ecalls itself, and every
     * trap that would enter virtual M-mode is redirected to S-mode as the firmware's trap
     * redirection does ({@link VirtualTraps#enterTrap}). The caller sets the pc, a0 = hart ID
     * and a1 = device tree on the physical hart.
     */
    public static VirtualHart bootedBySbi(int hartId, LongSupplier time, LongSupplier instret) {
        VirtualHart v = new VirtualHart(hartId, time, instret, true);
        v.setCsr(CsrNames.MEDELEG, (1L << Cause.INSTRUCTION_MISALIGNED) | (1L << Cause.BREAKPOINT)
                | (1L << Cause.ECALL_FROM_U) | (1L << Cause.INSTRUCTION_PAGE_FAULT)
                | (1L << Cause.LOAD_PAGE_FAULT) | (1L << Cause.STORE_PAGE_FAULT));
        v.setCsr(CsrNames.MIDELEG, S_INTERRUPTS);
        v.setCsr(CsrNames.MCOUNTEREN, 0xFFFF_FFFFL);
        v.setCsr(CsrNames.MENVCFG, ENVCFG_STCE);
        v.setCsr(CsrNames.PMPADDR0, 0x3F_FFFF_FFFF_FFFFL);
        v.setCsr(CsrNames.PMPCFG0, 0x1F);
        v.setCsr(CsrNames.MSTATUS, (long) Privilege.S << MPP_SHIFT);
        v.priv = Privilege.S;
        return v;
    }

    // ---- what the hypervisor reads -------------------------------------------------------------

    public int hartId() {
        return hartId;
    }

    /** The virtual privilege level: {@link Privilege#M}, {@link Privilege#S} or {@link Privilege#U}. */
    public int priv() {
        return priv;
    }

    public long satp() {
        return satp;
    }

    /** sstatus.SUM: virtual S-mode may load and store to user pages. */
    public boolean sum() {
        return (mstatus & SUM) != 0;
    }

    /** mstatus.MXR: loads from executable-only pages succeed. */
    public boolean mxr() {
        return (mstatus & MXR) != 0;
    }

    /** mstatus as a CSR read returns it (UXL = SXL = 2). */
    public long mstatus() {
        return mstatus | UXL_64 | SXL_64;
    }

    /** Whether the hypervisor owns virtual M-mode (a guest booted by SBI) rather than the guest. */
    public boolean platformOwnsMachineMode() {
        return platformOwnsMachineMode;
    }

    /** The full mip: device lines, software bits, and STIP from stimecmp when menvcfg.STCE = 1. */
    public long mip() {
        long value = mipLines | mipSoftware;
        if (sstc(this)) {
            value &= ~STIP;
            if (Long.compareUnsigned(time.getAsLong(), stimecmp) >= 0) value |= STIP;
        }
        return value;
    }

    /** The levels of the device interrupt lines, as mip bits. */
    public long interruptLines() {
        return mipLines;
    }

    // ---- what devices and the hypervisor change ------------------------------------------------

    /**
     * A virtual device drives an interrupt line: {@code mipBit} 3 MSIP, 7 MTIP, 9 SEIP or 11 MEIP
     * (the numbers of devices/HartInterruptPins). Level-triggered. SEIP as read is this line
     * ORed with the bit software wrote (privileged spec, "Machine Interrupt Registers").
     *
     * @throws IllegalArgumentException for any other bit (a hypervisor bug, not guest behaviour)
     */
    public void setInterruptLine(int mipBit, boolean level) {
        long mask = mipBit >= 0 && mipBit < 64 ? 1L << mipBit : 0;
        if ((mask & LINE_BITS) == 0)
            throw new IllegalArgumentException("no interrupt line drives mip bit " + mipBit + "; lines are 3, 7, 9, 11");
        mipLines = level ? mipLines | mask : mipLines & ~mask;
    }

    // ---- debugger, tests, snapshots ------------------------------------------------------------

    /** Reads a CSR without privilege checks, as a debugger would; 0 for CSRs that do not exist. */
    public long csr(int number) {
        return VirtualCsrs.exists(number) ? VirtualCsrs.read(this, number) : 0;
    }

    /**
     * Writes a CSR as virtual M-mode software would, without privilege checks but with the WARL
     * rules (read-only CSRs and ones that do not exist ignore the write).
     */
    public void setCsr(int number, long value) {
        if (VirtualCsrs.exists(number)) VirtualCsrs.write(this, number, value);
    }

    /** Everything in this virtual hart, for snapshots. */
    public VirtualHartState state() {
        long[] pmpaddr = new long[VirtualPmp.ENTRIES];
        for (int e = 0; e < pmpaddr.length; e++) pmpaddr[e] = pmp.readAddr(e);
        return new VirtualHartState(hartId, platformOwnsMachineMode, priv, mstatus, medeleg, mideleg, mie,
                mipSoftware, mipLines, mtvec, mepc, mcause, mtval, mscratch, mcounteren, scounteren, menvcfg,
                senvcfg, stvec, sepc, scause, stval, sscratch, satp, stimecmp, cycleOffset, instretOffset,
                pmp.readCfg(0), pmp.readCfg(1), pmpaddr);
    }

    /** Rebuilds a virtual hart from {@link #state()}; the suppliers are the restored domain's. */
    public static VirtualHart fromState(VirtualHartState s, LongSupplier time, LongSupplier instret) {
        VirtualHart v = new VirtualHart(s.hartId(), time, instret, s.platformOwnsMachineMode());
        if (s.priv() != Privilege.M && s.priv() != Privilege.S && s.priv() != Privilege.U)
            throw new IllegalArgumentException("no such privilege level in snapshot: " + s.priv());
        v.priv = s.priv();
        v.mstatus = s.mstatus() & MSTATUS_WRITABLE;
        v.medeleg = s.medeleg() & MEDELEG_WRITABLE;
        v.mideleg = s.mideleg() & S_INTERRUPTS;
        v.mie = s.mie() & ALL_INTERRUPTS;
        v.mipSoftware = s.mipSoftware() & (SSIP | STIP | SEIP);
        v.mipLines = s.mipLines() & LINE_BITS;
        v.mtvec = s.mtvec();
        v.mepc = s.mepc();
        v.mcause = s.mcause();
        v.mtval = s.mtval();
        v.mscratch = s.mscratch();
        v.mcounteren = s.mcounteren() & 0xFFFF_FFFFL;
        v.scounteren = s.scounteren() & 0xFFFF_FFFFL;
        v.menvcfg = s.menvcfg() & (ENVCFG_FIOM | ENVCFG_STCE);
        v.senvcfg = s.senvcfg() & ENVCFG_FIOM;
        v.stvec = s.stvec();
        v.sepc = s.sepc();
        v.scause = s.scause();
        v.stval = s.stval();
        v.sscratch = s.sscratch();
        v.satp = s.satp();
        v.stimecmp = s.stimecmp();
        v.cycleOffset = s.cycleOffset();
        v.instretOffset = s.instretOffset();
        long[] pmpaddr = s.pmpaddr();
        for (int e = 0; e < VirtualPmp.ENTRIES && e < pmpaddr.length; e++) v.pmp.writeAddr(e, pmpaddr[e]);
        v.pmp.writeCfg(0, s.pmpcfg0());
        v.pmp.writeCfg(1, s.pmpcfg2());
        return v;
    }

    @Override
    public String toString() {
        return String.format("vhart %d %s mstatus=0x%x mip=0x%x mie=0x%x satp=0x%x", hartId,
                Privilege.name(priv, false), mstatus(), mip(), mie, satp);
    }
}
