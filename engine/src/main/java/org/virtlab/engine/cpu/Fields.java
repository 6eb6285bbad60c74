package org.virtlab.engine.cpu;

/**
 * Named fields of RISC-V instruction encodings (unprivileged spec, "Base Instruction Formats"
 * and "Compressed Instruction Formats"), so decoding code never twiddles bits inline.
 */
final class Fields {
    private Fields() {
    }

    static int opcode(int i) { return i & 0x7F; }
    static int rd(int i) { return (i >>> 7) & 31; }
    static int funct3(int i) { return (i >>> 12) & 7; }
    static int rs1(int i) { return (i >>> 15) & 31; }
    static int rs2(int i) { return (i >>> 20) & 31; }
    static int funct7(int i) { return i >>> 25; }
    static int csr(int i) { return i >>> 20; }

    static long iImm(int i) { return i >> 20; }

    static long sImm(int i) { return ((i >> 25) << 5) | ((i >>> 7) & 0x1F); }

    static long bImm(int i) {
        return ((long) (i >> 31) << 12) | (((i >>> 7) & 1) << 11) | (((i >>> 25) & 0x3F) << 5) | (((i >>> 8) & 0xF) << 1);
    }

    static long uImm(int i) { return i & 0xFFFFF000; }

    static long jImm(int i) {
        return ((long) (i >> 31) << 20) | (i & 0xFF000) | (((i >>> 20) & 1) << 11) | (((i >>> 21) & 0x3FF) << 1);
    }

    // Compressed formats. "Prime" registers (3-bit fields) name x8..x15.
    static int cOp(int c) { return c & 3; }
    static int cFunct3(int c) { return (c >>> 13) & 7; }
    static int cRd(int c) { return (c >>> 7) & 31; }       // also rs1 in CI/CR formats
    static int cRs2(int c) { return (c >>> 2) & 31; }
    static int cRdPrime(int c) { return 8 + ((c >>> 2) & 7); }   // rd' / rs2' at bits 4:2
    static int cRs1Prime(int c) { return 8 + ((c >>> 7) & 7); }  // rs1' / rd' at bits 9:7

    static int bit(int c, int n) { return (c >>> n) & 1; }

    static int bits(int c, int hi, int lo) { return (c >>> lo) & ((1 << (hi - lo + 1)) - 1); }

    /** The 6-bit signed immediate of CI-format instructions: imm[5] = bit 12, imm[4:0] = bits 6:2. */
    static long ciImm(int c) {
        int v = (bit(c, 12) << 5) | bits(c, 6, 2);
        return (v << 26) >> 26;
    }

    /** The 6-bit unsigned shift amount of C.SLLI/C.SRLI/C.SRAI. */
    static int ciShamt(int c) { return (bit(c, 12) << 5) | bits(c, 6, 2); }

    /** C.J / C.JAL offset: imm[11|4|9:8|10|6|7|3:1|5] = bits 12|11|10:9|8|7|6|5:3|2. */
    static long cjImm(int c) {
        int v = (bit(c, 12) << 11) | (bit(c, 11) << 4) | (bits(c, 10, 9) << 8) | (bit(c, 8) << 10)
                | (bit(c, 7) << 6) | (bit(c, 6) << 7) | (bits(c, 5, 3) << 1) | (bit(c, 2) << 5);
        return (v << 20) >> 20;
    }

    /** C.BEQZ / C.BNEZ offset: imm[8|4:3] = bits 12|11:10, imm[7:6|2:1|5] = bits 6:5|4:3|2. */
    static long cbImm(int c) {
        int v = (bit(c, 12) << 8) | (bits(c, 11, 10) << 3) | (bits(c, 6, 5) << 6) | (bits(c, 4, 3) << 1) | (bit(c, 2) << 5);
        return (v << 23) >> 23;
    }
}
