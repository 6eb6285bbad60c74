package org.virtlab.engine.cpu;

import static org.virtlab.engine.cpu.Fields.*;

/**
 * Turns instruction bits into {@link Insn}s. Pure: the same bits always decode the same way;
 * whether an instruction is allowed in the current mode is decided when it executes.
 * Encodings that are reserved or belong to extensions we do not implement decode to
 * {@link Op#ILLEGAL}, which traps as an illegal instruction.
 *
 * <p>Reference: RISC-V unprivileged spec, "RV32/64G Instruction Set Listings" and
 * "RVC Instruction Set Listings"; privileged spec, "Instruction listings" (incl. the H extension).
 */
public final class Decoder {
    private Decoder() {
    }

    /** Whether the low 16 bits start a 16-bit (compressed) instruction. */
    public static boolean isCompressed(int lowHalf) {
        return (lowHalf & 3) != 3;
    }

    /** Decodes a 32-bit instruction, or a compressed one (given in the low 16 bits). */
    public static Insn decode(int raw) {
        return isCompressed(raw) ? decodeCompressed(raw & 0xFFFF) : decode32(raw);
    }

    private static Insn illegal(int raw, int length) {
        return new Insn(Op.ILLEGAL, 0, 0, 0, 0, length, raw);
    }

    private static Insn r(int op, int i) {
        return new Insn(op, rd(i), rs1(i), rs2(i), 0, 4, i);
    }

    private static Insn imm(int op, int i, long imm) {
        return new Insn(op, rd(i), rs1(i), rs2(i), imm, 4, i);
    }

    static Insn decode32(int i) {
        switch (opcode(i)) {
            case 0x37: return imm(Op.LUI, i, uImm(i));
            case 0x17: return imm(Op.AUIPC, i, uImm(i));
            case 0x6F: return imm(Op.JAL, i, jImm(i));
            case 0x67: return funct3(i) == 0 ? imm(Op.JALR, i, iImm(i)) : illegal(i, 4);
            case 0x63: return branch(i);
            case 0x03: return load(i);
            case 0x23: return store(i);
            case 0x13: return opImm(i);
            case 0x1B: return opImm32(i);
            case 0x33: return op(i);
            case 0x3B: return op32(i);
            case 0x0F: return miscMem(i);
            case 0x73: return system(i);
            case 0x2F: return amo(i);
            default: return illegal(i, 4);
        }
    }

    private static Insn branch(int i) {
        int[] ops = {Op.BEQ, Op.BNE, Op.ILLEGAL, Op.ILLEGAL, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU};
        int op = ops[funct3(i)];
        return op == Op.ILLEGAL ? illegal(i, 4) : imm(op, i, bImm(i));
    }

    private static Insn load(int i) {
        int[] ops = {Op.LB, Op.LH, Op.LW, Op.LD, Op.LBU, Op.LHU, Op.LWU, Op.ILLEGAL};
        int op = ops[funct3(i)];
        return op == Op.ILLEGAL ? illegal(i, 4) : imm(op, i, iImm(i));
    }

    private static Insn store(int i) {
        int f3 = funct3(i);
        if (f3 > 3) return illegal(i, 4);
        return imm(Op.SB + f3, i, sImm(i));
    }

    private static Insn opImm(int i) {
        long imm = iImm(i);
        switch (funct3(i)) {
            case 0: return imm(Op.ADDI, i, imm);
            case 2: return imm(Op.SLTI, i, imm);
            case 3: return imm(Op.SLTIU, i, imm);
            case 4: return imm(Op.XORI, i, imm);
            case 6: return imm(Op.ORI, i, imm);
            case 7: return imm(Op.ANDI, i, imm);
            case 1: return (i >>> 26) == 0 ? imm(Op.SLLI, i, (i >>> 20) & 63) : illegal(i, 4);
            default: // 5
                if ((i >>> 26) == 0) return imm(Op.SRLI, i, (i >>> 20) & 63);
                if ((i >>> 26) == 0x10) return imm(Op.SRAI, i, (i >>> 20) & 63);
                return illegal(i, 4);
        }
    }

    private static Insn opImm32(int i) {
        int f7 = funct7(i);
        switch (funct3(i)) {
            case 0: return imm(Op.ADDIW, i, iImm(i));
            case 1: return f7 == 0 ? imm(Op.SLLIW, i, rs2(i)) : illegal(i, 4);
            case 5:
                if (f7 == 0) return imm(Op.SRLIW, i, rs2(i));
                if (f7 == 0x20) return imm(Op.SRAIW, i, rs2(i));
                return illegal(i, 4);
            default: return illegal(i, 4);
        }
    }

    private static Insn op(int i) {
        int f3 = funct3(i);
        switch (funct7(i)) {
            case 0x00: {
                int[] ops = {Op.ADD, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.OR, Op.AND};
                return r(ops[f3], i);
            }
            case 0x20:
                if (f3 == 0) return r(Op.SUB, i);
                if (f3 == 5) return r(Op.SRA, i);
                return illegal(i, 4);
            case 0x01:
                return r(Op.MUL + f3, i); // MUL MULH MULHSU MULHU DIV DIVU REM REMU, in order
            default:
                return illegal(i, 4);
        }
    }

    private static Insn op32(int i) {
        int f3 = funct3(i);
        switch (funct7(i)) {
            case 0x00:
                if (f3 == 0) return r(Op.ADDW, i);
                if (f3 == 1) return r(Op.SLLW, i);
                if (f3 == 5) return r(Op.SRLW, i);
                return illegal(i, 4);
            case 0x20:
                if (f3 == 0) return r(Op.SUBW, i);
                if (f3 == 5) return r(Op.SRAW, i);
                return illegal(i, 4);
            case 0x01:
                switch (f3) {
                    case 0: return r(Op.MULW, i);
                    case 4: return r(Op.DIVW, i);
                    case 5: return r(Op.DIVUW, i);
                    case 6: return r(Op.REMW, i);
                    case 7: return r(Op.REMUW, i);
                    default: return illegal(i, 4);
                }
            default:
                return illegal(i, 4);
        }
    }

    private static Insn miscMem(int i) {
        switch (funct3(i)) {
            case 0: return r(Op.FENCE, i);     // FENCE, FENCE.TSO and PAUSE
            case 1: return r(Op.FENCE_I, i);
            default: return illegal(i, 4);
        }
    }

    private static Insn system(int i) {
        int f3 = funct3(i);
        if (f3 == 0) return privileged(i);
        if (f3 == 4) return hypervisorLoadStore(i);
        int[] ops = {Op.ILLEGAL, Op.CSRRW, Op.CSRRS, Op.CSRRC, Op.ILLEGAL, Op.CSRRWI, Op.CSRRSI, Op.CSRRCI};
        return imm(ops[f3], i, csr(i));
    }

    private static Insn privileged(int i) {
        switch (i) {
            case 0x00000073: return r(Op.ECALL, i);
            case 0x00100073: return r(Op.EBREAK, i);
            case 0x30200073: return r(Op.MRET, i);
            case 0x10200073: return r(Op.SRET, i);
            case 0x10500073: return r(Op.WFI, i);
            default: break;
        }
        if (rd(i) != 0) return illegal(i, 4);
        switch (funct7(i)) {
            case 0x09: return r(Op.SFENCE_VMA, i);
            case 0x11: return r(Op.HFENCE_VVMA, i);
            case 0x31: return r(Op.HFENCE_GVMA, i);
            default: return illegal(i, 4);
        }
    }

    private static Insn hypervisorLoadStore(int i) {
        int f7 = funct7(i);
        int sel = rs2(i);
        if ((f7 & 1) == 1) { // HSV.B/H/W/D: funct7 0x31, 0x33, 0x35, 0x37; rd must be 0
            if (rd(i) != 0 || f7 < 0x31 || f7 > 0x37) return illegal(i, 4);
            return r(Op.HSV_B + ((f7 - 0x31) >> 1), i);
        }
        switch (f7) {
            case 0x30: return sel == 0 ? r(Op.HLV_B, i) : sel == 1 ? r(Op.HLV_BU, i) : illegal(i, 4);
            case 0x32: return sel == 0 ? r(Op.HLV_H, i) : sel == 1 ? r(Op.HLV_HU, i) : sel == 3 ? r(Op.HLVX_HU, i) : illegal(i, 4);
            case 0x34: return sel == 0 ? r(Op.HLV_W, i) : sel == 1 ? r(Op.HLV_WU, i) : sel == 3 ? r(Op.HLVX_WU, i) : illegal(i, 4);
            case 0x36: return sel == 0 ? r(Op.HLV_D, i) : illegal(i, 4);
            default: return illegal(i, 4);
        }
    }

    private static Insn amo(int i) {
        int f3 = funct3(i);
        if (f3 != 2 && f3 != 3) return illegal(i, 4);
        int base = f3 == 2 ? Op.LR_W : Op.LR_D;
        int op;
        switch (i >>> 27) {
            case 0x02: if (rs2(i) != 0) return illegal(i, 4); op = base; break;
            case 0x03: op = base + 1; break;   // SC
            case 0x01: op = base + 2; break;   // AMOSWAP
            case 0x00: op = base + 3; break;   // AMOADD
            case 0x04: op = base + 4; break;   // AMOXOR
            case 0x0C: op = base + 5; break;   // AMOAND
            case 0x08: op = base + 6; break;   // AMOOR
            case 0x10: op = base + 7; break;   // AMOMIN
            case 0x14: op = base + 8; break;   // AMOMAX
            case 0x18: op = base + 9; break;   // AMOMINU
            case 0x1C: op = base + 10; break;  // AMOMAXU
            default: return illegal(i, 4);
        }
        return r(op, i);
    }

    // ---- RV64C -------------------------------------------------------------------------------

    private static Insn c(int op, int rd, int rs1, int rs2, long imm, int raw) {
        return new Insn(op, rd, rs1, rs2, imm, 2, raw);
    }

    static Insn decodeCompressed(int c) {
        switch (cOp(c)) {
            case 0: return quadrant0(c);
            case 1: return quadrant1(c);
            default: return quadrant2(c);
        }
    }

    private static Insn quadrant0(int c) {
        int rdp = cRdPrime(c);
        int rs1p = cRs1Prime(c);
        switch (cFunct3(c)) {
            case 0: { // C.ADDI4SPN: nzuimm[5:4|9:6|2|3] = bits 12:11|10:7|6|5
                int imm = (bits(c, 12, 11) << 4) | (bits(c, 10, 7) << 6) | (bit(c, 6) << 2) | (bit(c, 5) << 3);
                return imm == 0 ? illegal(c, 2) : c(Op.ADDI, rdp, 2, 0, imm, c);
            }
            case 2: return c(Op.LW, rdp, rs1p, 0, cLwImm(c), c);
            case 3: return c(Op.LD, rdp, rs1p, 0, cLdImm(c), c);
            case 6: return c(Op.SW, 0, rs1p, rdp, cLwImm(c), c);
            case 7: return c(Op.SD, 0, rs1p, rdp, cLdImm(c), c);
            default: return illegal(c, 2); // C.FLD, C.FSD (no D extension), reserved
        }
    }

    /** C.LW/C.SW offset: uimm[5:3] = bits 12:10, uimm[2] = bit 6, uimm[6] = bit 5. */
    private static long cLwImm(int c) {
        return (bits(c, 12, 10) << 3) | (bit(c, 6) << 2) | (bit(c, 5) << 6);
    }

    /** C.LD/C.SD offset: uimm[5:3] = bits 12:10, uimm[7:6] = bits 6:5. */
    private static long cLdImm(int c) {
        return (bits(c, 12, 10) << 3) | (bits(c, 6, 5) << 6);
    }

    private static Insn quadrant1(int c) {
        int rd = cRd(c);
        switch (cFunct3(c)) {
            case 0: return c(Op.ADDI, rd, rd, 0, ciImm(c), c);             // C.ADDI, C.NOP
            case 1: return rd == 0 ? illegal(c, 2) : c(Op.ADDIW, rd, rd, 0, ciImm(c), c);
            case 2: return c(Op.ADDI, rd, 0, 0, ciImm(c), c);              // C.LI
            case 3:
                if (rd == 2) { // C.ADDI16SP: nzimm[9|4|6|8:7|5] = bits 12|6|5|4:3|2
                    int v = (bit(c, 12) << 9) | (bit(c, 6) << 4) | (bit(c, 5) << 6) | (bits(c, 4, 3) << 7) | (bit(c, 2) << 5);
                    long imm = (v << 22) >> 22;
                    return imm == 0 ? illegal(c, 2) : c(Op.ADDI, 2, 2, 0, imm, c);
                } else { // C.LUI: nzimm[17|16:12] = bits 12|6:2
                    long imm = ciImm(c) << 12;
                    return imm == 0 ? illegal(c, 2) : c(Op.LUI, rd, 0, 0, imm, c);
                }
            case 4: return miscAlu(c);
            case 5: return c(Op.JAL, 0, 0, 0, cjImm(c), c);                // C.J
            case 6: return c(Op.BEQ, 0, cRs1Prime(c), 0, cbImm(c), c);     // C.BEQZ
            default: return c(Op.BNE, 0, cRs1Prime(c), 0, cbImm(c), c);    // C.BNEZ
        }
    }

    private static Insn miscAlu(int c) {
        int rd = cRs1Prime(c);
        switch (bits(c, 11, 10)) {
            case 0: return c(Op.SRLI, rd, rd, 0, ciShamt(c), c);
            case 1: return c(Op.SRAI, rd, rd, 0, ciShamt(c), c);
            case 2: return c(Op.ANDI, rd, rd, 0, ciImm(c), c);
            default: {
                int rs2 = cRdPrime(c);
                int sel = bits(c, 6, 5);
                if (bit(c, 12) == 0) {
                    int[] ops = {Op.SUB, Op.XOR, Op.OR, Op.AND};
                    return c(ops[sel], rd, rd, rs2, 0, c);
                }
                if (sel == 0) return c(Op.SUBW, rd, rd, rs2, 0, c);
                if (sel == 1) return c(Op.ADDW, rd, rd, rs2, 0, c);
                return illegal(c, 2);
            }
        }
    }

    private static Insn quadrant2(int c) {
        int rd = cRd(c);
        int rs2 = cRs2(c);
        switch (cFunct3(c)) {
            case 0: return c(Op.SLLI, rd, rd, 0, ciShamt(c), c);           // C.SLLI
            case 2: { // C.LWSP: uimm[5] = bit 12, uimm[4:2] = bits 6:4, uimm[7:6] = bits 3:2
                if (rd == 0) return illegal(c, 2);
                long imm = (bit(c, 12) << 5) | (bits(c, 6, 4) << 2) | (bits(c, 3, 2) << 6);
                return c(Op.LW, rd, 2, 0, imm, c);
            }
            case 3: { // C.LDSP: uimm[5] = bit 12, uimm[4:3] = bits 6:5, uimm[8:6] = bits 4:2
                if (rd == 0) return illegal(c, 2);
                long imm = (bit(c, 12) << 5) | (bits(c, 6, 5) << 3) | (bits(c, 4, 2) << 6);
                return c(Op.LD, rd, 2, 0, imm, c);
            }
            case 4:
                if (bit(c, 12) == 0) {
                    if (rs2 == 0) return rd == 0 ? illegal(c, 2) : c(Op.JALR, 0, rd, 0, 0, c); // C.JR
                    return c(Op.ADD, rd, 0, rs2, 0, c);                                         // C.MV
                }
                if (rs2 == 0) {
                    if (rd == 0) return c(Op.EBREAK, 0, 0, 0, 0, c);                            // C.EBREAK
                    return c(Op.JALR, 1, rd, 0, 0, c);                                          // C.JALR
                }
                return c(Op.ADD, rd, rd, rs2, 0, c);                                            // C.ADD
            case 6: { // C.SWSP: uimm[5:2] = bits 12:9, uimm[7:6] = bits 8:7
                long imm = (bits(c, 12, 9) << 2) | (bits(c, 8, 7) << 6);
                return c(Op.SW, 0, 2, rs2, imm, c);
            }
            case 7: { // C.SDSP: uimm[5:3] = bits 12:10, uimm[8:6] = bits 9:7
                long imm = (bits(c, 12, 10) << 3) | (bits(c, 9, 7) << 6);
                return c(Op.SD, 0, 2, rs2, imm, c);
            }
            default: return illegal(c, 2); // C.FLDSP, C.FSDSP
        }
    }
}
