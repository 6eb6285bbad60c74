package org.virtlab.engine.hypervisor.full;

import static org.virtlab.engine.hypervisor.full.VirtualCsrs.*;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.Privilege;

/**
 * Traps and interrupts of a virtual hart: which interrupt the vCPU must take now, virtual trap
 * entry with delegation, the WFI wake-up rule, and what the hypervisor derives from the
 * virtual state for the physical hart (shadow context, counter enables, timer deadline).
 *
 * <p>References: privileged spec, "Machine Trap Delegation Registers", "Machine Interrupt
 * Registers" (priority order and global enables), "Trap-Return Instructions" and "Wait for
 * Interrupt"; the Sstc chapter; the Zicntr chapter's counter-enable rules.
 */
public final class VirtualTraps {
    /** Interrupts in decreasing priority: MEI, MSI, MTI, SEI, SSI, STI. */
    private static final int[] PRIORITY = {11, 3, 7, 9, 1, 5};

    /** Counter-enable bits for cycle, time, instret. */
    private static final int CY = 1, TM = 2, IR = 4;

    private VirtualTraps() {
    }

    /**
     * The cause (with {@link Cause#INTERRUPT} set) of the interrupt the vCPU must take now at
     * its virtual privilege, or -1. An interrupt is pending and enabled when its mip and mie bits
     * are set; a non-delegated (M-level) one is then taken when priv &lt; M or mstatus.MIE, one
     * delegated by mideleg when priv &lt; S, or priv == S and sstatus.SIE, never in M. M-level
     * interrupts come first; within a level the order is MEI, MSI, MTI, SEI, SSI, STI.
     *
     * <p>When the platform owns virtual M-mode (SBI guests), M-level interrupts are the
     * hypervisor's own business and never reported here.
     */
    public static long pendingInterrupt(VirtualHart v) {
        long pending = v.mip() & v.mie;
        if (pending == 0) return -1;
        long toM = pending & ~v.mideleg;
        boolean mEnabled = v.priv < Privilege.M || (v.mstatus & MSTATUS_MIE) != 0;
        if (toM != 0 && mEnabled && !v.platformOwnsMachineMode) return highestPriority(toM);
        long toS = pending & v.mideleg;
        boolean sEnabled = v.priv < Privilege.S || (v.priv == Privilege.S && (v.mstatus & MSTATUS_SIE) != 0);
        if (toS != 0 && sEnabled) return highestPriority(toS);
        return -1;
    }

    private static long highestPriority(long candidates) {
        for (int cause : PRIORITY) if (bit(candidates, cause)) return Cause.INTERRUPT | cause;
        return -1;
    }

    /**
     * Virtual trap entry for {@code cause} (an exception code, or an interrupt code with
     * {@link Cause#INTERRUPT}) raised at {@code epc}; returns the pc of the guest's handler.
     * The trap goes to S-mode when the virtual privilege is S or U and the cause's medeleg
     * (mideleg for interrupts) bit is set, else to M-mode. The target's xEPC, xCAUSE, xTVAL are
     * written, xPP := the privilege trapped from, xPIE := xIE, xIE := 0, and the privilege
     * becomes the target's. The handler is xtvec's base, plus 4 * code for interrupts when
     * xtvec is vectored.
     *
     * <p>When the platform owns virtual M-mode (SBI guests), a trap that would enter M-mode is
     * entered in S-mode instead, exactly as if delegated, as the firmware's trap redirection
     * does (firmware/TrapRedirect). An SBI guest never reaches M-mode, so such a trap always
     * comes from S or U. (The firmware refuses to redirect a fetch fault at stvec itself; here
     * such a guest just keeps faulting, which only hurts that guest.)
     */
    public static long enterTrap(VirtualHart v, long cause, long tval, long epc) {
        boolean interrupt = cause < 0;
        long code = cause & ~Cause.INTERRUPT;
        long delegation = interrupt ? v.mideleg : v.medeleg;
        boolean delegated = v.priv <= Privilege.S && code < 64 && bit(delegation, (int) code);
        if (delegated || v.platformOwnsMachineMode) return enterSupervisor(v, cause, tval, epc);
        return enterMachine(v, cause, tval, epc);
    }

    private static long enterSupervisor(VirtualHart v, long cause, long tval, long epc) {
        v.scause = cause;
        v.sepc = epc & ~1L;
        v.stval = tval;
        long s = v.mstatus & ~(SPP | SPIE | MSTATUS_SIE);
        if (v.priv != Privilege.U) s |= SPP;
        if ((v.mstatus & MSTATUS_SIE) != 0) s |= SPIE;
        v.mstatus = s;
        v.priv = Privilege.S;
        return vector(v.stvec, cause);
    }

    private static long enterMachine(VirtualHart v, long cause, long tval, long epc) {
        v.mcause = cause;
        v.mepc = epc & ~1L;
        v.mtval = tval;
        long s = v.mstatus & ~(MPP | MPIE | MSTATUS_MIE);
        s |= (long) v.priv << MPP_SHIFT;
        if ((v.mstatus & MSTATUS_MIE) != 0) s |= MPIE;
        v.mstatus = s;
        v.priv = Privilege.M;
        return vector(v.mtvec, cause);
    }

    /** The handler address: xtvec's base, plus 4 * code for interrupts in vectored mode. */
    private static long vector(long tvec, long cause) {
        long base = tvec & ~3L;
        if ((tvec & 3) == 1 && cause < 0) return base + 4 * (cause & 0x3F);
        return base;
    }

    /**
     * The exception an ECALL raises at the current virtual privilege: from U (8), S (9) or M
     * (11). (The physical hart always reports ecall from U, since the guest runs there.)
     */
    public static int ecallCause(VirtualHart v) {
        switch (v.priv) {
            case Privilege.U: return Cause.ECALL_FROM_U;
            case Privilege.S: return Cause.ECALL_FROM_HS;
            default: return Cause.ECALL_FROM_M;
        }
    }

    /**
     * WFI's wake-up rule (privileged spec, "Wait for Interrupt"): the hart resumes when any
     * interrupt is pending and enabled in mie, whatever mstatus.MIE/SIE and delegation say.
     */
    public static boolean wakes(VirtualHart v) {
        return (v.mip() & v.mie) != 0;
    }

    /**
     * The shadow page table the vCPU must run on now ({@link ShadowContext}): BARE in virtual
     * M-mode or with satp.MODE = Bare, else S, S_SUM (sstatus.SUM set) or U by virtual privilege.
     *
     * <p>MPRV is not supported in virtual M-mode: M-mode code always runs on the BARE shadow,
     * whatever mstatus.MPRV and MPP say. This affects M-mode code that sets MPRV to load or
     * store through the S- or U-mode translation (firmware emulating a misaligned access or
     * reading a supervisor's buffer by its virtual address): it would access guest-physical
     * addresses instead. xv6's start.c and SBI guests (which never run in M) do not use it.
     */
    public static int shadowContext(VirtualHart v) {
        if (v.priv == Privilege.M || (v.satp >>> 60) == SATP_MODE_BARE) return ShadowContext.BARE;
        if (v.priv == Privilege.U) return ShadowContext.U;
        return (v.mstatus & SUM) != 0 ? ShadowContext.S_SUM : ShadowContext.S;
    }

    /**
     * Which of cycle (1), time (2), instret (4) the guest may read at its current virtual
     * privilege: all in M, mcounteren's in S, mcounteren &amp; scounteren in U. The hypervisor
     * puts this into the physical mcounteren and scounteren, so permitted reads run natively
     * (and read the physical counters: the hypervisor must keep the suppliers given to
     * {@link VirtualHart} consistent with them, or pass 0 and emulate every read) while
     * forbidden ones trap and {@link PrivilegedEmulator} reflects them. The hpmcounters are
     * left out: they always trap and read zero.
     */
    public static int nativeCounterEnable(VirtualHart v) {
        switch (v.priv) {
            case Privilege.M: return CY | TM | IR;
            case Privilege.S: return (int) (v.mcounteren & 7);
            default: return (int) (v.mcounteren & v.scounteren & 7);
        }
    }

    /**
     * The mtime at which the virtual STIP becomes pending through stimecmp (Sstc, menvcfg.STCE
     * = 1), if that is still ahead; Long.MAX_VALUE when Sstc is off, when STIP is already
     * pending by the comparator, or when the deadline is beyond 2^63 ticks (never, in practice).
     */
    public static long nextTimerDeadline(VirtualHart v) {
        if (!sstc(v) || v.stimecmp < 0) return Long.MAX_VALUE;
        return v.time.getAsLong() < v.stimecmp ? v.stimecmp : Long.MAX_VALUE;
    }
}
