package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.virtlab.engine.cpu.Asm.*;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.Privilege.M;
import static org.virtlab.engine.cpu.Privilege.S;
import static org.virtlab.engine.cpu.Privilege.U;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CSR WARL behaviour and access checks. WARL rules are written through real CSR instructions
 * from M-mode (so the instruction path, not only the debugger path, is covered) and read back.
 * References: privileged spec, "Machine-Level CSRs", "Supervisor-Level CSRs", "CSR Field
 * Specifications" (WARL); H extension, "Hypervisor and Virtual Supervisor CSRs"; Sstc; Zicntr.
 */
class CsrTest {
    private static final int ILLEGAL = Cause.ILLEGAL_INSTRUCTION, VIRTUAL = Cause.VIRTUAL_INSTRUCTION;

    /** Writes {@code value} to {@code csr} with csrrw from M-mode and returns what reads back. */
    private static long writeRead(HartHarness h, int csr, long value) {
        h.program(csrrw(0, csr, 1), csrrs(2, csr, 0)).set(1, value).run(2);
        assertEquals(HartHarness.CODE + 8, h.pc(), () -> "csr " + CsrNames.name(csr) + " access trapped: " + Cause.name(h.csr(MCAUSE)));
        return h.x(2);
    }

    private static long writeRead(int csr, long value) {
        return writeRead(new HartHarness(), csr, value);
    }

    // ---- mstatus and friends ------------------------------------------------------------------

    @Test
    void mstatusMppTwoKeepsTheOldValue() {
        HartHarness h = new HartHarness();
        writeRead(h, MSTATUS, 1L << 11);                           // MPP = S
        long v = writeRead(h, MSTATUS, 2L << 11);                  // MPP = 2 is reserved
        assertEquals(1, (v >>> 11) & 3, "MPP after writing the reserved value 2");
    }

    @Test
    void mstatusReadOnlyFields() {
        long v = writeRead(MSTATUS, -1L);
        assertEquals(2, (v >>> 32) & 3, "UXL = 2 (64-bit), read-only");
        assertEquals(2, (v >>> 34) & 3, "SXL = 2 (64-bit), read-only");
        assertEquals(0, (v >>> 13) & 3, "FS read-only 0 (no F/D)");
        assertEquals(0, (v >>> 9) & 3, "VS read-only 0 (no V)");
        assertEquals(0, (v >>> 15) & 3, "XS read-only 0");
        assertEquals(0, v >>> 63, "SD read-only 0");
        assertEquals(0, (v >>> 36) & 3, "SBE/MBE: little-endian only");
        assertEquals(0, (v >>> 6) & 1, "UBE: little-endian only");
        long writable = (1L << 1) | (1L << 3) | (1L << 5) | (1L << 7) | (1L << 8) | (3L << 11) | (1L << 17)
                | (1L << 18) | (1L << 19) | (1L << 20) | (1L << 21) | (1L << 22) | (1L << 38) | (1L << 39);
        assertEquals(writable, v & writable, "SIE MIE SPIE MPIE SPP MPP MPRV SUM MXR TVM TW TSR GVA MPV all writable");
    }

    @Test
    void mstatusWithoutHHasNoMpvOrGva() {
        long v = writeRead(new HartHarness(false), MSTATUS, -1L);
        assertEquals(0, v & ((1L << 38) | (1L << 39)), "GVA and MPV are read-only 0 without H");
    }

    @Test
    void sstatusIsARestrictedViewOfMstatus() {
        HartHarness h = new HartHarness();
        long s = writeRead(h, SSTATUS, -1L);
        long sMask = (1L << 1) | (1L << 5) | (1L << 8) | (1L << 18) | (1L << 19);
        assertEquals(sMask | (2L << 32), s, "sstatus: SIE SPIE SPP SUM MXR, UXL=2");
        long m = h.csr(MSTATUS);
        assertEquals(sMask, m & sMask, "written through to mstatus");
        assertEquals(0, m & ((1L << 3) | (1L << 7) | (3L << 11) | (1L << 17)), "M fields untouched through sstatus");
    }

    @Test
    void hstatusWarl() {
        long v = writeRead(HSTATUS, -1L);
        long writable = (1L << 6) | (1L << 7) | (1L << 8) | (1L << 9) | (1L << 20) | (1L << 21) | (1L << 22);
        assertEquals(writable | (2L << 32), v, "hstatus: GVA SPV SPVP HU VTVM VTW VTSR writable, VSXL=2, VGEIN=0 (GEILEN 0)");
    }

    @Test
    void misaIsFixed() {
        HartHarness h = new HartHarness();
        long before = h.csr(MISA);
        assertEquals(2, before >>> 62, "MXL = 2 (RV64)");
        for (char c : "ACHIMSU".toCharArray()) assertEquals(1, (before >>> (c - 'A')) & 1, "misa." + c);
        for (char c : "DEFGQV".toCharArray()) assertEquals(0, (before >>> (c - 'A')) & 1, "misa." + c);
        assertEquals(before, writeRead(h, MISA, 0), "misa ignores writes");
        assertEquals(0, (new HartHarness(false).csr(MISA) >>> 7) & 1, "misa.H without the H extension");
    }

    // ---- delegation and interrupt registers --------------------------------------------------------

    static Stream<Arguments> masks() {
        long sInts = (1L << 1) | (1L << 5) | (1L << 9);
        long vsInts = (1L << 2) | (1L << 6) | (1L << 10);
        return Stream.of(
                Arguments.of("medeleg", MEDELEG, 0xB7FFL | (0xFL << 20)),          // not 11 (ecall M), 14, 16-19
                Arguments.of("mideleg", MIDELEG, sInts | vsInts | (1L << 12)),      // VS bits and SGEI read-only one
                Arguments.of("hedeleg", HEDELEG, 0x1FFL | (1L << 12) | (1L << 13) | (1L << 15)),
                Arguments.of("hideleg", HIDELEG, vsInts),
                Arguments.of("mie", MIE, sInts | vsInts | (1L << 3) | (1L << 7) | (1L << 11) | (1L << 12)),
                Arguments.of("hvip", HVIP, vsInts),
                Arguments.of("mcounteren (32 bits)", MCOUNTEREN, 0xFFFF_FFFFL),
                Arguments.of("scounteren (32 bits)", SCOUNTEREN, 0xFFFF_FFFFL),
                Arguments.of("hcounteren (32 bits)", HCOUNTEREN, 0xFFFF_FFFFL),
                Arguments.of("menvcfg (FIOM, STCE)", MENVCFG, 1L | (1L << 63)),
                Arguments.of("senvcfg (FIOM)", SENVCFG, 1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("masks")
    void writableBits(String name, int csr, long mask) {
        // Bit 12 (SGEI) of mideleg and mie: the spec leaves it open when GEILEN = 0, so it is not checked.
        long open = csr == MIDELEG || csr == MIE ? ~(1L << 12) : -1L;
        assertEquals(mask & open, writeRead(csr, -1L) & open, name + " after writing all ones");
        long forced = csr == MIDELEG ? (1L << 2) | (1L << 6) | (1L << 10) : 0;
        assertEquals(forced, writeRead(csr, 0) & open, name + " after writing zero");
    }

    @Test
    void delegationMasksWithoutH() {
        HartHarness h = new HartHarness(false);
        assertEquals(0xB3FFL, writeRead(h, MEDELEG, -1L), "medeleg without H: no 10, no 20-23");
        assertEquals((1L << 1) | (1L << 5) | (1L << 9), writeRead(h, MIDELEG, -1L), "mideleg without H: SSI STI SEI");
        assertEquals(0, h.csr(MIDELEG) & ((1L << 2) | (1L << 6) | (1L << 10)), "no VS bits without H");
    }

    @Test
    void interruptRegisterViews() {
        HartHarness h = new HartHarness();
        h.csr(MIDELEG, 1L << 1 | 1L << 9);                 // SSI and SEI to S; STI stays in M
        h.csr(MIE, 0);
        assertEquals(1L << 1 | 1L << 9, writeRead(h, SIE, -1L), "sie writes only delegated S bits");
        assertEquals(1L << 1 | 1L << 9, h.csr(MIE), "sie is a view of mie");
        writeRead(h, MIE, -1L);
        assertEquals(1L << 1 | 1L << 9, h.csr(SIE), "sie reads only delegated bits");
        assertEquals((1L << 2) | (1L << 6) | (1L << 10), h.csr(HIE) & 0x444, "hie: the VS bits of mie");
        assertEquals(0, h.csr(HIE) & ~0x1444L, "hie shows nothing but VSSIE VSTIE VSEIE SGEIE");

        h.csr(HIDELEG, 1L << 2 | 1L << 10);                // VSSI and VSEI to VS; VSTI stays in HS
        assertEquals(1L << 1 | 1L << 9, h.csr(VSIE), "vsie: delegated VS bits shifted down by one");
        writeRead(h, VSIE, 0);
        assertEquals(1L << 6, h.csr(HIE) & 0x444, "vsie = 0 clears only the delegated bits (VSTIE kept)");

        h.csr(MIP, 0);
        h.csr(HVIP, 0);
        assertEquals(1L << 1 | 1L << 9, writeRead(h, MIP, -1L) & (1L << 1 | 1L << 9), "mip: SSIP and SEIP writable");
        assertEquals(0, h.csr(MIP) & (1L << 3 | 1L << 7 | 1L << 11), "mip: MSIP MTIP MEIP read-only");
        assertEquals(1L << 2, h.csr(HVIP), "mip.VSSIP is an alias of hvip.VSSIP");
        h.csr(MIP, 0);
        assertEquals(0, h.csr(HVIP), "clearing mip.VSSIP clears hvip.VSSIP");
        writeRead(h, SIP, -1L);
        assertEquals(1L << 1, h.csr(MIP) & 0x222, "sip: only SSIP is writable");
        writeRead(h, HIP, -1L);
        assertEquals(1L << 2, h.csr(HVIP), "hip: only VSSIP is writable (alias of hvip)");
        h.csr(HVIP, 1L << 2 | 1L << 6 | 1L << 10);
        assertEquals(1L << 1 | 1L << 9, h.csr(VSIP), "vsip shows only hideleg-delegated VS bits, shifted");
        assertEquals(1L << 2 | 1L << 6 | 1L << 10, h.csr(HIP) & 0x444, "hip shows hvip");
        h.csr(HVIP, 0);
        writeRead(h, VSIP, -1L);
        assertEquals(1L << 2, h.csr(HVIP), "vsip.SSIP writes hvip.VSSIP");
    }

    /**
     * CSRRS/CSRRC on mip modify only the software-writable SEIP bit, never its OR with the
     * external line (privileged spec, "Machine Interrupt Registers"). Broke: setting SSIP while
     * the SEIP line was high copied the line into the software bit, so SEIP stayed pending after
     * the device dropped it.
     */
    @Test
    void csrrsOnMipDoesNotLatchTheSeipLine() {
        long ssip = 1L << 1, seip = 1L << 9;
        int[][] forms = {{csrrs(2, MIP, 1)}, {csrrc(2, MIP, 3)}, {csrrsi(2, MIP, 2)}, {csrrci(2, MIP, 8)}};
        for (int[] form : forms) {
            HartHarness h = new HartHarness();
            h.csr(MIP, 0);
            h.hart.setInterruptLine(9, true);
            h.program(form).set(1, ssip).set(3, 1L << 5).run(1);
            assertEquals(HartHarness.CODE + 4, h.pc(), "the csr instruction completed");
            assertEquals(seip, h.x(2) & seip, "the value read into rd includes the line");
            h.hart.setInterruptLine(9, false);
            assertEquals(0, h.csr(MIP) & seip, "mip.SEIP after the line dropped, insn 0x" + Integer.toHexString(form[0]));
        }
        HartHarness h = new HartHarness();
        h.csr(MIP, seip);
        h.hart.setInterruptLine(9, true);
        h.program(csrrc(2, MIP, 1)).set(1, seip).run(1);
        h.hart.setInterruptLine(9, false);
        assertEquals(0, h.csr(MIP) & seip, "csrrc clears the software SEIP bit even while the line is high");
        assertEquals(seip, h.x(2) & seip);
    }

    @Test
    void sipWithoutDelegationIsReadOnlyZero() {
        HartHarness h = new HartHarness();
        h.csr(MIDELEG, 0);
        writeRead(h, SIP, -1L);
        assertEquals(0, h.csr(MIP) & 2, "sip.SSIP is read-only 0 when SSI is not delegated");
        assertEquals(0, writeRead(h, SIE, -1L), "sie bits are read-only 0 when not delegated");
    }

    // ---- vectors, epcs, envcfg, translation ------------------------------------------------------

    @Test
    void tvecReservedModesKeepTheOldMode() {
        HartHarness h = new HartHarness();
        for (int csr : new int[] {MTVEC, STVEC, VSTVEC}) {
            assertEquals(0x8000_1001L, writeRead(h, csr, 0x8000_1001L), CsrNames.name(csr) + " vectored");
            assertEquals(0x8000_2001L, writeRead(h, csr, 0x8000_2002L), CsrNames.name(csr) + " mode 2 is reserved");
            assertEquals(0x8000_2000L, writeRead(h, csr, 0x8000_2000L), CsrNames.name(csr) + " direct");
            assertEquals(0x8000_3000L, writeRead(h, csr, 0x8000_3003L), CsrNames.name(csr) + " mode 3 is reserved");
        }
    }

    @Test
    void epcBitZeroIsZero() {
        for (int csr : new int[] {MEPC, SEPC, VSEPC})
            assertEquals(0x8000_0002L, writeRead(csr, 0x8000_0003L), CsrNames.name(csr) + " (IALIGN 16: bit 0 is zero)");
    }

    @Test
    void plainReadWriteRegisters() {
        for (int csr : new int[] {MSCRATCH, SSCRATCH, VSSCRATCH, MCAUSE, SCAUSE, VSCAUSE, MTVAL, STVAL, VSTVAL,
                HTVAL, HTINST, MTVAL2, MTINST, HTIMEDELTA, STIMECMP, VSTIMECMP})
            assertEquals(0x1234_5678_9ABC_DEF0L, writeRead(csr, 0x1234_5678_9ABC_DEF0L), CsrNames.name(csr));
    }

    @Test
    void henvcfgStceIsReadOnlyZeroUnlessMenvcfgStce() {
        HartHarness h = new HartHarness();
        h.csr(MENVCFG, 0);
        assertEquals(1, writeRead(h, HENVCFG, -1L), "henvcfg.STCE reads 0 while menvcfg.STCE = 0");
        h.csr(MENVCFG, 1L << 63);
        assertEquals(1L | 1L << 63, writeRead(h, HENVCFG, -1L), "henvcfg.STCE writable once menvcfg.STCE = 1");
    }

    @Test
    void satpUnsupportedModeIsIgnored() {
        HartHarness h = new HartHarness();
        long sv39 = (8L << 60) | (5L << 44) | 0x80100L;
        assertEquals(sv39, writeRead(h, SATP, sv39), "Sv39 accepted");
        assertEquals(sv39, writeRead(h, SATP, (9L << 60) | 0x80200L), "Sv48 is not implemented: the whole write has no effect");
        assertEquals(sv39, writeRead(h, SATP, (10L << 60) | 0x80200L), "Sv57 likewise");
        assertEquals(0, writeRead(h, SATP, 0), "Bare accepted");
        assertEquals(sv39, writeRead(h, VSATP, sv39), "vsatp Sv39");
        assertEquals(sv39, writeRead(h, VSATP, 9L << 60), "vsatp Sv48 ignored");
    }

    @Test
    void hgatpWarl() {
        HartHarness h = new HartHarness();
        long sv39x4 = (8L << 60) | (3L << 44) | 0x80103L;
        assertEquals((8L << 60) | (3L << 44) | 0x80100L, writeRead(h, HGATP, sv39x4), "Sv39x4: PPN[1:0] read as zero");
        assertEquals((8L << 60) | (3L << 44) | 0x80100L, writeRead(h, HGATP, 9L << 60), "Sv48x4 unsupported: write ignored");
        assertEquals(0x3FFFL << 44, writeRead(h, HGATP, 0xFFFFL << 44) & (0xFFFFL << 44), "VMID has 14 bits");
    }

    @Test
    void pmpcfgOddNumbersAreIllegalOnRv64() {
        HartHarness h = new HartHarness();
        assertEquals(ILLEGAL, h.causeOf(M, false, csrr(1, PMPCFG0 + 1)), "pmpcfg1");
        assertEquals(ILLEGAL, h.causeOf(M, false, csrr(1, PMPCFG0 + 3)), "pmpcfg3");
        assertEquals(-1, h.causeOf(M, false, csrr(1, PMPCFG0 + 2)), "pmpcfg2 exists");
        assertEquals(-1, h.causeOf(M, false, csrr(1, PMPADDR0 + 63)), "pmpaddr63 exists");
    }

    @Test
    void pmpcfgWarl() {
        HartHarness h = new HartHarness();
        long v = writeRead(h, PMPCFG0 + 2, 0x0000_0000_0000_6202L);   // entry 8: R=0 W=1 reserved; bits 6:5 reserved
        assertEquals(0, v & 0xFF, "R=0 W=1 is reserved: W reads back 0");
        assertEquals(0, (v >>> 8) & 0x60, "pmpcfg bits 6:5 read as zero");
    }

    @Test
    void readOnlyIdentificationRegisters() {
        HartHarness h = new HartHarness();
        h.set(1, 99);
        assertEquals(-1, h.causeOf(M, false, csrr(1, MHARTID)), "mhartid is readable");
        assertEquals(0, h.x(1), "mhartid of hart 0");
        assertEquals(ILLEGAL, h.causeOf(M, false, csrw(MHARTID, 1)), "writing a read-only CSR");
        assertEquals(ILLEGAL, h.causeOf(M, false, csrrsi(0, MVENDORID, 1)), "csrrsi with nonzero uimm writes");
        assertEquals(-1, h.causeOf(M, false, csrrsi(1, MVENDORID, 0)), "csrrsi with uimm 0 only reads");
        assertEquals(ILLEGAL, h.causeOf(M, false, csrw(CYCLE, 0)), "cycle is read-only");
    }

    @Test
    void csrInstructionSemantics() {
        HartHarness h = new HartHarness();
        h.program(csrrw(3, MSCRATCH, 1), csrrs(4, MSCRATCH, 2), csrrc(5, MSCRATCH, 1), csrrwi(6, MSCRATCH, 31),
                csrrsi(7, MSCRATCH, 0x20 >>> 1), csrrci(8, MSCRATCH, 1), csrr(9, MSCRATCH))
                .set(1, 0xF0).set(2, 0x0F).csr(MSCRATCH, 7).run(7);
        assertEquals(7, h.x(3), "csrrw returns old");
        assertEquals(0xF0, h.x(4), "csrrs returns old");
        assertEquals(0xFF, h.x(5), "after set");
        assertEquals(0x0F, h.x(6), "after clear");
        assertEquals(31, h.x(7), "after csrrwi (uimm zero-extended)");
        assertEquals(31, h.x(8), "csrrsi 16 leaves 31");
        assertEquals(30, h.x(9), "csrrci 1");
    }

    // ---- privilege checks -----------------------------------------------------------------------

    static Stream<Arguments> accessChecks() {
        return Stream.of(
                Arguments.of("mstatus from S", S, false, csrr(1, MSTATUS), ILLEGAL),
                Arguments.of("mscratch from U", U, false, csrr(1, MSCRATCH), ILLEGAL),
                Arguments.of("mstatus from VS", S, true, csrr(1, MSTATUS), ILLEGAL),
                Arguments.of("sstatus from U", U, false, csrr(1, SSTATUS), ILLEGAL),
                Arguments.of("sstatus from S", S, false, csrr(1, SSTATUS), -1),
                Arguments.of("sstatus from VS (routed to vsstatus)", S, true, csrr(1, SSTATUS), -1),
                Arguments.of("sscratch from VU", U, true, csrr(1, SSCRATCH), VIRTUAL),
                Arguments.of("hstatus from HS", S, false, csrr(1, HSTATUS), -1),
                Arguments.of("hstatus from U", U, false, csrr(1, HSTATUS), ILLEGAL),
                Arguments.of("hstatus from VS", S, true, csrr(1, HSTATUS), VIRTUAL),
                Arguments.of("hstatus from VU", U, true, csrr(1, HSTATUS), VIRTUAL),
                Arguments.of("vsstatus from VS", S, true, csrr(1, VSSTATUS), VIRTUAL),
                Arguments.of("vsstatus from HS", S, false, csrr(1, VSSTATUS), -1),
                Arguments.of("hgatp from HS", S, false, csrr(1, HGATP), -1),
                Arguments.of("unimplemented CSR 0x5C0 from M", M, false, csrr(1, 0x5C0), ILLEGAL),
                Arguments.of("fcsr (no F) from M", M, false, csrr(1, FCSR), ILLEGAL),
                Arguments.of("mhartid write from M", M, false, csrw(MHARTID, 1), ILLEGAL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accessChecks")
    void accessChecks(String name, int priv, boolean virt, int insn, int expected) {
        HartHarness h = new HartHarness();
        long cause = h.causeOf(priv, virt, insn);
        assertEquals(expected, cause, () -> name + ": got " + (cause < 0 ? "no trap" : Cause.name(cause)));
        if (cause >= 0) assertEquals(insn & 0xFFFF_FFFFL, h.csr(MTVAL), name + ": mtval holds the instruction bits");
    }

    @Test
    void tvmTrapsSatpAndHgatpInHsOnly() {
        HartHarness h = new HartHarness();
        h.csr(MSTATUS, 1L << 20);                                                  // TVM
        assertEquals(ILLEGAL, h.causeOf(S, false, csrr(1, SATP)), "satp from HS with TVM");
        assertEquals(ILLEGAL, h.causeOf(S, false, csrr(1, HGATP)), "hgatp from HS with TVM");
        assertEquals(-1, h.causeOf(S, true, csrr(1, SATP)), "TVM does not apply to VS (vsatp)");
        assertEquals(-1, h.causeOf(M, false, csrr(1, SATP)), "M ignores TVM");
        h.csr(HSTATUS, 1L << 20);                                                  // VTVM
        assertEquals(VIRTUAL, h.causeOf(S, true, csrr(1, SATP)), "satp from VS with VTVM");
    }

    static Stream<Arguments> counterGates() {
        // name, priv, virt, mcounteren, hcounteren, scounteren, expected
        return Stream.of(
                Arguments.of("cycle from S, mcounteren.CY=0", S, false, 0, 0, 0, ILLEGAL),
                Arguments.of("cycle from S, mcounteren.CY=1", S, false, 1, 0, 0, -1),
                Arguments.of("cycle from U, scounteren.CY=0", U, false, 1, 0, 0, ILLEGAL),
                Arguments.of("cycle from U, both set", U, false, 1, 0, 1, -1),
                Arguments.of("cycle from U, mcounteren.CY=0", U, false, 0, 0, 1, ILLEGAL),
                Arguments.of("cycle from VS, hcounteren.CY=0", S, true, 1, 0, 1, VIRTUAL),
                Arguments.of("cycle from VS, mcounteren.CY=0", S, true, 0, 1, 1, ILLEGAL),
                Arguments.of("cycle from VS, allowed", S, true, 1, 1, 0, -1),
                Arguments.of("cycle from VU, scounteren.CY=0", U, true, 1, 1, 0, VIRTUAL),
                Arguments.of("cycle from VU, hcounteren.CY=0", U, true, 1, 0, 1, VIRTUAL),
                Arguments.of("cycle from VU, allowed", U, true, 1, 1, 1, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("counterGates")
    void countersAreGatedByCounteren(String name, int priv, boolean virt, int m, int hc, int s, int expected) {
        HartHarness h = new HartHarness().csr(MCOUNTEREN, m).csr(HCOUNTEREN, hc).csr(SCOUNTEREN, s);
        assertEquals(expected, h.causeOf(priv, virt, csrr(1, CYCLE)), name);
    }

    @Test
    void eachCounterHasItsOwnEnableBit() {
        HartHarness h = new HartHarness().csr(MCOUNTEREN, 0b100);               // IR only
        assertEquals(-1, h.causeOf(S, false, csrr(1, INSTRET)), "instret with IR");
        assertEquals(ILLEGAL, h.causeOf(S, false, csrr(1, TIME)), "time without TM");
        assertEquals(ILLEGAL, h.causeOf(S, false, csrr(1, CYCLE)), "cycle without CY");
        assertEquals(ILLEGAL, h.causeOf(S, false, csrr(1, 0xC03)), "hpmcounter3 without HPM3");
    }

    @Test
    void countersCount() {
        HartHarness h = new HartHarness();
        h.program(addi(0, 0, 0), addi(0, 0, 0), csrr(1, INSTRET), csrr(2, CYCLE), addi(0, 0, 0), csrr(3, INSTRET)).run(6);
        assertEquals(2, h.x(1), "instret counts the instructions retired before the csrr");
        assertEquals(5, h.x(3), "instret three instructions later");
        assertEquals(true, h.x(2) >= h.x(1), "cycle does not lag instret");
    }

    static Stream<Arguments> stimecmpGates() {
        // name, priv, virt, menvcfg.STCE, mcounteren.TM, henvcfg.STCE, hcounteren.TM, expected
        return Stream.of(
                Arguments.of("HS, STCE=0", S, false, 0, 1, 0, 0, ILLEGAL),
                Arguments.of("HS, mcounteren.TM=0", S, false, 1, 0, 0, 0, ILLEGAL),
                Arguments.of("HS, allowed", S, false, 1, 1, 0, 0, -1),
                Arguments.of("M, STCE=0 (M always may)", M, false, 0, 0, 0, 0, -1),
                Arguments.of("VS, menvcfg.STCE=0", S, true, 0, 1, 1, 1, ILLEGAL),
                Arguments.of("VS, mcounteren.TM=0", S, true, 1, 0, 1, 1, ILLEGAL),
                Arguments.of("VS, henvcfg.STCE=0", S, true, 1, 1, 0, 1, VIRTUAL),
                Arguments.of("VS, hcounteren.TM=0", S, true, 1, 1, 1, 0, VIRTUAL),
                Arguments.of("VS, allowed", S, true, 1, 1, 1, 1, -1),
                Arguments.of("U", U, false, 1, 1, 1, 1, ILLEGAL),
                Arguments.of("VU", U, true, 1, 1, 1, 1, VIRTUAL));
    }

    @ParameterizedTest(name = "stimecmp from {0}")
    @MethodSource("stimecmpGates")
    void stimecmpGating(String name, int priv, boolean virt, int stce, int tm, int hstce, int htm, int expected) {
        HartHarness h = new HartHarness().csr(MENVCFG, (long) stce << 63).csr(MCOUNTEREN, tm << 1)
                .csr(HENVCFG, (long) hstce << 63).csr(HCOUNTEREN, htm << 1);
        assertEquals(expected, h.causeOf(priv, virt, csrr(1, STIMECMP)), "stimecmp from " + name);
    }

    // ---- V=1 routing -----------------------------------------------------------------------------

    @Test
    void supervisorCsrsMeanTheirVsCopiesWhenVirtual() {
        int[] s = {SSCRATCH, SEPC, SCAUSE, STVAL, STVEC};
        int[] vs = {VSSCRATCH, VSEPC, VSCAUSE, VSTVAL, VSTVEC};
        for (int n = 0; n < s.length; n++) {
            HartHarness h = new HartHarness().csr(s[n], 0x100).csr(vs[n], 0x200);
            h.program(S, true, csrrw(2, s[n], 1)).set(1, 0x8000_0004L).step();
            String what = CsrNames.name(s[n]) + " from VS";
            assertEquals(0x200, h.x(2), what + " reads " + CsrNames.name(vs[n]));
            assertEquals(0x8000_0004L, h.csr(vs[n]), what + " writes " + CsrNames.name(vs[n]));
            assertEquals(0x100, h.csr(s[n]), what + " leaves the HS copy alone");
        }
    }

    @Test
    void sstatusAndSatpRouteWhenVirtual() {
        HartHarness h = new HartHarness();
        h.program(S, true, csrrsi(0, SSTATUS, 2), csrw(SATP, 1)).set(1, (8L << 60) | 0x80100L).run(2);
        assertEquals(2, h.csr(VSSTATUS) & 2, "sstatus.SIE write went to vsstatus");
        assertEquals(0, h.csr(MSTATUS) & 2, "mstatus.SIE untouched");
        assertEquals((8L << 60) | 0x80100L, h.csr(VSATP), "satp write went to vsatp");
        assertEquals(0, h.csr(SATP), "satp untouched");
    }

    @Test
    void hypervisorCsrsDoNotExistWithoutH() {
        HartHarness h = new HartHarness(false);
        for (int csr : new int[] {HSTATUS, HEDELEG, HIDELEG, HIE, HIP, HVIP, HGATP, HTVAL, HTINST, HENVCFG, HCOUNTEREN,
                HTIMEDELTA, VSSTATUS, VSATP, VSTVEC, MTVAL2, MTINST})
            assertEquals(ILLEGAL, h.causeOf(M, false, csrr(1, csr)), CsrNames.name(csr) + " without H");
    }
}
