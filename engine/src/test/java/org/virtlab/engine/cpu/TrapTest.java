package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.virtlab.engine.cpu.Asm.*;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.HartHarness.*;
import static org.virtlab.engine.cpu.Privilege.M;
import static org.virtlab.engine.cpu.Privilege.S;
import static org.virtlab.engine.cpu.Privilege.U;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every exception cause the hart can raise, with its trap values; delegation; xRET; vectored
 * mode; platform-owned M-mode. References: privileged spec, "Machine Cause Register" (causes
 * and their priority), "Machine Trap Value Register", "Machine Trap Delegation Registers",
 * "Trap-Return Instructions"; H extension, "Trap Entry", "Machine Second Trap Value Register",
 * "Transformed Instruction or Pseudoinstruction for mtinst or htinst".
 *
 * <p>Cause 0 (instruction address misaligned) cannot occur: with C, IALIGN = 16, and every
 * control transfer clears or never sets bit 0.
 */
class TrapTest {

    @Test
    void instructionAccessFault() {
        HartHarness h = new HartHarness().program(jalr(0, 1, 0)).set(1, UNMAPPED);
        h.run(2);
        h.assertTrapToM(Cause.INSTRUCTION_ACCESS_FAULT, UNMAPPED, UNMAPPED);
        assertEquals(1, h.hart.counters().exceptions[1], "counters.exceptions[1]");
    }

    @Test
    void illegalInstruction() {
        HartHarness h = new HartHarness().program(0xFFFF_FFFF);
        h.step();
        h.assertTrapToM(Cause.ILLEGAL_INSTRUCTION, CODE, 0xFFFF_FFFFL);
        HartHarness c = new HartHarness().program(0x0000);
        c.step();
        c.assertTrapToM(Cause.ILLEGAL_INSTRUCTION, CODE, 0);
        assertEquals(1, c.hart.counters().exceptions[2], "counters.exceptions[2]");
    }

    @Test
    void breakpoint() {
        HartHarness h = new HartHarness().program(addi(0, 0, 0), ebreak());
        h.run(2);
        h.assertTrapToM(Cause.BREAKPOINT, CODE + 4, CODE + 4);
        HartHarness c = new HartHarness().program(cEbreak());
        c.step();
        c.assertTrapToM(Cause.BREAKPOINT, CODE, CODE);
    }

    @Test
    void misalignedAtomicsRaiseAddressMisaligned() {
        HartHarness h = new HartHarness().program(lrW(3, 1)).set(1, DATA + 2);
        h.step();
        h.assertTrapToM(Cause.LOAD_MISALIGNED, CODE, DATA + 2);
        h.program(amoD(AMOADD, 3, 1, 2)).set(1, DATA + 4).step();
        h.assertTrapToM(Cause.STORE_MISALIGNED, CODE, DATA + 4);
        h.program(scW(3, 1, 2)).set(1, DATA + 1).step();
        h.assertTrapToM(Cause.STORE_MISALIGNED, CODE, DATA + 1);
    }

    @Test
    void loadAndStoreAccessFaults() {
        HartHarness h = new HartHarness().program(ld(3, 1, 8)).set(1, UNMAPPED).set(3, 77);
        h.step();
        h.assertTrapToM(Cause.LOAD_ACCESS_FAULT, CODE, UNMAPPED + 8);
        assertEquals(77, h.x(3), "a faulting load does not write rd");
        h.program(sw(2, 1, -4)).set(1, UNMAPPED).step();
        h.assertTrapToM(Cause.STORE_ACCESS_FAULT, CODE, UNMAPPED - 4);
        h.program(amoW(AMOSWAP, 3, 1, 2)).set(1, UNMAPPED).step();
        h.assertTrapToM(Cause.STORE_ACCESS_FAULT, CODE, UNMAPPED);
        h.program(lrD(3, 1)).set(1, UNMAPPED).step();
        h.assertTrapToM(Cause.LOAD_ACCESS_FAULT, CODE, UNMAPPED);
    }

    @Test
    void pmpDeniesSupervisorAccess() {
        HartHarness h = new HartHarness();
        // Entry 0: DATA page, no permissions (NAPOT 4 KiB); entry 1: everything else.
        h.csr(PMPADDR0, (DATA >>> 2) | 0x1FF).csr(PMPADDR0 + 1, -1L).csr(PMPCFG0, 0x1F00 | 0x18);
        h.program(S, false, ld(3, 1, 0)).set(1, DATA).step();
        h.assertTrapToM(Cause.LOAD_ACCESS_FAULT, CODE, DATA);
        h.program(S, false, sd(3, 1, 0)).set(1, DATA).step();
        h.assertTrapToM(Cause.STORE_ACCESS_FAULT, CODE, DATA);
        h.program(M, false, ld(3, 1, 0)).set(1, DATA).step();
        assertEquals(CODE + 4, h.pc(), "M-mode is not bound by an unlocked entry");
    }

    /** Broke: the bytes on the page before the denied one were written before the fault. */
    @Test
    void aMisalignedStoreAcrossIntoAPmpDeniedPageWritesNothing() {
        HartHarness h = new HartHarness();
        // Entry 0: the DATA page, no permissions; entry 1: everything else. The sd starts 4 bytes before it.
        h.csr(PMPADDR0, (DATA >>> 2) | 0x1FF).csr(PMPADDR0 + 1, -1L).csr(PMPCFG0, 0x1F00 | 0x18);
        h.mem(DATA - 8, 8, 0x1111_1111_1111_1111L);
        h.program(S, false, sd(3, 1, 0)).set(1, DATA - 4).set(3, -1L).step();
        h.assertTrapToM(Cause.STORE_ACCESS_FAULT, CODE, DATA);
        assertEquals(0x1111_1111_1111_1111L, h.mem(DATA - 8, 8), "the first page's bytes are unchanged");
    }

    @Test
    void environmentCalls() {
        int[][] modes = {{U, 0, Cause.ECALL_FROM_U}, {S, 0, Cause.ECALL_FROM_HS}, {M, 0, Cause.ECALL_FROM_M},
            {S, 1, Cause.ECALL_FROM_VS}, {U, 1, Cause.ECALL_FROM_U}};
        for (int[] m : modes) {
            HartHarness h = new HartHarness().program(m[0], m[1] == 1, ecall());
            h.step();
            h.assertTrapToM(m[2], CODE, 0);
            assertEquals(m[0], (h.csr(MSTATUS) >>> 11) & 3, "MPP after ecall from " + Privilege.name(m[0], m[1] == 1));
            assertEquals(m[1], (h.csr(MSTATUS) >>> 39) & 1, "MPV after ecall from " + Privilege.name(m[0], m[1] == 1));
            assertEquals(1, h.hart.counters().exceptions[m[2]], "counted");
        }
    }

    // ---- page faults (Sv39) -----------------------------------------------------------------------

    /** S-mode with Sv39: the gigapage at 0x8000_0000 mapped to itself, nothing else. */
    private static HartHarness sv39() {
        HartHarness h = new HartHarness();
        long satp = h.mapGigapage(TABLES, CODE, CODE, LEAF_RWX, false);
        h.csr(SATP, satp);
        return h;
    }

    @Test
    void pageFaults() {
        long va = 0x4000_1234L;
        HartHarness h = sv39();
        h.program(S, false, jalr(0, 1, 0)).set(1, va).run(2);
        h.assertTrapToM(Cause.INSTRUCTION_PAGE_FAULT, va, va);
        h.program(S, false, lw(3, 1, 0)).set(1, va).step();
        h.assertTrapToM(Cause.LOAD_PAGE_FAULT, CODE, va);
        h.program(S, false, sh(3, 1, 0)).set(1, va).step();
        h.assertTrapToM(Cause.STORE_PAGE_FAULT, CODE, va);
        h.program(S, false, amoW(AMOADD, 3, 1, 2)).set(1, va).step();
        h.assertTrapToM(Cause.STORE_PAGE_FAULT, CODE, va);
        h.program(S, false, ld(3, 1, 0)).set(1, 0x0000_0040_0000_0000L).step();
        h.assertTrapToM(Cause.LOAD_PAGE_FAULT, CODE, 0x0000_0040_0000_0000L);   // not sign-extended from bit 38
    }

    @Test
    void userPageRulesRaisePageFaults() {
        HartHarness h = new HartHarness();
        h.csr(SATP, h.mapGigapage(TABLES, CODE, CODE, LEAF_RWX, false));         // U = 0
        h.program(U, false, addi(0, 0, 0)).step();
        h.assertTrapToM(Cause.INSTRUCTION_PAGE_FAULT, CODE, CODE);
        h.mapGigapage(TABLES, CODE, CODE, LEAF_RWX | PTE_U, false);
        h.hart.flushTranslations();
        h.program(S, false, ld(3, 1, 0)).set(1, DATA).step();
        h.assertTrapToM(Cause.INSTRUCTION_PAGE_FAULT, CODE, CODE);                   // S never executes U pages
    }

    // ---- guest-page faults (G-stage) --------------------------------------------------------------

    /** VS-mode with vsatp Bare and hgatp Sv39x4 mapping guest 0x8000_0000 GiB to itself (U=1). */
    static HartHarness guest() {
        HartHarness h = new HartHarness();
        h.csr(HGATP, h.mapGigapage(TABLES, CODE, CODE, LEAF_RWX | PTE_U, true));
        return h;
    }

    @Test
    void guestPageFaultsToM() {
        long gpa = 0x4000_0008L;
        HartHarness h = guest();
        h.program(S, true, ld(3, 1, 0)).set(1, gpa).step();
        h.assertTrapToM(Cause.LOAD_GUEST_PAGE_FAULT, CODE, gpa);
        assertEquals(gpa >>> 2, h.csr(MTVAL2), "mtval2 = guest physical address >> 2");
        assertEquals((3L << 12) | (3L << 7) | 0x03, h.csr(MTINST), "mtinst = transformed ld x3 (rs1, imm zeroed)");
        assertEquals(1, (h.csr(MSTATUS) >>> 38) & 1, "mstatus.GVA: mtval is a guest virtual address");
        assertEquals(1, (h.csr(MSTATUS) >>> 39) & 1, "mstatus.MPV");

        h.program(S, true, sd(5, 1, 0)).set(1, gpa).step();
        h.assertTrapToM(Cause.STORE_GUEST_PAGE_FAULT, CODE, gpa);
        assertEquals((5L << 20) | (3L << 12) | 0x23, h.csr(MTINST), "mtinst = transformed sd x5");

        h.program(S, true, jalr(0, 1, 0)).set(1, gpa).run(2);
        h.assertTrapToM(Cause.INSTRUCTION_GUEST_PAGE_FAULT, gpa, gpa);
        assertEquals(gpa >>> 2, h.csr(MTVAL2), "mtval2 for a fetch");
        assertEquals(0, h.csr(MTINST), "mtinst 0 for an instruction guest-page fault");
    }

    @Test
    void guestPageFaultFromCompressedLoadToHs() {
        long gpa = 0x4000_0010L;
        HartHarness h = guest().csr(MEDELEG, 1L << Cause.LOAD_GUEST_PAGE_FAULT);
        h.program(S, true, cLw(9, 8, 0)).set(8, gpa).step();
        assertEquals(S_TRAP, h.pc(), "delegated to HS");
        assertEquals(Cause.LOAD_GUEST_PAGE_FAULT, h.csr(SCAUSE));
        assertEquals(gpa, h.csr(STVAL));
        assertEquals(gpa >>> 2, h.csr(HTVAL), "htval");
        assertEquals((2L << 12) | (9L << 7) | 0x01, h.csr(HTINST),
                "htinst = transformed lw x9 with bit 1 cleared (the instruction was compressed)");
        long hs = h.csr(HSTATUS);
        assertEquals(1, (hs >>> 6) & 1, "hstatus.GVA");
        assertEquals(1, (hs >>> 7) & 1, "hstatus.SPV");
        assertEquals(1, (hs >>> 8) & 1, "hstatus.SPVP = VS");
        assertEquals(false, h.hart.virtualMode(), "V = 0 in HS");
    }

    @Test
    void virtualInstructionCause() {
        HartHarness h = new HartHarness().program(S, true, csrr(1, HSTATUS));
        h.step();
        h.assertTrapToM(Cause.VIRTUAL_INSTRUCTION, CODE, csrr(1, HSTATUS) & 0xFFFF_FFFFL);
    }

    // ---- delegation ---------------------------------------------------------------------------

    @Test
    void medelegSendsExceptionsToS() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION).csr(SSTATUS, 2);
        h.program(U, false, 0xFFFF_FFFF).step();
        assertEquals(S_TRAP, h.pc(), "delegated illegal instruction enters stvec");
        assertEquals(S, h.hart.privilege());
        assertEquals(Cause.ILLEGAL_INSTRUCTION, h.csr(SCAUSE));
        assertEquals(CODE, h.csr(SEPC));
        assertEquals(0xFFFF_FFFFL, h.csr(STVAL));
        long ss = h.csr(SSTATUS);
        assertEquals(0, (ss >>> 8) & 1, "SPP = U");
        assertEquals(1, (ss >>> 5) & 1, "SPIE = old SIE");
        assertEquals(0, (ss >>> 1) & 1, "SIE cleared");
        assertEquals(0, h.csr(MCAUSE), "M-mode untouched");
    }

    @Test
    void noDelegationFromM() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION);
        h.program(M, false, 0xFFFF_FFFF).step();
        h.assertTrapToM(Cause.ILLEGAL_INSTRUCTION, CODE, 0xFFFF_FFFFL);
    }

    @Test
    void hedelegSendsGuestExceptionsToVs() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ECALL_FROM_U | 1L << Cause.ILLEGAL_INSTRUCTION)
                .csr(HEDELEG, 1L << Cause.ECALL_FROM_U);
        h.program(U, true, ecall()).step();
        assertEquals(VS_TRAP, h.pc(), "ecall from VU, delegated twice, enters vstvec");
        assertEquals(S, h.hart.privilege());
        assertEquals(true, h.hart.virtualMode(), "stays virtual");
        assertEquals(Cause.ECALL_FROM_U, h.csr(VSCAUSE));
        assertEquals(CODE, h.csr(VSEPC));
        assertEquals(0, (h.csr(VSSTATUS) >>> 8) & 1, "vsstatus.SPP = U");
        assertEquals(0, h.csr(SCAUSE), "HS untouched");

        h.program(U, true, 0xFFFF_FFFF).step();                 // medeleg but not hedeleg: HS
        assertEquals(S_TRAP, h.pc(), "illegal instruction from VU goes to HS when hedeleg does not pass it on");
        assertEquals(0, (h.csr(HSTATUS) >>> 8) & 1, "hstatus.SPVP = VU");
        assertEquals(1, (h.csr(HSTATUS) >>> 7) & 1, "hstatus.SPV");
    }

    @Test
    void exceptionsFromHsIgnoreHedeleg() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION).csr(HEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION)
                .csr(HSTATUS, 1L << 7 | 1L << 8);
        h.program(S, false, 0xFFFF_FFFF).step();
        assertEquals(S_TRAP, h.pc(), "V=0: hedeleg does not apply");
        assertEquals(0, (h.csr(HSTATUS) >>> 7) & 1, "SPV := V = 0");
        assertEquals(1, (h.csr(HSTATUS) >>> 8) & 1, "SPVP unchanged when trapping from V=0");
    }

    // ---- xRET ---------------------------------------------------------------------------------------

    @Test
    void mretToVs() {
        HartHarness h = new HartHarness();
        h.csr(MSTATUS, (1L << 11) | (1L << 39) | (1L << 7) | (1L << 17)).csr(MEPC, CODE + 0x100);
        h.program(mret()).step();
        assertEquals(CODE + 0x100, h.pc());
        assertEquals(S, h.hart.privilege());
        assertEquals(true, h.hart.virtualMode(), "MPV = 1: back to VS");
        long ms = h.csr(MSTATUS);
        assertEquals(1, (ms >>> 3) & 1, "MIE = MPIE");
        assertEquals(1, (ms >>> 7) & 1, "MPIE = 1");
        assertEquals(0, (ms >>> 11) & 3, "MPP = U");
        assertEquals(0, (ms >>> 39) & 1, "MPV = 0");
        assertEquals(0, (ms >>> 17) & 1, "MPRV cleared when returning below M");
    }

    @Test
    void mretToMKeepsMprv() {
        HartHarness h = new HartHarness();
        h.csr(MSTATUS, (3L << 11) | (1L << 17)).csr(MEPC, CODE + 0x40);
        h.program(mret()).step();
        assertEquals(M, h.hart.privilege());
        assertEquals(1, (h.csr(MSTATUS) >>> 17) & 1, "MPRV kept when MPP = M");
        assertEquals(0, (h.csr(MSTATUS) >>> 3) & 1, "MIE = MPIE = 0");
    }

    @Test
    void mretFromSIsIllegal() {
        HartHarness h = new HartHarness();
        h.program(S, false, mret()).step();
        h.assertTrapToM(Cause.ILLEGAL_INSTRUCTION, CODE, mret() & 0xFFFF_FFFFL);
    }

    @Test
    void sretFromHsToVs() {
        HartHarness h = new HartHarness();
        h.csr(MSTATUS, (1L << 8) | (1L << 5) | (1L << 17)).csr(HSTATUS, (1L << 7) | (1L << 8)).csr(SEPC, CODE + 0x80);
        h.program(S, false, sret()).step();
        assertEquals(CODE + 0x80, h.pc());
        assertEquals(S, h.hart.privilege(), "SPP = S");
        assertEquals(true, h.hart.virtualMode(), "SPV = 1");
        long ms = h.csr(MSTATUS);
        assertEquals(1, (ms >>> 1) & 1, "SIE = SPIE");
        assertEquals(1, (ms >>> 5) & 1, "SPIE = 1");
        assertEquals(0, (ms >>> 8) & 1, "SPP = U");
        assertEquals(0, (ms >>> 17) & 1, "MPRV cleared");
        assertEquals(0, (h.csr(HSTATUS) >>> 7) & 1, "hstatus.SPV = 0");
        assertEquals(1, (h.csr(HSTATUS) >>> 8) & 1, "hstatus.SPVP untouched");
    }

    @Test
    void sretInsideTheGuestUsesVsstatus() {
        HartHarness h = new HartHarness();
        h.csr(VSSTATUS, (1L << 5)).csr(VSEPC, CODE + 0x60).csr(SEPC, CODE + 0x90);
        h.program(S, true, sret()).step();
        assertEquals(CODE + 0x60, h.pc(), "vsepc");
        assertEquals(U, h.hart.privilege(), "vsstatus.SPP = U");
        assertEquals(true, h.hart.virtualMode(), "still virtual: VU");
        assertEquals(0x22, h.csr(VSSTATUS) & 0x122, "vsstatus: SIE = old SPIE (1), SPIE = 1, SPP = U");
    }

    @Test
    void sretTrapsUnderTsrAndInU() {
        HartHarness h = new HartHarness().csr(MSTATUS, 1L << 22);
        assertEquals(Cause.ILLEGAL_INSTRUCTION, h.causeOf(S, false, sret()), "SRET in HS with TSR");
        h.csr(MSTATUS, 0);
        assertEquals(Cause.ILLEGAL_INSTRUCTION, h.causeOf(U, false, sret()), "SRET in U");
        h.csr(MSTATUS, 1L << 22).csr(SEPC, CODE + 0x40);
        assertEquals(-1, h.causeOf(M, false, sret()), "M may execute SRET even with TSR");
        assertEquals(CODE + 0x40, h.pc(), "SRET from M went to sepc");
    }

    // ---- PMP on instruction fetch, below page granularity ----------------------------------------

    /** The upper half of the CODE page, [CODE + 0x800, CODE + 0x1000). */
    private static final long NO_X = CODE + 0x800;

    private static HartHarness upperHalfNotExecutable() {
        return takeExecuteFromUpperHalf(new HartHarness());
    }

    /**
     * PMP entry 0 takes X away from S and U for the upper half of the CODE page (NAPOT, 2 KiB,
     * R W); entry 1 grants the rest of memory R W X.
     */
    private static HartHarness takeExecuteFromUpperHalf(HartHarness h) {
        h.csr(PMPADDR0, (NO_X | 0x3FF) >>> 2);
        h.csr(PMPADDR0 + 1, -1L);
        h.csr(PMPCFG0, 0x1FL << 8 | 0x1B);
        return h;
    }

    /**
     * Broke: the page was fetched (and PMP checked) once, at the first instruction; the rest of
     * the page ran unchecked although only the whole page is cached in the fetch TLB.
     */
    @Test
    void pmpStopsFetchFallingThroughIntoANonExecutablePartOfThePage() {
        HartHarness h = upperHalfNotExecutable();
        h.load(NO_X - 8, addi(5, 5, 1), addi(5, 5, 1), addi(5, 5, 1));
        h.hart.setMode(S, false);
        h.hart.setPc(NO_X - 8);
        h.run(3);
        h.assertTrapToM(Cause.INSTRUCTION_ACCESS_FAULT, NO_X, NO_X);
        assertEquals(2, h.x(5), "the two instructions below the boundary ran, the one above did not");
    }

    @Test
    void pmpStopsAJumpWithinThePageIntoANonExecutablePart() {
        HartHarness h = upperHalfNotExecutable();
        h.load(NO_X + 0x100, addi(5, 0, 1));
        h.program(S, false, addi(6, 0, 1), jal(0, NO_X + 0x100 - (CODE + 4))).run(3);
        h.assertTrapToM(Cause.INSTRUCTION_ACCESS_FAULT, NO_X + 0x100, NO_X + 0x100);
        assertEquals(1, h.x(6));
        assertEquals(0, h.x(5), "the instruction in the non-executable part did not run");
    }

    /** A 32-bit instruction whose upper half lies in a PMP granule without X faults at that half. */
    @Test
    void pmpChecksBothHalvesOfAnInstructionStraddlingAGranuleBoundary() {
        HartHarness h = upperHalfNotExecutable();
        h.load(NO_X - 4, cNop(), addi(5, 0, 1));
        h.hart.setMode(S, false);
        h.hart.setPc(NO_X - 4);
        h.run(2);
        h.assertTrapToM(Cause.INSTRUCTION_ACCESS_FAULT, NO_X - 2, NO_X);
        assertEquals(0, h.x(5));
    }

    /**
     * A block translated while the whole page was executable must not run once PMP denies part
     * of the page (translated code lives with the physical page, not with the PMP setting or the
     * hart): the interpreter checks each fetch there instead.
     */
    @Test
    void translatedBlockDoesNotRunPastPmpOnAPartlyExecutablePage() {
        HartHarness h = new HartHarness();
        h.hart.setTranslationThreshold(1);
        h.load(NO_X - 8, addi(5, 5, 1), addi(5, 5, 1), addi(5, 5, 1), addi(5, 5, 1), jal(0, 0));
        h.program(S, false, jal(0, NO_X - 8 - CODE)).run(1);
        assertEquals(1, h.hart.counters().blocksTranslated, "the jump translated the block");
        takeExecuteFromUpperHalf(h);
        h.hart.setX(5, 0);
        h.hart.setPc(NO_X - 8);
        h.run(5);
        h.assertTrapToM(Cause.INSTRUCTION_ACCESS_FAULT, NO_X, NO_X);
        assertEquals(2, h.x(5), "only the instructions below the boundary ran");
    }

    // ---- vectored mode ------------------------------------------------------------------------

    @Test
    void vectoredMtvecOffsetsInterruptsOnly() {
        HartHarness h = new HartHarness().csr(MTVEC, M_TRAP | 1);
        h.program(U, false, ecall()).step();
        assertEquals(M_TRAP, h.pc(), "exceptions go to the base even in vectored mode");
        h.csr(MIE, 1L << 7);
        h.hart.setInterruptLine(7, true);
        h.program(U, false, addi(0, 0, 0)).step();
        assertEquals(M_TRAP + 4 * 7, h.pc() , "machine timer interrupt goes to base + 4 * 7");
        assertEquals(Cause.INTERRUPT | 7, h.csr(MCAUSE));
    }

    @Test
    void vectoredStvec() {
        HartHarness h = new HartHarness().csr(STVEC, S_TRAP | 1).csr(MIDELEG, 1L << 1).csr(MIE, 1L << 1).csr(MIP, 1L << 1);
        h.program(U, false, addi(0, 0, 0)).step();
        assertEquals(S_TRAP + 4, h.pc(), "supervisor software interrupt at stvec base + 4");
    }

    // ---- platform-owned M-mode -------------------------------------------------------------------

    @Test
    void platformOwnedMachineModeReceivesTrapValues() {
        HartHarness h = new HartHarness();
        List<Trap> traps = new ArrayList<>();
        h.hart.setPlatformOwner(M, (hart, trap) -> {
            traps.add(trap);
            hart.setX(10, 0x5B1);                       // an SBI-style return value in a0
            hart.setPc(trap.pc() + 4);
        });
        h.program(S, false, addi(17, 0, 7), ecall(), addi(11, 10, 1)).run(3);
        assertEquals(1, traps.size(), "one trap reached the Java handler");
        Trap t = traps.get(0);
        assertEquals(Cause.ECALL_FROM_HS, t.cause());
        assertEquals(CODE + 4, t.pc());
        assertEquals(S, t.fromPriv());
        assertEquals(false, t.fromVirt());
        assertEquals(0x5B2, h.x(11), "the guest resumed after the ecall and saw a0");
        assertEquals(S, h.hart.privilege(), "still in S: no M-mode state was entered");
        assertEquals(0, h.csr(MCAUSE), "mcause untouched");
        assertEquals(1, h.hart.counters().platformTraps);
        assertEquals(1, h.hart.counters().exceptions[Cause.ECALL_FROM_HS]);
    }

    @Test
    void platformHandlerCanResumeAnywhereAndSeesTval() {
        HartHarness h = new HartHarness();
        Trap[] seen = new Trap[1];
        h.hart.setPlatformOwner(M, (hart, trap) -> {
            seen[0] = trap;
            hart.setMode(U, false);
            hart.setPc(CODE + 0x200);
        });
        h.load(CODE + 0x200, addi(5, 0, 9));
        h.program(S, false, ld(3, 1, 0)).set(1, UNMAPPED).run(2);
        assertNotNull(seen[0]);
        assertEquals(Cause.LOAD_ACCESS_FAULT, seen[0].cause());
        assertEquals(UNMAPPED, seen[0].tval());
        assertEquals(CODE, seen[0].pc());
        assertEquals(9, h.x(5), "resumed at the handler's chosen pc");
        assertEquals(U, h.hart.privilege(), "in the handler's chosen mode");
    }

    // ---- platform-owned HS-mode (a hypervisor in Java) --------------------------------------------

    /** Records the traps an HS-mode owner receives; it resumes the guest 4 bytes on in VS-mode. */
    private static List<Trap> ownHs(HartHarness h) {
        List<Trap> traps = new ArrayList<>();
        h.hart.setPlatformOwner(S, (hart, trap) -> {
            traps.add(trap);
            hart.setMode(S, true);
            hart.setPc(trap.pc() + 4);
        });
        return traps;
    }

    @Test
    void hsOwnerReceivesTrapsFromVsThatGoToHs() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ECALL_FROM_VS);
        List<Trap> traps = new ArrayList<>();
        int[] modeSeen = new int[2];
        h.hart.setPlatformOwner(S, (hart, trap) -> {
            traps.add(trap);
            modeSeen[0] = hart.privilege();
            modeSeen[1] = hart.virtualMode() ? 1 : 0;
            hart.setX(10, 0x4E5);
            hart.setMode(U, false);                      // resume elsewhere, in another mode
            hart.setPc(CODE + 0x200);
        });
        h.load(CODE + 0x200, addi(5, 10, 1));
        h.program(S, true, addi(0, 0, 0), ecall()).run(3);
        assertEquals(1, traps.size(), "the ecall reached the Java hypervisor");
        Trap t = traps.get(0);
        assertEquals(Cause.ECALL_FROM_VS, t.cause());
        assertEquals(CODE + 4, t.pc());
        assertEquals(0, t.tval());
        assertEquals(S, t.fromPriv());
        assertEquals(true, t.fromVirt());
        assertEquals(S, modeSeen[0], "the handler sees the hart still in VS");
        assertEquals(1, modeSeen[1]);
        assertEquals(0x4E6, h.x(5), "resumed at the handler's pc, seeing its a0");
        assertEquals(U, h.hart.privilege(), "in the handler's chosen mode");
        assertEquals(false, h.hart.virtualMode());
        assertEquals(0, h.csr(SCAUSE), "no HS trap state was written");
        assertEquals(0, h.csr(SEPC));
        assertEquals(0, h.csr(HSTATUS) & (1L << 7), "hstatus.SPV untouched");
        assertEquals(1, h.hart.counters().platformTraps);
    }

    @Test
    void hsOwnerReceivesTrapsFromVuAndUWithTheirTrapValues() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ILLEGAL_INSTRUCTION | 1L << Cause.LOAD_ACCESS_FAULT);
        List<Trap> traps = ownHs(h);
        h.program(U, true, 0xFFFF_FFFF).step();
        h.program(U, false, ld(3, 1, 8)).set(1, UNMAPPED).step();
        assertEquals(2, traps.size());
        Trap vu = traps.get(0);
        assertEquals(Cause.ILLEGAL_INSTRUCTION, vu.cause());
        assertEquals(0xFFFF_FFFFL, vu.tval(), "tval: the instruction bits");
        assertEquals(CODE, vu.pc());
        assertEquals(U, vu.fromPriv());
        assertEquals(true, vu.fromVirt());
        Trap u = traps.get(1);
        assertEquals(Cause.LOAD_ACCESS_FAULT, u.cause());
        assertEquals(UNMAPPED + 8, u.tval(), "tval: the faulting address");
        assertEquals(CODE, u.pc());
        assertEquals(U, u.fromPriv());
        assertEquals(false, u.fromVirt());
        assertEquals(CODE + 4, h.pc(), "resumed where the handler said");
        assertEquals(true, h.hart.virtualMode());
    }

    @Test
    void hsOwnerReceivesInterruptsThatGoToHs() {
        HartHarness h = new HartHarness().csr(MIDELEG, 1L << 1).csr(MIE, 1L << 1);
        List<Trap> traps = new ArrayList<>();
        h.hart.setPlatformOwner(S, (hart, trap) -> {
            traps.add(trap);
            hart.writeCsr(MIP, 0);
            hart.setPc(trap.pc());
        });
        h.program(S, true, addi(0, 0, 0), addi(0, 0, 0)).step();
        h.csr(MIP, 1L << 1);                                  // SSIP: delegated to HS, not to VS
        h.step();
        assertEquals(1, traps.size());
        assertEquals(Cause.INTERRUPT | 1, traps.get(0).cause());
        assertEquals(CODE + 4, traps.get(0).pc(), "interrupted before the second instruction");
        assertEquals(true, traps.get(0).fromVirt());
    }

    @Test
    void hsOwnerIsNotCalledForTrapsThatGoToMOrVs() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.BREAKPOINT).csr(HEDELEG, 1L << Cause.BREAKPOINT);
        List<Trap> traps = ownHs(h);
        h.program(S, true, ebreak()).step();
        assertEquals(VS_TRAP, h.pc(), "delegated on to VS by hedeleg");
        assertEquals(Cause.BREAKPOINT, h.csr(VSCAUSE));
        h.program(S, true, ecall()).step();
        h.assertTrapToM(Cause.ECALL_FROM_VS, CODE, 0);       // not in medeleg: M
        h.program(U, false, 0xFFFF_FFFF).step();
        h.assertTrapToM(Cause.ILLEGAL_INSTRUCTION, CODE, 0xFFFF_FFFFL);
        h.program(M, false, ebreak()).step();
        h.assertTrapToM(Cause.BREAKPOINT, CODE, CODE);       // medeleg never applies to traps from M
        assertEquals(0, traps.size(), "the HS owner saw none of them");
        assertEquals(0, h.hart.counters().platformTraps);
    }

    /**
     * PlatformTrapHandler's contract: "On entry the hart is exactly as it was when it trapped".
     * A load that faults in the interpreter's fast path must show its own pc through hart.pc().
     */
    @Test
    void platformHandlerSeesTheFaultingPc() {
        HartHarness h = new HartHarness();
        long[] pcSeen = new long[1];
        h.hart.setPlatformOwner(M, (hart, trap) -> {
            pcSeen[0] = hart.pc();
            hart.setPc(trap.pc() + 4);
        });
        h.program(S, false, addi(0, 0, 0), addi(0, 0, 0), ld(3, 1, 0), addi(4, 0, 1)).set(1, UNMAPPED).run(4);
        assertEquals(CODE + 8, pcSeen[0], "hart.pc() inside the handler");
        assertEquals(1, h.x(4), "resumed after the load");
    }
}
