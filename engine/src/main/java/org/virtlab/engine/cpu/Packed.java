package org.virtlab.engine.cpu;

/**
 * A decoded instruction packed into one {@code long}, which is what the interpreter dispatches
 * on: reading one array element gives the operation and every operand without chasing a
 * pointer to an {@link Insn} object. Every RISC-V immediate fits in 32 signed bits.
 *
 * <pre>
 *  63            32 31   28 27  23 22  18 17  12 11  9  8  7      0
 * +----------------+-------+------+------+------+------+--+--------+
 * | imm (signed)   |   0   | rs2  | rs1  |  rd  | len  |1 |   op   |
 * +----------------+-------+------+------+------+------+--+--------+
 * </pre>
 * Bit 8 is always set, so 0 means "not decoded yet". rd is the register-file slot (32 = x0 sink).
 */
final class Packed {
    static final long NOT_DECODED = 0;

    private Packed() {
    }

    static long pack(int op, int rd, int rs1, int rs2, int length, long imm) {
        if (imm != (int) imm) throw new IllegalArgumentException("immediate does not fit in 32 bits: " + imm);
        return ((long) (int) imm << 32) | ((long) rs2 << 23) | ((long) rs1 << 18) | ((long) rd << 12)
                | ((long) length << 9) | (1L << 8) | op;
    }

    static int op(long w) { return (int) w & 0xFF; }
    static int length(long w) { return (int) (w >>> 9) & 7; }
    static int rd(long w) { return (int) (w >>> 12) & 63; }
    static int rs1(long w) { return (int) (w >>> 18) & 31; }
    static int rs2(long w) { return (int) (w >>> 23) & 31; }
    static long imm(long w) { return w >> 32; }
}
