package org.virtlab.engine.cpu;

/**
 * One decoded instruction: what the interpreter executes. Compressed instructions decode to
 * the same operations as their 32-bit equivalents, with {@code length} 2.
 *
 * <p>{@code rd} is already redirected: a write to x0 goes to a scratch slot (index 32) of the
 * register file, so no instruction needs to test for x0.
 */
public final class Insn {
    /** Register-file slot that absorbs writes to x0. */
    static final int X0_SINK = 32;

    public final int op;
    public final int rd;
    public final int rs1;
    public final int rs2;
    public final long imm;
    public final int length;
    /** The instruction's bits as fetched (16 bits for a compressed instruction). */
    public final int raw;
    /** The fields packed into one word for the interpreter's dispatch (see {@link Packed}). */
    final long packed;

    Insn(int op, int rd, int rs1, int rs2, long imm, int length, int raw) {
        this.op = op;
        this.rd = rd == 0 ? X0_SINK : rd;
        this.rs1 = rs1;
        this.rs2 = rs2;
        this.imm = imm;
        this.length = length;
        this.raw = raw;
        this.packed = Packed.pack(op, this.rd, rs1, rs2, length, imm);
    }

    /** The architectural destination register (0..31). */
    public int destination() {
        return rd == X0_SINK ? 0 : rd;
    }

    @Override
    public String toString() {
        return Disassembler.format(this);
    }
}
