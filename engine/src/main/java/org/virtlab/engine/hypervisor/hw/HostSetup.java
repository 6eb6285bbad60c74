package org.virtlab.engine.hypervisor.hw;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;

/**
 * The physical hart's M- and HS-level CSRs while a hardware-virtualized vCPU runs on it, and
 * the neutral state it is left in afterwards. This is what decides which guest events the
 * hardware handles alone and which ones exit to the hypervisor.
 *
 * <p>Exceptions (privileged spec, "Machine Trap Delegation"; H extension, "Hypervisor Trap
 * Delegation Registers" and "Trap Entry"): a trap from VS/VU goes to M unless its medeleg bit
 * is set; then to HS unless its hedeleg bit is set; then to VS. VirtLab's hypervisor stands in
 * M-mode and leaves HS-mode empty, so every exception the guest kernel handles itself has both
 * bits set ({@link #GUEST_EXCEPTIONS}: misaligned accesses, access faults, illegal
 * instruction, breakpoint, ecall from VU, page faults), and every exception the hypervisor
 * must see has neither: ecall from VS (SBI), the guest-page faults and virtual instruction.
 *
 * <p>Interrupts ("Hypervisor Interrupt Registers"): mideleg's VS bits are read-only one with
 * the H extension; hideleg passes VSSI, VSTI and VSEI on to VS-mode, so the guest takes its
 * software, timer (vstimecmp, Sstc) and external interrupts without an exit. The machine
 * timer and software interrupt stay in M: they end time slices and kick the hart.
 *
 * <p>hstatus.VTW = 1 makes a VS-mode WFI an exit (virtual instruction), so an idle guest gives
 * its hart back; VTVM and VTSR stay 0, so satp, SFENCE.VMA and SRET run in hardware.
 * Counters: mcounteren and hcounteren allow cycle, time and instret; the guest's scounteren
 * decides for its VU-mode. menvcfg.STCE and henvcfg.STCE give the guest vstimecmp.
 */
final class HostSetup {
    static final long GUEST_EXCEPTIONS = bit(Cause.INSTRUCTION_MISALIGNED) | bit(Cause.INSTRUCTION_ACCESS_FAULT)
            | bit(Cause.ILLEGAL_INSTRUCTION) | bit(Cause.BREAKPOINT) | bit(Cause.LOAD_MISALIGNED)
            | bit(Cause.LOAD_ACCESS_FAULT) | bit(Cause.STORE_MISALIGNED) | bit(Cause.STORE_ACCESS_FAULT)
            | bit(Cause.ECALL_FROM_U) | bit(Cause.INSTRUCTION_PAGE_FAULT) | bit(Cause.LOAD_PAGE_FAULT)
            | bit(Cause.STORE_PAGE_FAULT);
    static final long GUEST_INTERRUPTS = VsState.VS_INTERRUPTS;
    private static final long HSTATUS_VTW = 1L << 21;
    private static final long ENVCFG_STCE = 1L << 63;
    private static final long ALL_COUNTERS = 0xFFFF_FFFFL;

    private HostSetup() {
    }

    private static long bit(int n) {
        return 1L << n;
    }

    /** Sets up {@code hart} to run a VS guest whose G-stage is {@code hgatp}. */
    static void enter(Hart hart, long hgatp) {
        hart.writeCsr(CsrNames.MEDELEG, GUEST_EXCEPTIONS);
        hart.writeCsr(CsrNames.MIDELEG, 0);
        hart.writeCsr(CsrNames.HEDELEG, GUEST_EXCEPTIONS);
        hart.writeCsr(CsrNames.HIDELEG, GUEST_INTERRUPTS);
        hart.writeCsr(CsrNames.HSTATUS, HSTATUS_VTW);
        hart.writeCsr(CsrNames.MCOUNTEREN, ALL_COUNTERS);
        hart.writeCsr(CsrNames.HCOUNTEREN, ALL_COUNTERS);
        hart.writeCsr(CsrNames.MENVCFG, ENVCFG_STCE);
        hart.writeCsr(CsrNames.HENVCFG, ENVCFG_STCE);
        // Same hgatp (same domain, same VMID): the hart keeps its cached guest translations.
        if (hart.readCsr(CsrNames.HGATP) != hgatp) hart.writeCsr(CsrNames.HGATP, hgatp);
    }

    /**
     * Leaves {@code hart} so that nothing of the guest can reach HS-mode or fire later: no
     * delegation, no VS interrupt enabled or pending, no VS timer. hgatp and vsatp stay: they
     * mean nothing while V = 0, and the next vCPU of the same domain reuses the cached
     * translations.
     */
    static void neutral(Hart hart) {
        hart.writeCsr(CsrNames.MEDELEG, 0);
        hart.writeCsr(CsrNames.MIDELEG, 0);
        hart.writeCsr(CsrNames.HEDELEG, 0);
        hart.writeCsr(CsrNames.HIDELEG, 0);
        hart.writeCsr(CsrNames.MIE, hart.readCsr(CsrNames.MIE) & ~VsState.VS_INTERRUPTS);
        hart.writeCsr(CsrNames.HVIP, 0);
        hart.writeCsr(CsrNames.VSTIMECMP, -1);
        hart.writeCsr(CsrNames.HENVCFG, 0);
        hart.writeCsr(CsrNames.MENVCFG, 0);
        hart.writeCsr(CsrNames.HSTATUS, 0);
    }
}
