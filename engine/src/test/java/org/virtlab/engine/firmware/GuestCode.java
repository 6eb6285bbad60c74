package org.virtlab.engine.firmware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtlab.engine.machine.Machine;

/**
 * A tiny S-mode program builder for the firmware tests: just the RV64I, Zicsr and system
 * instructions the tests need, encoded from the unprivileged spec's base formats (R/I/S/B/U/J),
 * with labels for branches. {@link #call} makes an SBI call, {@link #record} stores a0 and a1
 * into a results slot that the Java test reads back.
 */
final class GuestCode {
    static final int ZERO = 0, RA = 1, SP = 2, T0 = 5, T1 = 6, T2 = 7, S0 = 8, S1 = 9;
    static final int A0 = 10, A1 = 11, A2 = 12, A3 = 13, A4 = 14, A5 = 15, A6 = 16, A7 = 17;
    /** Results: slot i holds a0 at RESULTS + 16 i and a1 at RESULTS + 16 i + 8. */
    static final long RESULTS = 0x8010_0000L;

    private final List<Integer> words = new ArrayList<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private final List<Object[]> fixups = new ArrayList<>();

    // ---- encodings (unprivileged spec, "Base Instruction Formats") ----------------------------

    private GuestCode emit(int w) {
        words.add(w);
        return this;
    }

    private static int iType(long imm, int rs1, int f3, int rd, int op) {
        if (imm < -2048 || imm > 2047) throw new IllegalArgumentException("I immediate " + imm);
        return ((int) imm << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op;
    }

    private static int sType(long imm, int rs2, int rs1, int f3) {
        int i = (int) imm;
        return ((i >> 5 & 0x7F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | ((i & 0x1F) << 7) | 0x23;
    }

    private static int bType(int off, int rs2, int rs1, int f3) {
        return ((off >> 12 & 1) << 31) | ((off >> 5 & 0x3F) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12)
                | ((off >> 1 & 0xF) << 8) | ((off >> 11 & 1) << 7) | 0x63;
    }

    private static int jType(int off, int rd) {
        return ((off >> 20 & 1) << 31) | ((off >> 1 & 0x3FF) << 21) | ((off >> 11 & 1) << 20)
                | ((off >> 12 & 0xFF) << 12) | (rd << 7) | 0x6F;
    }

    GuestCode lui(int rd, int imm20) { return emit((imm20 << 12) | (rd << 7) | 0x37); }
    GuestCode addi(int rd, int rs1, long imm) { return emit(iType(imm, rs1, 0, rd, 0x13)); }
    GuestCode addiw(int rd, int rs1, long imm) { return emit(iType(imm, rs1, 0, rd, 0x1B)); }
    GuestCode slli(int rd, int rs1, int sh) { return emit(iType(sh, rs1, 1, rd, 0x13)); }
    GuestCode srli(int rd, int rs1, int sh) { return emit(iType(sh, rs1, 5, rd, 0x13)); }
    GuestCode mv(int rd, int rs) { return addi(rd, rs, 0); }
    GuestCode ld(int rd, int rs1, long off) { return emit(iType(off, rs1, 3, rd, 0x03)); }
    GuestCode sd(int rs2, int rs1, long off) { return emit(sType(off, rs2, rs1, 3)); }
    GuestCode sb(int rs2, int rs1, long off) { return emit(sType(off, rs2, rs1, 0)); }
    GuestCode csrr(int rd, int csr) { return emit((csr << 20) | (2 << 12) | (rd << 7) | 0x73); }
    GuestCode csrw(int csr, int rs1) { return emit((csr << 20) | (rs1 << 15) | (1 << 12) | 0x73); }
    GuestCode csrs(int csr, int rs1) { return emit((csr << 20) | (rs1 << 15) | (2 << 12) | 0x73); }
    GuestCode ecall() { return emit(0x73); }
    GuestCode word(int w) { return emit(w); }

    /** Loads any value that fits in 32 bits, signed or unsigned. */
    GuestCode li(int rd, long v) {
        boolean unsigned32 = v >= 0x8000_0000L && v <= 0xFFFF_FFFFL;
        if (v != (int) v && !unsigned32) throw new IllegalArgumentException("li: " + v + " needs more than 32 bits");
        int x = (int) v;
        int lo = (x << 20) >> 20;
        int hi = (x - lo) >>> 12;
        if (hi != 0) {
            lui(rd, hi);
            addiw(rd, rd, lo);
        } else {
            addi(rd, ZERO, lo);
        }
        if (unsigned32) {
            slli(rd, rd, 32);
            srli(rd, rd, 32);
        }
        return this;
    }

    GuestCode label(String name) {
        labels.put(name, words.size());
        return this;
    }

    GuestCode j(String target) { return branch(target, -1, 0, 0); }
    GuestCode beq(int a, int b, String target) { return branch(target, 0, a, b); }
    GuestCode bne(int a, int b, String target) { return branch(target, 1, a, b); }

    /** Spins here forever (j .). */
    GuestCode halt() {
        return emit(jType(0, ZERO));
    }

    private GuestCode branch(String target, int f3, int a, int b) {
        fixups.add(new Object[] {words.size(), target, f3, a, b});
        return emit(0);
    }

    // ---- SBI helpers ---------------------------------------------------------------------------

    /** a0..a5 := args, a6 := fid, a7 := eid, ecall. */
    GuestCode call(long eid, long fid, long... args) {
        for (int i = 0; i < args.length; i++) li(A0 + i, args[i]);
        li(A6, fid);
        li(A7, eid);
        return ecall();
    }

    /** Stores a0 and a1 into results slot {@code slot}. Uses t0. */
    GuestCode record(int slot) {
        li(T0, RESULTS + 16L * slot);
        sd(A0, T0, 0);
        return sd(A1, T0, 8);
    }

    /** Stores register {@code reg} into the a0 half of results slot {@code slot}. Uses t0. */
    GuestCode recordReg(int slot, int reg) {
        li(T0, RESULTS + 16L * slot);
        return sd(reg, T0, 0);
    }

    byte[] bytes() {
        byte[] out = new byte[words.size() * 4];
        for (Object[] f : fixups) {
            int at = (Integer) f[0];
            Integer to = labels.get((String) f[1]);
            if (to == null) throw new IllegalStateException("no label " + f[1]);
            int off = (to - at) * 4;
            int f3 = (Integer) f[2];
            words.set(at, f3 < 0 ? jType(off, ZERO) : bType(off, (Integer) f[4], (Integer) f[3], f3));
        }
        for (int i = 0; i < words.size(); i++) {
            int w = words.get(i);
            for (int b = 0; b < 4; b++) out[4 * i + b] = (byte) (w >>> (8 * b));
        }
        return out;
    }

    void loadInto(Machine m, long address) {
        byte[] b = bytes();
        m.ram().writeBytes(address, b, 0, b.length);
    }

    static long a0(Machine m, int slot) {
        return m.ram().read(RESULTS + 16L * slot, 8);
    }

    static long a1(Machine m, int slot) {
        return m.ram().read(RESULTS + 16L * slot + 8, 8);
    }
}
