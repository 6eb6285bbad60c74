package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import java.util.ArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.virtlab.engine.cpu.Asm.*;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.HartHarness.*;
import static org.virtlab.engine.cpu.Privilege.M;
import static org.virtlab.engine.cpu.Privilege.S;
import static org.virtlab.engine.cpu.Privilege.U;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The H extension: the virtual-instruction cases (H extension, "Virtual-Instruction
 * Exceptions"), environment calls from VS/VU, trap entry into HS from V=1, hypervisor loads and
 * stores, and a machine built without H.
 */
class HypervisorTest {
    private static final int ILLEGAL = Cause.ILLEGAL_INSTRUCTION, VIRTUAL = Cause.VIRTUAL_INSTRUCTION;
    private static final long TSR = 1L << 22, TW = 1L << 21, TVM = 1L << 20;
    private static final long VTSR = 1L << 22, VTW = 1L << 21, VTVM = 1L << 20, HU = 1L << 9;

    static Stream<Arguments> cases() {
        // name, priv, virt, mstatus, hstatus, instruction, expected cause (-1: executes)
        return Stream.of(
                Arguments.of("hlv.b in VS", S, true, 0L, 0L, hlvB(1, 2), VIRTUAL),
                Arguments.of("hlv.d in VU", U, true, 0L, HU, hlvD(1, 2), VIRTUAL),
                Arguments.of("hlvx.hu in VS", S, true, 0L, 0L, hlvxHu(1, 2), VIRTUAL),
                Arguments.of("hsv.w in VS", S, true, 0L, 0L, hsvW(2, 1), VIRTUAL),
                Arguments.of("hsv.d in VU", U, true, 0L, 0L, hsvD(2, 1), VIRTUAL),
                Arguments.of("hfence.vvma in VS", S, true, 0L, 0L, hfenceVvma(0, 0), VIRTUAL),
                Arguments.of("hfence.gvma in VS", S, true, 0L, 0L, hfenceGvma(0, 0), VIRTUAL),
                Arguments.of("hfence.vvma in VU", U, true, 0L, 0L, hfenceVvma(0, 0), VIRTUAL),
                Arguments.of("hfence.gvma in VU", U, true, 0L, 0L, hfenceGvma(0, 0), VIRTUAL),
                Arguments.of("hlv.w in U without HU", U, false, 0L, 0L, hlvW(1, 2), ILLEGAL),
                Arguments.of("hlv.w in U with HU", U, false, 0L, HU, hlvW(1, 2), -1),
                Arguments.of("hlv.w in HS", S, false, 0L, 0L, hlvW(1, 2), -1),
                Arguments.of("hlv.w in M", M, false, 0L, 0L, hlvW(1, 2), -1),
                Arguments.of("hfence.vvma in U", U, false, 0L, HU, hfenceVvma(0, 0), ILLEGAL),
                Arguments.of("hfence.gvma in HS with TVM", S, false, TVM, 0L, hfenceGvma(0, 0), ILLEGAL),
                Arguments.of("hfence.vvma in HS with TVM", S, false, TVM, 0L, hfenceVvma(0, 0), -1),
                Arguments.of("sret in VU", U, true, 0L, 0L, sret(), VIRTUAL),
                Arguments.of("sret in VS with VTSR", S, true, 0L, VTSR, sret(), VIRTUAL),
                Arguments.of("sret in VS with TSR only (TSR is for HS)", S, true, TSR, 0L, sret(), -1),
                Arguments.of("wfi in VS with VTW", S, true, 0L, VTW, wfi(), VIRTUAL),
                Arguments.of("wfi in VS with TW and VTW (TW wins)", S, true, TW, VTW, wfi(), ILLEGAL),
                Arguments.of("wfi in VU", U, true, 0L, 0L, wfi(), VIRTUAL),
                Arguments.of("wfi in VU with TW", U, true, TW, 0L, wfi(), ILLEGAL),
                Arguments.of("wfi in VS without VTW", S, true, 0L, 0L, wfi(), -1),
                Arguments.of("sfence.vma in VS with VTVM", S, true, 0L, VTVM, sfenceVma(0, 0), VIRTUAL),
                Arguments.of("sfence.vma in VS with TVM only", S, true, TVM, 0L, sfenceVma(0, 0), -1),
                Arguments.of("sfence.vma in VU", U, true, 0L, 0L, sfenceVma(0, 0), VIRTUAL),
                Arguments.of("sfence.vma in U", U, false, 0L, 0L, sfenceVma(0, 0), ILLEGAL),
                Arguments.of("csrr satp in VS with VTVM", S, true, 0L, VTVM, csrr(1, SATP), VIRTUAL),
                Arguments.of("csrw satp in VS with VTVM", S, true, 0L, VTVM, csrw(SATP, 0), VIRTUAL),
                Arguments.of("csrr hgatp in VS", S, true, 0L, 0L, csrr(1, HGATP), VIRTUAL),
                Arguments.of("csrr vsatp in VS", S, true, 0L, 0L, csrr(1, VSATP), VIRTUAL),
                Arguments.of("csrr sstatus in VU", U, true, 0L, 0L, csrr(1, SSTATUS), VIRTUAL),
                Arguments.of("csrr mstatus in VS (M CSRs stay illegal)", S, true, 0L, 0L, csrr(1, MSTATUS), ILLEGAL),
                Arguments.of("mret in VS", S, true, 0L, 0L, mret(), ILLEGAL),
                Arguments.of("illegal encoding in VS stays illegal", S, true, 0L, 0L, 0xFFFF_FFFF, ILLEGAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void virtualInstructionTable(String name, int priv, boolean virt, long mstatus, long hstatus, int insn, int expected) {
        HartHarness h = new HartHarness().csr(MSTATUS, mstatus).csr(HSTATUS, hstatus).set(2, DATA).set(1, DATA);
        long cause = h.causeOf(priv, virt, insn);
        assertEquals(expected, cause, () -> name + ": got " + (cause < 0 ? "no trap" : Cause.name(cause)));
        if (cause == VIRTUAL) assertEquals(insn & 0xFFFF_FFFFL, h.csr(MTVAL), name + ": mtval = instruction bits");
    }

    @Test
    void ecallFromVsAndVu() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.ECALL_FROM_VS | 1L << Cause.ECALL_FROM_U);
        h.program(S, true, ecall()).step();
        assertEquals(S_TRAP, h.pc());
        assertEquals(Cause.ECALL_FROM_VS, h.csr(SCAUSE), "ecall from VS is cause 10");
        h.program(U, true, ecall()).step();
        assertEquals(Cause.ECALL_FROM_U, h.csr(SCAUSE), "ecall from VU is cause 8");
    }

    @Test
    void trapFromVsToHsSetsSpvSpvpAndGva() {
        HartHarness h = guestWithFault().csr(MEDELEG, 1L << Cause.LOAD_GUEST_PAGE_FAULT | 1L << Cause.ECALL_FROM_VS);
        h.program(S, true, ld(3, 1, 0)).set(1, 0x4000_0000L).step();
        long hs = h.csr(HSTATUS);
        assertEquals(S_TRAP, h.pc());
        assertEquals(1, (hs >>> 7) & 1, "SPV = 1");
        assertEquals(1, (hs >>> 8) & 1, "SPVP = 1 (from VS)");
        assertEquals(1, (hs >>> 6) & 1, "GVA = 1 (stval is a guest virtual address)");
        assertEquals(1, (h.csr(MSTATUS) >>> 8) & 1, "sstatus.SPP = S");

        h.program(S, true, ecall()).step();
        hs = h.csr(HSTATUS);
        assertEquals(0, (hs >>> 6) & 1, "GVA = 0 for an ecall (stval holds no address)");
        assertEquals(1, (hs >>> 7) & 1, "SPV = 1");
        assertEquals(0, h.csr(HTVAL), "htval = 0 when not a guest-page fault");
    }

    /**
     * EBREAK writes its pc to stval/mtval, a guest virtual address when V=1, so GVA must be set
     * (H extension, hstatus.GVA: "breakpoint, ..."). Broke: EBREAK and C.EBREAK always cleared GVA.
     */
    @Test
    void ebreakFromVsAndVuSetsGva() {
        HartHarness h = new HartHarness().csr(MEDELEG, 1L << Cause.BREAKPOINT);
        h.program(S, true, ebreak()).step();
        assertEquals(S_TRAP, h.pc(), "delegated to HS");
        assertEquals(CODE, h.csr(STVAL));
        assertEquals(1, (h.csr(HSTATUS) >>> 6) & 1, "hstatus.GVA after ebreak in VS");
        h.program(U, true, cEbreak()).step();
        assertEquals(S_TRAP, h.pc());
        assertEquals(1, (h.csr(HSTATUS) >>> 6) & 1, "hstatus.GVA after c.ebreak in VU");
        h.program(U, false, ebreak()).step();
        assertEquals(0, (h.csr(HSTATUS) >>> 6) & 1, "hstatus.GVA = 0 after ebreak in U (V=0)");

        HartHarness m = new HartHarness();
        m.program(S, true, ebreak()).step();
        m.assertTrapToM(Cause.BREAKPOINT, CODE, CODE);
        assertEquals(1, (m.csr(MSTATUS) >>> 38) & 1, "mstatus.GVA after ebreak in VS");
        m.program(U, true, cEbreak()).step();
        m.assertTrapToM(Cause.BREAKPOINT, CODE, CODE);
        assertEquals(1, (m.csr(MSTATUS) >>> 38) & 1, "mstatus.GVA after c.ebreak in VU");
        m.program(S, false, ebreak()).step();
        assertEquals(0, (m.csr(MSTATUS) >>> 38) & 1, "mstatus.GVA = 0 after ebreak in HS (V=0)");
    }

    private static HartHarness guestWithFault() {
        HartHarness h = new HartHarness();
        h.csr(HGATP, h.mapGigapage(TABLES, CODE, CODE, LEAF_RWX | PTE_U, true));
        return h;
    }

    @Test
    void hypervisorLoadsAndStoresUseTheGuestTranslation() {
        HartHarness h = new HartHarness();
        long gpaBase = 0x4000_0000L;                                  // guest physical 1 GiB at host CODE
        h.csr(HGATP, h.mapGigapage(TABLES, gpaBase, CODE, LEAF_RWX | PTE_U, true));
        long gpa = gpaBase + (DATA - CODE);
        h.mem(DATA, 8, 0x8070_6050_4030_2010L);
        h.program(S, false, hlvB(3, 1), hlvBu(4, 1), hlvW(5, 1), hlvD(6, 1), hsvH(1, 2), hlvHu(7, 1))
                .set(1, gpa + 7).set(2, 0xBEEF).csr(HSTATUS, 1L << 8);       // SPVP = S
        h.run(4);
        assertEquals(-128, h.x(3), "hlv.b sign-extends");
        assertEquals(0x80, h.x(4), "hlv.bu");
        h.set(1, gpa).run(2);
        assertEquals(0x80, h.x(5), "hlv.w (misaligned, byte 7 then zeros)");
        assertEquals(0x80, h.x(6), "hlv.d");
        assertEquals(0xBEEF, h.x(7), "hlv.hu reads back what hsv.h wrote");
        assertEquals(0xBEEF, h.mem(DATA, 2), "hsv.h stored through the G-stage");
        assertEquals(false, h.hart.virtualMode(), "HS stays HS");
    }

    @Test
    void hypervisorLoadsAndStoresReachADeviceOnceAtTheirWidth() {
        // A guest-physical page mapped onto a device: hlv.w is one 4-byte read, hsv.w one 4-byte write.
        List<String> accesses = new ArrayList<>();
        HartHarness h = new HartHarness();
        h.machine.bus().map("probe", 0x1000_0000L, 0x1000, new org.virtlab.engine.memory.MmioDevice() {
            @Override
            public long read(long offset, int size) {
                accesses.add("read " + size + " at " + offset);
                return 0x8765_4321L;
            }

            @Override
            public void write(long offset, int size, long value) {
                accesses.add(String.format("write %d at %d: 0x%x", size, offset, value));
            }
        });
        h.csr(HGATP, h.mapGigapage(TABLES, 0, 0, LEAF_RWX | PTE_U, true));   // guest physical = host physical, 1 GiB
        h.program(S, false, hlvW(3, 1), hsvW(1, 2)).set(1, 0x1000_0010L).set(2, 0xCAFE).csr(HSTATUS, 1L << 8);
        long walks = h.hart.counters().pageWalks;
        h.run(2);
        assertEquals(List.of("read 4 at 16", "write 4 at 16: 0xcafe"), accesses);
        assertEquals(0xFFFF_FFFF_8765_4321L, h.x(3), "hlv.w sign-extends the device's word");
        assertTrue(h.hart.counters().pageWalks > walks, "the G-stage walks count as page walks");
    }

    @Test
    void withoutHTheExtensionIsAbsent() {
        HartHarness h = new HartHarness(false);
        assertEquals(0, (h.csr(MISA) >>> 7) & 1, "misa.H = 0");
        for (int insn : new int[] {hlvW(1, 2), hsvW(1, 2), hfenceVvma(0, 0), hfenceGvma(0, 0)})
            assertEquals(ILLEGAL, h.set(2, DATA).set(1, DATA).causeOf(M, false, insn), String.format("0x%08x without H", insn));
        assertEquals(ILLEGAL, h.causeOf(S, false, csrr(1, HSTATUS)), "hstatus without H");
        assertEquals(Cause.ECALL_FROM_HS, h.causeOf(S, false, ecall()), "ecall from S is still 9");
        assertThrows(IllegalArgumentException.class, () -> h.hart.setMode(S, true), "no virtual mode without H");
        assertEquals(0, h.csr(MIDELEG), "no read-only-one VS bits in mideleg");
    }
}
