package org.virtlab.engine.hypervisor.hw;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * A test-only assembler for tiny position-independent guest kernels (a raw binary the board
 * loads at 0x8020_0000): the few RV64I, Zicsr and privileged instructions the tests here need,
 * encoded from the unprivileged spec's "RV32/64G Instruction Set Listings" (formats I, S, B, U,
 * J) and the privileged spec's instruction listing. Labels may be used before they are defined.
 */
final class GuestProgram {
    static final int ZERO = 0, RA = 1, T0 = 5, T1 = 6, T2 = 7, A0 = 10, A1 = 11, A2 = 12, A6 = 16, A7 = 17;
    static final int SSTATUS = 0x100, SIE = 0x104, STVEC = 0x105, SIP = 0x144, TIME = 0xC01;

    /** An instruction word, or a function from its own address to the word (for label references). */
    private final List<IntUnaryOperator> words = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();

    GuestProgram label(String name) {
        labels.put(name, words.size() * 4);
        return this;
    }

    GuestProgram emit(int word) {
        words.add(pc -> word);
        return this;
    }

    private int target(String label) {
        Integer t = labels.get(label);
        if (t == null) throw new IllegalArgumentException("no label " + label);
        return t;
    }

    byte[] bytes() {
        byte[] out = new byte[words.size() * 4];
        for (int i = 0; i < words.size(); i++) {
            int w = words.get(i).applyAsInt(i * 4);
            for (int b = 0; b < 4; b++) out[i * 4 + b] = (byte) (w >>> (8 * b));
        }
        return out;
    }

    // ---- formats ------------------------------------------------------------------------------

    private static int i(int imm, int rs1, int f3, int rd, int op) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | f3 << 12 | rd << 7 | op;
    }

    private static int s(int imm, int rs2, int rs1, int f3) {
        return ((imm >> 5) & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12 | (imm & 0x1F) << 7 | 0x23;
    }

    private static int b(int off, int rs2, int rs1, int f3) {
        return ((off >> 12) & 1) << 31 | ((off >> 5) & 0x3F) << 25 | rs2 << 20 | rs1 << 15 | f3 << 12
                | ((off >> 1) & 0xF) << 8 | ((off >> 11) & 1) << 7 | 0x63;
    }

    private static int j(int off, int rd) {
        return ((off >> 20) & 1) << 31 | ((off >> 1) & 0x3FF) << 21 | ((off >> 11) & 1) << 20 | ((off >> 12) & 0xFF) << 12
                | rd << 7 | 0x6F;
    }

    // ---- instructions ---------------------------------------------------------------------------

    GuestProgram addi(int rd, int rs1, int imm) { return emit(i(imm, rs1, 0, rd, 0x13)); }

    GuestProgram ld(int rd, int rs1, int off) { return emit(i(off, rs1, 3, rd, 0x03)); }

    GuestProgram sd(int rs2, int rs1, int off) { return emit(s(off, rs2, rs1, 3)); }

    GuestProgram csrr(int rd, int csr) { return emit(i(csr, ZERO, 2, rd, 0x73)); }

    GuestProgram csrw(int csr, int rs1) { return emit(i(csr, rs1, 1, ZERO, 0x73)); }

    GuestProgram csrsi(int csr, int uimm) { return emit(i(csr, uimm, 6, ZERO, 0x73)); }

    GuestProgram csrci(int csr, int uimm) { return emit(i(csr, uimm, 7, ZERO, 0x73)); }

    GuestProgram ecall() { return emit(0x73); }

    GuestProgram wfi() { return emit(0x1050_0073); }

    /** Loads a value of at most 31 bits: LUI + ADDI. */
    GuestProgram li(int rd, int value) {
        int hi = (value + 0x800) >>> 12, lo = value - (hi << 12);
        emit(hi << 12 | rd << 7 | 0x37);
        return addi(rd, rd, lo);
    }

    /** rd = the address of {@code label}: AUIPC + ADDI. */
    GuestProgram la(int rd, String label) {
        words.add(pc -> {
            int off = target(label) - pc;
            return ((off + 0x800) >>> 12) << 12 | rd << 7 | 0x17;
        });
        words.add(pc -> {
            int off = target(label) - (pc - 4);
            return i(off - (((off + 0x800) >>> 12) << 12), rd, 0, rd, 0x13);
        });
        return this;
    }

    GuestProgram beqz(int rs1, String label) {
        words.add(pc -> b(target(label) - pc, ZERO, rs1, 0));
        return this;
    }

    GuestProgram bnez(int rs1, String label) {
        words.add(pc -> b(target(label) - pc, ZERO, rs1, 1));
        return this;
    }

    GuestProgram j(String label) {
        words.add(pc -> j(target(label) - pc, ZERO));
        return this;
    }

    /** An SBI call: a7 = extension, a6 = function, a0/a1 arguments. */
    GuestProgram sbi(int eid, int fid, int arg0, int arg1) {
        li(A7, eid).li(A6, fid).li(A0, arg0).li(A1, arg1);
        return ecall();
    }
}
