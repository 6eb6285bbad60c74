package org.virtlab.engine.hypervisor;

/**
 * What a guest load or store that faulted on a device address wants: the hypervisor emulates
 * it against the domain's {@link VirtualBoard} and steps over it. The address is the trap's
 * {@code tval} (privileged spec, section 3.1.16 "mtval": the faulting virtual address of a
 * load/store access or page fault), so only the access itself is decoded here.
 *
 * <p>{@link #decode} accepts the integer loads and stores of RV64I (unprivileged spec, "Load and
 * Store Instructions", RV32I and RV64I chapters) and their RVC forms ("C" chapter, "Load and
 * Store Instructions": C.LW, C.LD, C.SW, C.SD and the stack-pointer-based C.LWSP, C.LDSP,
 * C.SWSP, C.SDSP). Anything else — atomics (LR/SC, AMOs), floating-point loads and stores,
 * reserved encodings, non-memory instructions — gives null: the hypervisor treats such an
 * access to a device as the guest's error, as real devices do not support it.
 *
 * @param isStore true for a store, false for a load
 * @param size    bytes accessed: 1, 2, 4 or 8
 * @param signed  for a load, whether the value is sign-extended (LB/LH/LW and C.LW/C.LWSP);
 *                false for stores
 * @param reg     for a load the destination rd (0 means the value is discarded), for a store
 *                the source rs2; x0..x31, compressed 3-bit fields already mapped to x8..x15
 * @param length  the instruction's length in bytes (2 or 4): how far to advance the pc
 */
public record MmioAccess(boolean isStore, int size, boolean signed, int reg, int length) {

    private static final int OP_LOAD = 0b000_0011;
    private static final int OP_STORE = 0b010_0011;
    /** Quadrants of the compressed encoding space: bits [1:0] of a 16-bit instruction. */
    private static final int C0 = 0b00, C2 = 0b10;
    private static final int C_LW = 0b010, C_LD = 0b011, C_SW = 0b110, C_SD = 0b111;

    public MmioAccess {
        if (size != 1 && size != 2 && size != 4 && size != 8) throw new IllegalArgumentException("access size " + size);
        if (length != 2 && length != 4) throw new IllegalArgumentException("instruction length " + length);
        if (reg < 0 || reg > 31) throw new IllegalArgumentException("register x" + reg);
        if (isStore && signed) throw new IllegalArgumentException("a store is not sign-extended");
    }

    /**
     * Decodes the instruction at the faulting pc. {@code insnBits} holds its bits in the low
     * 16 or 32 bits; when bits [1:0] are not 11 the instruction is 16 bits long and the bits
     * above 15 are ignored (so 32 bits fetched at the pc may be passed as they are).
     *
     * @return the access, or null when the instruction is not an integer load or store
     */
    public static MmioAccess decode(long insnBits) {
        int insn = (int) insnBits;
        return (insn & 3) == 3 ? decode32(insn) : decode16(insn & 0xffff);
    }

    /**
     * The value a load puts in its register: {@code raw}'s low {@link #size} bytes, sign- or
     * zero-extended. For a store, the low {@link #size} bytes of the register value, zero-extended.
     */
    public long extend(long raw) {
        if (size == 8) return raw;
        int shift = 64 - 8 * size;
        return signed ? (raw << shift) >> shift : (raw << shift) >>> shift;
    }

    // ---- 32-bit encodings: I-type loads, S-type stores -------------------------------------

    private static MmioAccess decode32(int insn) {
        int opcode = insn & 0x7f;
        int funct3 = (insn >>> 12) & 7;
        int rd = (insn >>> 7) & 31;
        int rs2 = (insn >>> 20) & 31;
        if (opcode == OP_LOAD) {
            // funct3: 0 LB, 1 LH, 2 LW, 3 LD, 4 LBU, 5 LHU, 6 LWU; 7 is reserved.
            if (funct3 == 7) return null;
            return new MmioAccess(false, 1 << (funct3 & 3), funct3 < 4 && funct3 != 3, rd, 4);
        }
        if (opcode == OP_STORE) {
            // funct3: 0 SB, 1 SH, 2 SW, 3 SD; 4..7 are reserved.
            if (funct3 > 3) return null;
            return new MmioAccess(true, 1 << funct3, false, rs2, 4);
        }
        return null;
    }

    // ---- 16-bit encodings: CL/CS (x8..x15 registers) and CI/CSS (sp-relative) ----------------

    private static MmioAccess decode16(int c) {
        int quadrant = c & 3;
        int funct3 = (c >>> 13) & 7;
        if (quadrant == C0) {
            int primeLow = 8 + ((c >>> 2) & 7);      // rd' of CL, rs2' of CS: bits 4:2
            return switch (funct3) {
                case C_LW -> new MmioAccess(false, 4, true, primeLow, 2);
                case C_LD -> new MmioAccess(false, 8, false, primeLow, 2);
                case C_SW -> new MmioAccess(true, 4, false, primeLow, 2);
                case C_SD -> new MmioAccess(true, 8, false, primeLow, 2);
                default -> null;                      // C.ADDI4SPN, C.FLD, C.FSD, reserved
            };
        }
        if (quadrant == C2) {
            int rd = (c >>> 7) & 31;                 // CI format: bits 11:7
            int rs2 = (c >>> 2) & 31;                // CSS format: bits 6:2
            return switch (funct3) {
                // C.LWSP and C.LDSP with rd = x0 are reserved.
                case C_LW -> rd == 0 ? null : new MmioAccess(false, 4, true, rd, 2);
                case C_LD -> rd == 0 ? null : new MmioAccess(false, 8, false, rd, 2);
                case C_SW -> new MmioAccess(true, 4, false, rs2, 2);
                case C_SD -> new MmioAccess(true, 8, false, rs2, 2);
                default -> null;                      // C.SLLI, C.FLDSP, C.JR/MV/ADD..., C.FSDSP
            };
        }
        return null;                                  // quadrant 1 holds no loads or stores
    }

    /**
     * Carries the access out on a domain's virtual board, as the hart would have on a real one:
     * a store writes register {@link #reg} to the device, a load puts the (extended) value in it.
     * Returns what happened, for the event trace ("uart0: write8 0x10000000 <- 0x41"). The caller
     * moves the pc past the instruction ({@link #length}).
     */
    public String perform(VirtualBoard board, long gpa, org.virtlab.engine.cpu.Hart hart) {
        String device = board.deviceName(gpa);
        if (isStore) {
            long value = hart.x(reg);
            board.write(gpa, size, value);
            return String.format("%s: write%d 0x%x <- 0x%x", device, size * 8, gpa, value);
        }
        long value = extend(board.read(gpa, size));
        hart.setX(reg, value);
        return String.format("%s: read%d 0x%x -> 0x%x", device, size * 8, gpa, value);
    }

    /**
     * The instruction at guest {@code pc} as the hart fetched it in U-mode (full and para
     * virtualization run guests there), read through the hart's current translation; -1 if it
     * cannot be read or lies outside the domain's RAM. Compressed instructions come back in the
     * low 16 bits.
     */
    public static long fetch(org.virtlab.engine.cpu.Hart hart, long pc, DomainMemory memory) {
        long low = readHalf(hart, pc, memory);
        if (low < 0 || (low & 3) != 3) return low;
        long high = readHalf(hart, pc + 2, memory);
        return high < 0 ? -1 : low | high << 16;
    }

    private static long readHalf(org.virtlab.engine.cpu.Hart hart, long va, DomainMemory memory) {
        long pa = hart.mmu().translate(va, org.virtlab.engine.mmu.Access.FETCH, org.virtlab.engine.cpu.Privilege.U, false, 0);
        if (pa == org.virtlab.engine.mmu.Mmu.FAULT || !memory.ownsHost(pa, 2)) return -1;
        return memory.hostRam().read(pa, 2);
    }
}
