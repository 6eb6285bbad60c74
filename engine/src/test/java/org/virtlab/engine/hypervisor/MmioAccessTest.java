package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * Decoding the load or store at a faulting pc. Encodings are assembled here field by field
 * from the unprivileged spec's tables, so a wrong field position in the decoder shows up.
 */
class MmioAccessTest {

    private static final int LOAD = 0x03, STORE = 0x23;

    /** I-type: imm[11:0] rs1 funct3 rd opcode. */
    private static int iType(int opcode, int funct3, int rd, int rs1, int imm) {
        return (imm << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | opcode;
    }

    /** S-type: imm[11:5] rs2 rs1 funct3 imm[4:0] opcode. */
    private static int sType(int funct3, int rs1, int rs2, int imm) {
        return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (funct3 << 12) | ((imm & 31) << 7) | STORE;
    }

    /** CL/CS: funct3 | uimm(3) | rs1'(3) | uimm(2) | rd'/rs2'(3) | quadrant 0; registers given as x8..x15. */
    private static int cMem(int funct3, int rs1, int rdOrRs2) {
        return (funct3 << 13) | (0b101 << 10) | ((rs1 - 8) << 7) | (0b01 << 5) | ((rdOrRs2 - 8) << 2);
    }

    /** CI (C.LWSP/C.LDSP): funct3 | imm | rd | imm | quadrant 2. */
    private static int cLoadSp(int funct3, int rd) {
        return (funct3 << 13) | (1 << 12) | (rd << 7) | (0b10101 << 2) | 0b10;
    }

    /** CSS (C.SWSP/C.SDSP): funct3 | imm(6) | rs2 | quadrant 2. */
    private static int cStoreSp(int funct3, int rs2) {
        return (funct3 << 13) | (0b110011 << 7) | (rs2 << 2) | 0b10;
    }

    private static void expect(MmioAccess a, boolean store, int size, boolean signed, int reg, int length) {
        assertEquals(new MmioAccess(store, size, signed, reg, length), a);
    }

    @Test
    void loads() {
        expect(MmioAccess.decode(iType(LOAD, 0, 5, 10, -4)), false, 1, true, 5, 4);      // lb
        expect(MmioAccess.decode(iType(LOAD, 1, 6, 10, 8)), false, 2, true, 6, 4);       // lh
        expect(MmioAccess.decode(iType(LOAD, 2, 7, 10, 0)), false, 4, true, 7, 4);       // lw
        expect(MmioAccess.decode(iType(LOAD, 3, 31, 10, 0)), false, 8, false, 31, 4);    // ld
        expect(MmioAccess.decode(iType(LOAD, 4, 1, 10, 0)), false, 1, false, 1, 4);      // lbu
        expect(MmioAccess.decode(iType(LOAD, 5, 2, 10, 0)), false, 2, false, 2, 4);      // lhu
        expect(MmioAccess.decode(iType(LOAD, 6, 3, 10, 0)), false, 4, false, 3, 4);      // lwu
        expect(MmioAccess.decode(iType(LOAD, 2, 0, 10, 0)), false, 4, true, 0, 4);       // lw x0: legal, discarded
        assertNull(MmioAccess.decode(iType(LOAD, 7, 3, 10, 0)), "funct3 7 is reserved");
    }

    @Test
    void stores() {
        expect(MmioAccess.decode(sType(0, 10, 11, -1)), true, 1, false, 11, 4);   // sb
        expect(MmioAccess.decode(sType(1, 10, 12, 2)), true, 2, false, 12, 4);    // sh
        expect(MmioAccess.decode(sType(2, 10, 13, 4)), true, 4, false, 13, 4);    // sw
        expect(MmioAccess.decode(sType(3, 10, 31, 8)), true, 8, false, 31, 4);    // sd
        for (int f = 4; f < 8; f++) assertNull(MmioAccess.decode(sType(f, 10, 11, 0)), "store funct3 " + f);
    }

    @Test
    void compressedRegisterBasedFormsNameX8ToX15() {
        for (int r = 8; r <= 15; r++) {
            expect(MmioAccess.decode(cMem(0b010, 9, r)), false, 4, true, r, 2);     // c.lw
            expect(MmioAccess.decode(cMem(0b011, 9, r)), false, 8, false, r, 2);    // c.ld
            expect(MmioAccess.decode(cMem(0b110, 9, r)), true, 4, false, r, 2);     // c.sw
            expect(MmioAccess.decode(cMem(0b111, 9, r)), true, 8, false, r, 2);     // c.sd
        }
        // The base register (rs1') does not leak into reg.
        expect(MmioAccess.decode(cMem(0b010, 15, 8)), false, 4, true, 8, 2);
    }

    @Test
    void compressedStackPointerForms() {
        expect(MmioAccess.decode(cLoadSp(0b010, 17)), false, 4, true, 17, 2);    // c.lwsp a7
        expect(MmioAccess.decode(cLoadSp(0b011, 1)), false, 8, false, 1, 2);     // c.ldsp ra
        expect(MmioAccess.decode(cStoreSp(0b110, 0)), true, 4, false, 0, 2);     // c.swsp zero
        expect(MmioAccess.decode(cStoreSp(0b111, 31)), true, 8, false, 31, 2);   // c.sdsp t6
        assertNull(MmioAccess.decode(cLoadSp(0b010, 0)), "c.lwsp with rd = x0 is reserved");
        assertNull(MmioAccess.decode(cLoadSp(0b011, 0)), "c.ldsp with rd = x0 is reserved");
    }

    @Test
    void aCompressedInstructionIgnoresTheBitsFetchedAfterIt() {
        int cLw = cMem(0b010, 9, 10);
        expect(MmioAccess.decode(0xdead_0000L | cLw), false, 4, true, 10, 2);
        expect(MmioAccess.decode(0xffff_ffff_0000_0000L | iType(LOAD, 2, 7, 10, 0) & 0xffff_ffffL), false, 4, true, 7, 4);
    }

    @Test
    void everythingElseIsNotAnMmioAccess() {
        int amoAddW = (0b00000 << 27) | (12 << 20) | (10 << 15) | (2 << 12) | (5 << 7) | 0x2f;
        int lrD = (0b00010 << 27) | (10 << 15) | (3 << 12) | (5 << 7) | 0x2f;
        int scW = (0b00011 << 27) | (12 << 20) | (10 << 15) | (2 << 12) | (5 << 7) | 0x2f;
        int flw = iType(0x07, 2, 1, 10, 0);
        int fsd = sType(3, 10, 1, 0) & ~0x7f | 0x27;
        int addi = iType(0x13, 0, 1, 1, 1);
        int cFld = cMem(0b001, 9, 10);
        int cFsd = cMem(0b101, 9, 10);
        int cAddi4spn = (0b000 << 13) | (1 << 5) | (2 << 2);
        int cFldsp = cLoadSp(0b001, 1);
        int cFsdsp = cStoreSp(0b101, 1);
        int cLi = (0b010 << 13) | (5 << 7) | (3 << 2) | 0b01;                // quadrant 1
        for (int insn : new int[] {amoAddW, lrD, scW, flw, fsd, addi, cFld, cFsd, cAddi4spn, cFldsp, cFsdsp, cLi, 0, -1})
            assertNull(MmioAccess.decode(insn & 0xffff_ffffL), "0x" + Integer.toHexString(insn));
    }

    @Test
    void loadsExtendAsTheirInstructionSays() {
        MmioAccess lb = MmioAccess.decode(iType(LOAD, 0, 5, 10, 0));
        MmioAccess lbu = MmioAccess.decode(iType(LOAD, 4, 5, 10, 0));
        MmioAccess lh = MmioAccess.decode(iType(LOAD, 1, 5, 10, 0));
        MmioAccess lhu = MmioAccess.decode(iType(LOAD, 5, 5, 10, 0));
        MmioAccess lw = MmioAccess.decode(iType(LOAD, 2, 5, 10, 0));
        MmioAccess lwu = MmioAccess.decode(iType(LOAD, 6, 5, 10, 0));
        MmioAccess ld = MmioAccess.decode(iType(LOAD, 3, 5, 10, 0));
        assertEquals(-128L, lb.extend(0x80));
        assertEquals(0x7fL, lb.extend(0xffff_ff7fL), "bits above the size are dropped");
        assertEquals(0x80L, lbu.extend(0xffff_ff80L));
        assertEquals(-2L, lh.extend(0xfffe));
        assertEquals(0xfffeL, lhu.extend(0xffff_fffeL));
        assertEquals(0xffff_ffff_8000_0000L, lw.extend(0x8000_0000L));
        assertEquals(0x8000_0000L, lwu.extend(0xffff_ffff_8000_0000L));
        assertEquals(0x8000_0000_0000_0001L, ld.extend(0x8000_0000_0000_0001L));
        assertEquals(0xffff_ffff_8000_0000L, MmioAccess.decode(cMem(0b010, 9, 8)).extend(0x8000_0000L), "c.lw sign-extends");
        assertEquals(0x34L, MmioAccess.decode(sType(0, 10, 11, 0)).extend(0x1234L), "a store keeps its low bytes");
    }
}
