package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.cpu.Asm.*;

import org.junit.jupiter.api.Test;

/**
 * The measurements every later lab relies on (shared/DESIGN.md section 4): instructions retired
 * per mode, traps by cause, TLB misses and page walks — exact, including across MRET/SRET
 * (which retire in the mode they leave) and trapping instructions (which retire nowhere).
 */
class HartCountersTest {
    private static final int M = HartCounters.MODE_M, HS = HartCounters.MODE_HS, U = HartCounters.MODE_U;
    private static final long S_CODE = HartHarness.CODE + 0x100;

    private static long[] retired(HartHarness t) {
        return t.hart.counters().retiredByMode.clone();
    }

    @Test
    void retiredInstructionsAreCreditedToTheModeTheyRanIn() {
        HartHarness t = new HartHarness();
        t.csr(CsrNames.MSTATUS, 1L << 11);                     // MPP = S
        t.set(5, S_CODE);
        t.program(addi(1, 0, 1), addi(1, 1, 1), csrw(CsrNames.MEPC, 5), mret());   // 4 in M
        t.load(S_CODE, addi(2, 0, 1), addi(2, 2, 1), addi(2, 2, 1), ecall());      // 3 in S, ecall traps
        t.run(8);
        long[] r = retired(t);
        assertEquals(4, r[M], "M-mode: two addi, the csrw and the mret");
        assertEquals(3, r[HS], "S-mode: three addi; the trapping ecall retires nowhere");
        assertEquals(7, t.hart.counters().retired(), "sum over modes");
        assertEquals(7, t.hart.retired(), "the hart's own retired count agrees");
        assertEquals(1, t.hart.counters().exceptions[Cause.ECALL_FROM_HS], "one ecall from S");
        assertEquals(HartHarness.M_TRAP, t.pc(), "the ecall trapped to mtvec");
    }

    @Test
    void sretCountsInSupervisorModeAndUserInstructionsInU() {
        HartHarness t = new HartHarness();
        t.csr(CsrNames.SSTATUS, 0);                            // SPP = U
        t.set(5, S_CODE);
        t.program(Privilege.S, false, csrw(CsrNames.SEPC, 5), sret());             // 2 in S
        t.load(S_CODE, addi(3, 0, 7), addi(3, 3, 1), ecall());                     // 2 in U, ecall traps
        t.run(5);
        long[] r = retired(t);
        assertEquals(2, r[HS], "S-mode: csrw sepc and the sret");
        assertEquals(2, r[U], "U-mode: two addi");
        assertEquals(0, r[M], "nothing ran in M");
        assertEquals(1, t.hart.counters().exceptions[Cause.ECALL_FROM_U]);
    }

    /**
     * VS and VU have their own counters: MRET into VS retires in M, SRET from VS to VU in VS,
     * and a hot loop in VU, which runs as translated code, is counted instruction by instruction.
     */
    @Test
    void virtualModesAreCountedInVsAndVu() {
        int vs = HartCounters.MODE_VS, vu = HartCounters.MODE_VU;
        long vuCode = HartHarness.CODE + 0x200;
        HartHarness t = new HartHarness();
        t.csr(CsrNames.MSTATUS, 1L << 11 | 1L << 39);         // MPP = S, MPV = 1: MRET enters VS
        t.set(5, S_CODE).set(6, vuCode).set(7, 300);
        t.program(csrw(CsrNames.MEPC, 5), mret());                                       // 2 in M
        t.load(S_CODE, addi(1, 0, 1), addi(1, 1, 1), csrw(CsrNames.SEPC, 6), sret());    // 4 in VS (SPP = U)
        t.load(vuCode, addi(2, 0, 1), addi(8, 8, 1), bne(8, 7, -4), ecall());           // 1 + 600 in VU, ecall traps
        t.run(2 + 4 + 1 + 600 + 1);
        long[] r = retired(t);
        assertEquals(HartHarness.M_TRAP, t.pc(), "the ecall from VU trapped to M");
        assertEquals(Cause.ECALL_FROM_U, t.csr(CsrNames.MCAUSE));
        assertEquals(2, r[M], "M-mode: csrw mepc and the mret");
        assertEquals(4, r[vs], "VS-mode: two addi, csrw sepc (vsepc) and the sret");
        assertEquals(601, r[vu], "VU-mode: one addi and 300 rounds of the two-instruction loop");
        assertEquals(0, r[HS] + r[U], "nothing ran in HS or U");
        assertEquals(607, t.hart.retired(), "the hart's own retired count agrees");
        assertTrue(t.hart.counters().blocksTranslated > 0, "the VU loop ran translated");
    }

    @Test
    void aFaultingLoadRetiresNowhereAndTheCountStaysExact() {
        HartHarness t = new HartHarness();
        t.set(6, HartHarness.UNMAPPED);
        t.program(addi(1, 0, 1), addi(1, 1, 1), lw(2, 6, 0));  // the load faults (access fault)
        t.run(3);
        assertEquals(2, retired(t)[M], "the faulting load does not retire");
        assertEquals(1, t.hart.counters().exceptions[Cause.LOAD_ACCESS_FAULT]);
        assertEquals(2, t.hart.retired());
    }

    @Test
    void interruptsAreCountedByCause() {
        HartHarness t = new HartHarness();
        t.csr(CsrNames.MIE, 1L << Cause.MACHINE_SOFTWARE);
        t.csr(CsrNames.MSTATUS, 1L << 3);                      // MIE
        t.program(addi(1, 0, 1), addi(1, 1, 1));
        t.run(1);
        t.hart.setInterruptLine(Cause.MACHINE_SOFTWARE, true);
        t.run(1);
        assertEquals(1, t.hart.counters().interrupts[Cause.MACHINE_SOFTWARE], "one machine software interrupt");
        assertEquals(HartHarness.M_TRAP, t.pc() & ~0xFFFL, "taken to mtvec");
        assertEquals(Cause.INTERRUPT | Cause.MACHINE_SOFTWARE, t.csr(CsrNames.MCAUSE));
    }

    @Test
    void pagingCountsTlbMissesAndPageWalks() {
        HartHarness t = new HartHarness();
        long satp = t.mapGigapage(HartHarness.TABLES, 0x8000_0000L, 0x8000_0000L, 0xCF, false); // V R W X A D, S only
        t.csr(CsrNames.SATP, satp);
        t.set(6, HartHarness.DATA);
        int[] loop = new int[40];
        for (int i = 0; i < loop.length; i++) loop[i] = lw(2, 6, 0);   // 40 loads of the same page
        t.program(Privilege.S, false, loop);
        t.run(loop.length);
        HartCounters c = t.hart.counters();
        assertEquals(40, retired(t)[HS], "every load retired in S-mode");
        assertTrue(c.pageWalks >= 2 && c.pageWalks <= 3,
                "one walk to fetch the code page and one for the data page (gigapage: both in one), got " + c.pageWalks);
        assertTrue(c.tlbMisses >= 2 && c.tlbMisses <= 3, "the TLBs then hit; misses: " + c.tlbMisses);
    }
}
