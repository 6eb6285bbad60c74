package org.virtlab.engine.cpu;

/**
 * A test-only assembler: one encoder per RV64IMAC + Zicsr + Zifencei + privileged + H
 * instruction, including every compressed form. Built from the specs' encoding tables, never
 * from {@link Decoder}, so a test that decodes what this assembles checks the decoder against
 * an independent reading of the spec.
 *
 * <p>References: unprivileged spec, "RV32/64G Instruction Set Listings" (base formats R/I/S/B/U/J)
 * and "RVC Instruction Set Listings" (the compressed formats and their immediate scrambles,
 * written here exactly as the tables print them, e.g. {@code "5:4|9:6|2|3"}); privileged spec,
 * "Instruction listings" for MRET/SRET/WFI/SFENCE.VMA and the H extension's HFENCE/HLV/HSV.
 *
 * <p>32-bit encoders return the instruction word; compressed encoders return the 16-bit
 * parcel in the low half of an int (its low two bits are never 11).
 */
final class Asm {
    private Asm() {
    }

    // ---- base formats ----------------------------------------------------------------------

    static int r(int funct7, int rs2, int rs1, int funct3, int rd, int opcode) {
        return (funct7 << 25) | (reg(rs2) << 20) | (reg(rs1) << 15) | (funct3 << 12) | (reg(rd) << 7) | opcode;
    }

    static int i(long imm, int rs1, int funct3, int rd, int opcode) {
        checkSigned(imm, 12);
        return ((int) imm << 20) | (reg(rs1) << 15) | (funct3 << 12) | (reg(rd) << 7) | opcode;
    }

    static int s(long imm, int rs2, int rs1, int funct3, int opcode) {
        checkSigned(imm, 12);
        return scatter(imm, 31, "11:5") | (reg(rs2) << 20) | (reg(rs1) << 15) | (funct3 << 12)
                | scatter(imm, 11, "4:0") | opcode;
    }

    static int b(long imm, int rs2, int rs1, int funct3) {
        checkSigned(imm, 13);
        checkEven(imm);
        return scatter(imm, 31, "12|10:5") | (reg(rs2) << 20) | (reg(rs1) << 15) | (funct3 << 12)
                | scatter(imm, 11, "4:1|11") | 0x63;
    }

    static int u(long imm, int rd, int opcode) {
        if ((imm & 0xFFF) != 0 || imm != (int) imm) throw new IllegalArgumentException("U immediate " + imm);
        return (int) imm | (reg(rd) << 7) | opcode;
    }

    static int j(long imm, int rd) {
        checkSigned(imm, 21);
        checkEven(imm);
        return scatter(imm, 31, "20|10:1|11|19:12") | (reg(rd) << 7) | 0x6F;
    }

    // ---- RV64I -----------------------------------------------------------------------------

    static int lui(int rd, long imm) { return u(imm, rd, 0x37); }
    static int auipc(int rd, long imm) { return u(imm, rd, 0x17); }
    static int jal(int rd, long off) { return j(off, rd); }
    static int jalr(int rd, int rs1, long off) { return i(off, rs1, 0, rd, 0x67); }

    static int beq(int rs1, int rs2, long off) { return b(off, rs2, rs1, 0); }
    static int bne(int rs1, int rs2, long off) { return b(off, rs2, rs1, 1); }
    static int blt(int rs1, int rs2, long off) { return b(off, rs2, rs1, 4); }
    static int bge(int rs1, int rs2, long off) { return b(off, rs2, rs1, 5); }
    static int bltu(int rs1, int rs2, long off) { return b(off, rs2, rs1, 6); }
    static int bgeu(int rs1, int rs2, long off) { return b(off, rs2, rs1, 7); }

    static int lb(int rd, int rs1, long off) { return i(off, rs1, 0, rd, 0x03); }
    static int lh(int rd, int rs1, long off) { return i(off, rs1, 1, rd, 0x03); }
    static int lw(int rd, int rs1, long off) { return i(off, rs1, 2, rd, 0x03); }
    static int ld(int rd, int rs1, long off) { return i(off, rs1, 3, rd, 0x03); }
    static int lbu(int rd, int rs1, long off) { return i(off, rs1, 4, rd, 0x03); }
    static int lhu(int rd, int rs1, long off) { return i(off, rs1, 5, rd, 0x03); }
    static int lwu(int rd, int rs1, long off) { return i(off, rs1, 6, rd, 0x03); }

    static int sb(int rs2, int rs1, long off) { return s(off, rs2, rs1, 0, 0x23); }
    static int sh(int rs2, int rs1, long off) { return s(off, rs2, rs1, 1, 0x23); }
    static int sw(int rs2, int rs1, long off) { return s(off, rs2, rs1, 2, 0x23); }
    static int sd(int rs2, int rs1, long off) { return s(off, rs2, rs1, 3, 0x23); }

    static int addi(int rd, int rs1, long imm) { return i(imm, rs1, 0, rd, 0x13); }
    static int slti(int rd, int rs1, long imm) { return i(imm, rs1, 2, rd, 0x13); }
    static int sltiu(int rd, int rs1, long imm) { return i(imm, rs1, 3, rd, 0x13); }
    static int xori(int rd, int rs1, long imm) { return i(imm, rs1, 4, rd, 0x13); }
    static int ori(int rd, int rs1, long imm) { return i(imm, rs1, 6, rd, 0x13); }
    static int andi(int rd, int rs1, long imm) { return i(imm, rs1, 7, rd, 0x13); }
    /** RV64 shifts: imm[11:6] is funct6 (000000 or 010000), imm[5:0] the shift amount. */
    static int slli(int rd, int rs1, int sh) { return i(shamt(sh, 63), rs1, 1, rd, 0x13); }
    static int srli(int rd, int rs1, int sh) { return i(shamt(sh, 63), rs1, 5, rd, 0x13); }
    static int srai(int rd, int rs1, int sh) { return i(0x400 | shamt(sh, 63), rs1, 5, rd, 0x13); }

    static int add(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 0, rd, 0x33); }
    static int sub(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 0, rd, 0x33); }
    static int sll(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 1, rd, 0x33); }
    static int slt(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 2, rd, 0x33); }
    static int sltu(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 3, rd, 0x33); }
    static int xor(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 4, rd, 0x33); }
    static int srl(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 5, rd, 0x33); }
    static int sra(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 5, rd, 0x33); }
    static int or(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 6, rd, 0x33); }
    static int and(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 7, rd, 0x33); }

    static int addiw(int rd, int rs1, long imm) { return i(imm, rs1, 0, rd, 0x1B); }
    static int slliw(int rd, int rs1, int sh) { return i(shamt(sh, 31), rs1, 1, rd, 0x1B); }
    static int srliw(int rd, int rs1, int sh) { return i(shamt(sh, 31), rs1, 5, rd, 0x1B); }
    static int sraiw(int rd, int rs1, int sh) { return i(0x400 | shamt(sh, 31), rs1, 5, rd, 0x1B); }
    static int addw(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 0, rd, 0x3B); }
    static int subw(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 0, rd, 0x3B); }
    static int sllw(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 1, rd, 0x3B); }
    static int srlw(int rd, int rs1, int rs2) { return r(0, rs2, rs1, 5, rd, 0x3B); }
    static int sraw(int rd, int rs1, int rs2) { return r(0x20, rs2, rs1, 5, rd, 0x3B); }

    /** FENCE pred, succ (4-bit IORW sets), fm = 0. */
    static int fence(int pred, int succ) { return (pred << 24) | (succ << 20) | 0x0F; }
    static int fenceTso() { return (0b1000 << 28) | (0b0011 << 24) | (0b0011 << 20) | 0x0F; }
    static int fenceI() { return i(0, 0, 1, 0, 0x0F); }
    static int ecall() { return 0x73; }
    static int ebreak() { return (1 << 20) | 0x73; }

    // ---- Zicsr -----------------------------------------------------------------------------

    static int csrrw(int rd, int csr, int rs1) { return csr(csr, rs1, 1, rd); }
    static int csrrs(int rd, int csr, int rs1) { return csr(csr, rs1, 2, rd); }
    static int csrrc(int rd, int csr, int rs1) { return csr(csr, rs1, 3, rd); }
    static int csrrwi(int rd, int csr, int uimm) { return csr(csr, uimm, 5, rd); }
    static int csrrsi(int rd, int csr, int uimm) { return csr(csr, uimm, 6, rd); }
    static int csrrci(int rd, int csr, int uimm) { return csr(csr, uimm, 7, rd); }
    static int csrr(int rd, int csr) { return csrrs(rd, csr, 0); }
    static int csrw(int csr, int rs1) { return csrrw(0, csr, rs1); }

    private static int csr(int csr, int rs1, int funct3, int rd) {
        if (csr < 0 || csr > 0xFFF) throw new IllegalArgumentException("csr " + csr);
        return (csr << 20) | (reg(rs1) << 15) | (funct3 << 12) | (reg(rd) << 7) | 0x73;
    }

    // ---- M -----------------------------------------------------------------------------------

    static int mul(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 0, rd, 0x33); }
    static int mulh(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 1, rd, 0x33); }
    static int mulhsu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 2, rd, 0x33); }
    static int mulhu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 3, rd, 0x33); }
    static int div(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 4, rd, 0x33); }
    static int divu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 5, rd, 0x33); }
    static int rem(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 6, rd, 0x33); }
    static int remu(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 7, rd, 0x33); }
    static int mulw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 0, rd, 0x3B); }
    static int divw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 4, rd, 0x3B); }
    static int divuw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 5, rd, 0x3B); }
    static int remw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 6, rd, 0x3B); }
    static int remuw(int rd, int rs1, int rs2) { return r(1, rs2, rs1, 7, rd, 0x3B); }

    // ---- A -----------------------------------------------------------------------------------

    static final int LR = 0x02, SC = 0x03, AMOSWAP = 0x01, AMOADD = 0x00, AMOXOR = 0x04, AMOAND = 0x0C,
            AMOOR = 0x08, AMOMIN = 0x10, AMOMAX = 0x14, AMOMINU = 0x18, AMOMAXU = 0x1C;

    /** An A-extension instruction: funct5, aq, rl; width 2 = .W, 3 = .D. */
    static int amo(int funct5, boolean aq, boolean rl, int width, int rd, int rs1, int rs2) {
        int f7 = (funct5 << 2) | (aq ? 2 : 0) | (rl ? 1 : 0);
        return r(f7, rs2, rs1, width, rd, 0x2F);
    }

    static int lrW(int rd, int rs1) { return amo(LR, false, false, 2, rd, rs1, 0); }
    static int scW(int rd, int rs1, int rs2) { return amo(SC, false, false, 2, rd, rs1, rs2); }
    static int lrD(int rd, int rs1) { return amo(LR, false, false, 3, rd, rs1, 0); }
    static int scD(int rd, int rs1, int rs2) { return amo(SC, false, false, 3, rd, rs1, rs2); }
    static int amoW(int funct5, int rd, int rs1, int rs2) { return amo(funct5, false, false, 2, rd, rs1, rs2); }
    static int amoD(int funct5, int rd, int rs1, int rs2) { return amo(funct5, false, false, 3, rd, rs1, rs2); }

    // ---- privileged and H ------------------------------------------------------------------------

    static int mret() { return r(0x18, 2, 0, 0, 0, 0x73); }
    static int sret() { return r(0x08, 2, 0, 0, 0, 0x73); }
    static int wfi() { return r(0x08, 5, 0, 0, 0, 0x73); }
    static int sfenceVma(int rs1, int rs2) { return r(0x09, rs2, rs1, 0, 0, 0x73); }
    static int hfenceVvma(int rs1, int rs2) { return r(0x11, rs2, rs1, 0, 0, 0x73); }
    static int hfenceGvma(int rs1, int rs2) { return r(0x31, rs2, rs1, 0, 0, 0x73); }

    static int hlvB(int rd, int rs1) { return r(0x30, 0, rs1, 4, rd, 0x73); }
    static int hlvBu(int rd, int rs1) { return r(0x30, 1, rs1, 4, rd, 0x73); }
    static int hlvH(int rd, int rs1) { return r(0x32, 0, rs1, 4, rd, 0x73); }
    static int hlvHu(int rd, int rs1) { return r(0x32, 1, rs1, 4, rd, 0x73); }
    static int hlvxHu(int rd, int rs1) { return r(0x32, 3, rs1, 4, rd, 0x73); }
    static int hlvW(int rd, int rs1) { return r(0x34, 0, rs1, 4, rd, 0x73); }
    static int hlvWu(int rd, int rs1) { return r(0x34, 1, rs1, 4, rd, 0x73); }
    static int hlvxWu(int rd, int rs1) { return r(0x34, 3, rs1, 4, rd, 0x73); }
    static int hlvD(int rd, int rs1) { return r(0x36, 0, rs1, 4, rd, 0x73); }
    static int hsvB(int rs1, int rs2) { return r(0x31, rs2, rs1, 4, 0, 0x73); }
    static int hsvH(int rs1, int rs2) { return r(0x33, rs2, rs1, 4, 0, 0x73); }
    static int hsvW(int rs1, int rs2) { return r(0x35, rs2, rs1, 4, 0, 0x73); }
    static int hsvD(int rs1, int rs2) { return r(0x37, rs2, rs1, 4, 0, 0x73); }

    // ---- RVC ---------------------------------------------------------------------------------

    /** Quadrant 0 (CIW/CL/CS): rd' and rs1' are x8..x15. */
    static int cAddi4spn(int rdp, long uimm) {
        checkUnsigned(uimm, 10, 4);
        return scatter(uimm, 12, "5:4|9:6|2|3") | (prime(rdp) << 2);
    }

    static int cLw(int rdp, int rs1p, long uimm) {
        checkUnsigned(uimm, 7, 4);
        return (2 << 13) | scatter(uimm, 12, "5:3") | (prime(rs1p) << 7) | scatter(uimm, 6, "2|6") | (prime(rdp) << 2);
    }

    static int cLd(int rdp, int rs1p, long uimm) {
        checkUnsigned(uimm, 8, 8);
        return (3 << 13) | scatter(uimm, 12, "5:3") | (prime(rs1p) << 7) | scatter(uimm, 6, "7:6") | (prime(rdp) << 2);
    }

    static int cSw(int rs2p, int rs1p, long uimm) {
        return cLw(rs2p, rs1p, uimm) | (6 << 13);
    }

    static int cSd(int rs2p, int rs1p, long uimm) {
        return cLd(rs2p, rs1p, uimm) | (7 << 13);
    }

    /** C.FLD / C.FSD encodings (quadrant 0, funct3 1 and 5): the D extension, which we lack. */
    static int cFld(int rdp, int rs1p) { return (1 << 13) | (prime(rs1p) << 7) | (prime(rdp) << 2); }
    static int cFsd(int rs2p, int rs1p) { return (5 << 13) | (prime(rs1p) << 7) | (prime(rs2p) << 2); }

    /** Quadrant 1. */
    static int cNop() { return ci(0, 0, 0, 1); }
    static int cAddi(int rd, long imm) { return ci(0, rd, imm, 1); }
    static int cAddiw(int rd, long imm) { return ci(1, rd, imm, 1); }
    static int cLi(int rd, long imm) { return ci(2, rd, imm, 1); }

    static int cAddi16sp(long nzimm) {
        checkSigned(nzimm, 10);
        if ((nzimm & 15) != 0) throw new IllegalArgumentException("C.ADDI16SP immediate must be a multiple of 16");
        return (3 << 13) | scatter(nzimm, 12, "9") | (2 << 7) | scatter(nzimm, 6, "4|6|8:7|5") | 1;
    }

    static int cLui(int rd, long nzimm) {
        checkSigned(nzimm, 18);
        if ((nzimm & 0xFFF) != 0) throw new IllegalArgumentException("C.LUI immediate must be a multiple of 4096");
        return (3 << 13) | scatter(nzimm, 12, "17") | (reg(rd) << 7) | scatter(nzimm, 6, "16:12") | 1;
    }

    static int cSrli(int rdp, int sh) { return cbShift(0, rdp, sh); }
    static int cSrai(int rdp, int sh) { return cbShift(1, rdp, sh); }

    static int cAndi(int rdp, long imm) {
        checkSigned(imm, 6);
        return (4 << 13) | scatter(imm, 12, "5") | (2 << 10) | (prime(rdp) << 7) | scatter(imm, 6, "4:0") | 1;
    }

    static int cSub(int rdp, int rs2p) { return ca(0, 0, rdp, rs2p); }
    static int cXor(int rdp, int rs2p) { return ca(0, 1, rdp, rs2p); }
    static int cOr(int rdp, int rs2p) { return ca(0, 2, rdp, rs2p); }
    static int cAnd(int rdp, int rs2p) { return ca(0, 3, rdp, rs2p); }
    static int cSubw(int rdp, int rs2p) { return ca(1, 0, rdp, rs2p); }
    static int cAddw(int rdp, int rs2p) { return ca(1, 1, rdp, rs2p); }

    static int cJ(long off) {
        checkSigned(off, 12);
        checkEven(off);
        return (5 << 13) | scatter(off, 12, "11|4|9:8|10|6|7|3:1|5") | 1;
    }

    static int cBeqz(int rs1p, long off) { return cb(6, rs1p, off); }
    static int cBnez(int rs1p, long off) { return cb(7, rs1p, off); }

    /** Quadrant 2. */
    static int cSlli(int rd, int sh) {
        shamt(sh, 63);
        return scatter(sh, 12, "5") | (reg(rd) << 7) | scatter(sh, 6, "4:0") | 2;
    }

    static int cLwsp(int rd, long uimm) {
        checkUnsigned(uimm, 8, 4);
        return (2 << 13) | scatter(uimm, 12, "5") | (reg(rd) << 7) | scatter(uimm, 6, "4:2|7:6") | 2;
    }

    static int cLdsp(int rd, long uimm) {
        checkUnsigned(uimm, 9, 8);
        return (3 << 13) | scatter(uimm, 12, "5") | (reg(rd) << 7) | scatter(uimm, 6, "4:3|8:6") | 2;
    }

    static int cJr(int rs1) { return (4 << 13) | (reg(rs1) << 7) | 2; }
    static int cMv(int rd, int rs2) { return (4 << 13) | (reg(rd) << 7) | (reg(rs2) << 2) | 2; }
    static int cEbreak() { return (4 << 13) | (1 << 12) | 2; }
    static int cJalr(int rs1) { return (4 << 13) | (1 << 12) | (reg(rs1) << 7) | 2; }
    static int cAdd(int rd, int rs2) { return (4 << 13) | (1 << 12) | (reg(rd) << 7) | (reg(rs2) << 2) | 2; }

    static int cSwsp(int rs2, long uimm) {
        checkUnsigned(uimm, 8, 4);
        return (6 << 13) | scatter(uimm, 12, "5:2|7:6") | (reg(rs2) << 2) | 2;
    }

    static int cSdsp(int rs2, long uimm) {
        checkUnsigned(uimm, 9, 8);
        return (7 << 13) | scatter(uimm, 12, "5:3|8:6") | (reg(rs2) << 2) | 2;
    }

    /** C.FLDSP / C.FSDSP (quadrant 2, funct3 1 and 5). */
    static int cFldsp(int rd) { return (1 << 13) | (reg(rd) << 7) | 2; }
    static int cFsdsp(int rs2) { return (5 << 13) | (reg(rs2) << 2) | 2; }

    private static int ci(int funct3, int rd, long imm, int quadrant) {
        checkSigned(imm, 6);
        return (funct3 << 13) | scatter(imm, 12, "5") | (reg(rd) << 7) | scatter(imm, 6, "4:0") | quadrant;
    }

    private static int cbShift(int funct2, int rdp, int sh) {
        shamt(sh, 63);
        return (4 << 13) | scatter(sh, 12, "5") | (funct2 << 10) | (prime(rdp) << 7) | scatter(sh, 6, "4:0") | 1;
    }

    private static int ca(int bit12, int funct2, int rdp, int rs2p) {
        return (4 << 13) | (bit12 << 12) | (3 << 10) | (prime(rdp) << 7) | (funct2 << 5) | (prime(rs2p) << 2) | 1;
    }

    private static int cb(int funct3, int rs1p, long off) {
        checkSigned(off, 9);
        checkEven(off);
        return (funct3 << 13) | scatter(off, 12, "8|4:3") | (prime(rs1p) << 7) | scatter(off, 6, "7:6|2:1|5") | 1;
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * Places bits of {@code imm} into an instruction, starting at bit {@code top} and going down,
     * in the order a spec table lists them: "5:4|9:6|2|3" puts imm[5], imm[4], imm[9] .. imm[6],
     * imm[2], imm[3] at bits top, top-1, ...
     */
    static int scatter(long imm, int top, String layout) {
        int out = 0;
        int pos = top;
        for (String part : layout.split("\\|")) {
            String[] range = part.split(":");
            int hi = Integer.parseInt(range[0]);
            int lo = range.length == 2 ? Integer.parseInt(range[1]) : hi;
            for (int b = hi; b >= lo; b--) {
                out |= (int) ((imm >>> b) & 1) << pos;
                pos--;
            }
        }
        return out;
    }

    private static int reg(int r) {
        if (r < 0 || r > 31) throw new IllegalArgumentException("no register x" + r);
        return r;
    }

    private static int prime(int r) {
        if (r < 8 || r > 15) throw new IllegalArgumentException("compressed register must be x8..x15, not x" + r);
        return r - 8;
    }

    private static int shamt(int sh, int max) {
        if (sh < 0 || sh > max) throw new IllegalArgumentException("shift amount " + sh);
        return sh;
    }

    private static void checkSigned(long imm, int bits) {
        long min = -(1L << (bits - 1)), max = (1L << (bits - 1)) - 1;
        if (imm < min || imm > max) throw new IllegalArgumentException(imm + " does not fit " + bits + " signed bits");
    }

    private static void checkUnsigned(long imm, int bits, int align) {
        if (imm < 0 || imm >= (1L << bits) || imm % align != 0)
            throw new IllegalArgumentException(imm + " is not a " + bits + "-bit multiple of " + align);
    }

    private static void checkEven(long imm) {
        if ((imm & 1) != 0) throw new IllegalArgumentException("odd offset " + imm);
    }
}
