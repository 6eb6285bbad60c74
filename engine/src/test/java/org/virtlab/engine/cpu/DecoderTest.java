package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.virtlab.engine.cpu.Asm.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Decoder} against the spec's encoding tables (as {@link Asm} reads them): every mnemonic,
 * every compressed form's expansion with its immediates at their extremes, and the reserved
 * encodings that must decode to {@link Op#ILLEGAL}.
 */
class DecoderTest {
    /** "Don't care" for a field the instruction does not have. */
    private static final int ANY = -1;
    /** "Don't care" for the immediate (-1 is a real immediate). */
    private static final long NONE = Long.MIN_VALUE;

    private record Case(String asm, int bits, int op, int rd, int rs1, int rs2, long imm, int length) {
        @Override
        public String toString() {
            return asm;
        }
    }

    private static Case k(String asm, int bits, int op, int rd, int rs1, int rs2, long imm) {
        return new Case(asm, bits, op, rd, rs1, rs2, imm, (bits & 3) == 3 ? 4 : 2);
    }

    static List<Case> base() {
        List<Case> t = new ArrayList<>();
        t.add(k("lui x1, 0xfffff000", lui(1, 0xFFFF_F000L - (1L << 32)), Op.LUI, 1, ANY, ANY, 0xFFFF_FFFF_FFFF_F000L));
        t.add(k("lui x31, 0x7ffff000", lui(31, 0x7FFF_F000L), Op.LUI, 31, ANY, ANY, 0x7FFF_F000L));
        t.add(k("auipc x2, 0x80000000", auipc(2, -0x8000_0000L), Op.AUIPC, 2, ANY, ANY, -0x8000_0000L));
        t.add(k("jal x1, -1MiB", jal(1, -(1 << 20)), Op.JAL, 1, ANY, ANY, -(1 << 20)));
        t.add(k("jal x0, 1MiB-2", jal(0, (1 << 20) - 2), Op.JAL, 0, ANY, ANY, (1 << 20) - 2));
        t.add(k("jal x5, 0x800", jal(5, 0x800), Op.JAL, 5, ANY, ANY, 0x800));
        t.add(k("jalr x1, -2048(x2)", jalr(1, 2, -2048), Op.JALR, 1, 2, ANY, -2048));
        t.add(k("jalr x0, 2047(x31)", jalr(0, 31, 2047), Op.JALR, 0, 31, ANY, 2047));
        int[] brOps = {Op.BEQ, Op.BNE, Op.BLT, Op.BGE, Op.BLTU, Op.BGEU};
        String[] brNames = {"beq", "bne", "blt", "bge", "bltu", "bgeu"};
        int[] brMin = {beq(3, 4, -4096), bne(3, 4, -4096), blt(3, 4, -4096), bge(3, 4, -4096), bltu(3, 4, -4096), bgeu(3, 4, -4096)};
        int[] brMax = {beq(30, 31, 4094), bne(30, 31, 4094), blt(30, 31, 4094), bge(30, 31, 4094), bltu(30, 31, 4094), bgeu(30, 31, 4094)};
        for (int n = 0; n < brOps.length; n++) {
            t.add(k(brNames[n] + " -4096", brMin[n], brOps[n], ANY, 3, 4, -4096));
            t.add(k(brNames[n] + " 4094", brMax[n], brOps[n], ANY, 30, 31, 4094));
        }
        t.add(k("beq 0x800 (imm[11])", beq(1, 2, 0x800), Op.BEQ, ANY, 1, 2, 0x800));
        t.add(k("lb", lb(5, 6, -1), Op.LB, 5, 6, ANY, -1));
        t.add(k("lh", lh(5, 6, 2047), Op.LH, 5, 6, ANY, 2047));
        t.add(k("lw", lw(5, 6, -2048), Op.LW, 5, 6, ANY, -2048));
        t.add(k("ld", ld(7, 8, 8), Op.LD, 7, 8, ANY, 8));
        t.add(k("lbu", lbu(9, 10, 1), Op.LBU, 9, 10, ANY, 1));
        t.add(k("lhu", lhu(11, 12, 2), Op.LHU, 11, 12, ANY, 2));
        t.add(k("lwu", lwu(13, 14, 4), Op.LWU, 13, 14, ANY, 4));
        t.add(k("sb", sb(15, 16, -2048), Op.SB, ANY, 16, 15, -2048));
        t.add(k("sh", sh(17, 18, 2047), Op.SH, ANY, 18, 17, 2047));
        t.add(k("sw", sw(19, 20, -1), Op.SW, ANY, 20, 19, -1));
        t.add(k("sd", sd(21, 22, 0x7F0), Op.SD, ANY, 22, 21, 0x7F0));
        t.add(k("addi", addi(1, 2, -2048), Op.ADDI, 1, 2, ANY, -2048));
        t.add(k("slti", slti(1, 2, 2047), Op.SLTI, 1, 2, ANY, 2047));
        t.add(k("sltiu", sltiu(1, 2, -1), Op.SLTIU, 1, 2, ANY, -1));
        t.add(k("xori", xori(1, 2, -1), Op.XORI, 1, 2, ANY, -1));
        t.add(k("ori", ori(1, 2, 0x555), Op.ORI, 1, 2, ANY, 0x555));
        t.add(k("andi", andi(1, 2, -0x556), Op.ANDI, 1, 2, ANY, -0x556));
        t.add(k("slli 63", slli(3, 4, 63), Op.SLLI, 3, 4, ANY, 63));
        t.add(k("srli 32", srli(3, 4, 32), Op.SRLI, 3, 4, ANY, 32));
        t.add(k("srai 63", srai(3, 4, 63), Op.SRAI, 3, 4, ANY, 63));
        t.add(k("srai 0", srai(3, 4, 0), Op.SRAI, 3, 4, ANY, 0));
        int[] rOps = {Op.ADD, Op.SUB, Op.SLL, Op.SLT, Op.SLTU, Op.XOR, Op.SRL, Op.SRA, Op.OR, Op.AND,
            Op.ADDW, Op.SUBW, Op.SLLW, Op.SRLW, Op.SRAW,
            Op.MUL, Op.MULH, Op.MULHSU, Op.MULHU, Op.DIV, Op.DIVU, Op.REM, Op.REMU,
            Op.MULW, Op.DIVW, Op.DIVUW, Op.REMW, Op.REMUW};
        int[] rBits = {add(5, 6, 7), sub(5, 6, 7), sll(5, 6, 7), slt(5, 6, 7), sltu(5, 6, 7), xor(5, 6, 7),
            srl(5, 6, 7), sra(5, 6, 7), or(5, 6, 7), and(5, 6, 7),
            addw(5, 6, 7), subw(5, 6, 7), sllw(5, 6, 7), srlw(5, 6, 7), sraw(5, 6, 7),
            mul(5, 6, 7), mulh(5, 6, 7), mulhsu(5, 6, 7), mulhu(5, 6, 7), div(5, 6, 7), divu(5, 6, 7),
            rem(5, 6, 7), remu(5, 6, 7), mulw(5, 6, 7), divw(5, 6, 7), divuw(5, 6, 7), remw(5, 6, 7), remuw(5, 6, 7)};
        for (int n = 0; n < rOps.length; n++) t.add(k(Op.mnemonic(rOps[n]) + " x5, x6, x7", rBits[n], rOps[n], 5, 6, 7, NONE));
        t.add(k("addiw", addiw(8, 9, -2048), Op.ADDIW, 8, 9, ANY, -2048));
        t.add(k("slliw 31", slliw(8, 9, 31), Op.SLLIW, 8, 9, ANY, 31));
        t.add(k("srliw 31", srliw(8, 9, 31), Op.SRLIW, 8, 9, ANY, 31));
        t.add(k("sraiw 31", sraiw(8, 9, 31), Op.SRAIW, 8, 9, ANY, 31));
        t.add(k("fence rw,rw", fence(3, 3), Op.FENCE, ANY, ANY, ANY, NONE));
        t.add(k("fence.tso", fenceTso(), Op.FENCE, ANY, ANY, ANY, NONE));
        t.add(k("fence.i", fenceI(), Op.FENCE_I, ANY, ANY, ANY, NONE));
        t.add(k("ecall", ecall(), Op.ECALL, ANY, ANY, ANY, NONE));
        t.add(k("ebreak", ebreak(), Op.EBREAK, ANY, ANY, ANY, NONE));
        t.add(k("csrrw", csrrw(1, 0x340, 2), Op.CSRRW, 1, 2, ANY, 0x340));
        t.add(k("csrrs", csrrs(1, 0xC00, 0), Op.CSRRS, 1, 0, ANY, 0xC00));
        t.add(k("csrrc", csrrc(1, 0xFFF, 31), Op.CSRRC, 1, 31, ANY, 0xFFF));
        t.add(k("csrrwi", csrrwi(1, 0x300, 31), Op.CSRRWI, 1, 31, ANY, 0x300));
        t.add(k("csrrsi", csrrsi(1, 0x300, 1), Op.CSRRSI, 1, 1, ANY, 0x300));
        t.add(k("csrrci", csrrci(1, 0x300, 8), Op.CSRRCI, 1, 8, ANY, 0x300));
        return t;
    }

    static List<Case> atomicAndSystem() {
        List<Case> t = new ArrayList<>();
        int[] f5 = {AMOSWAP, AMOADD, AMOXOR, AMOAND, AMOOR, AMOMIN, AMOMAX, AMOMINU, AMOMAXU};
        int[] wOps = {Op.AMOSWAP_W, Op.AMOADD_W, Op.AMOXOR_W, Op.AMOAND_W, Op.AMOOR_W, Op.AMOMIN_W, Op.AMOMAX_W, Op.AMOMINU_W, Op.AMOMAXU_W};
        int[] dOps = {Op.AMOSWAP_D, Op.AMOADD_D, Op.AMOXOR_D, Op.AMOAND_D, Op.AMOOR_D, Op.AMOMIN_D, Op.AMOMAX_D, Op.AMOMINU_D, Op.AMOMAXU_D};
        t.add(k("lr.w", lrW(1, 2), Op.LR_W, 1, 2, ANY, NONE));
        t.add(k("sc.w", scW(1, 2, 3), Op.SC_W, 1, 2, 3, NONE));
        t.add(k("lr.d.aqrl", amo(LR, true, true, 3, 1, 2, 0), Op.LR_D, 1, 2, ANY, NONE));
        t.add(k("sc.d.rl", amo(SC, false, true, 3, 1, 2, 3), Op.SC_D, 1, 2, 3, NONE));
        for (int n = 0; n < f5.length; n++) {
            t.add(k(Op.mnemonic(wOps[n]), amoW(f5[n], 4, 5, 6), wOps[n], 4, 5, 6, NONE));
            t.add(k(Op.mnemonic(dOps[n]) + ".aq", amo(f5[n], true, false, 3, 4, 5, 6), dOps[n], 4, 5, 6, NONE));
        }
        t.add(k("mret", mret(), Op.MRET, ANY, ANY, ANY, NONE));
        t.add(k("sret", sret(), Op.SRET, ANY, ANY, ANY, NONE));
        t.add(k("wfi", wfi(), Op.WFI, ANY, ANY, ANY, NONE));
        t.add(k("sfence.vma x1, x2", sfenceVma(1, 2), Op.SFENCE_VMA, ANY, 1, 2, NONE));
        t.add(k("hfence.vvma x3, x4", hfenceVvma(3, 4), Op.HFENCE_VVMA, ANY, 3, 4, NONE));
        t.add(k("hfence.gvma x5, x0", hfenceGvma(5, 0), Op.HFENCE_GVMA, ANY, 5, 0, NONE));
        t.add(k("hlv.b", hlvB(1, 2), Op.HLV_B, 1, 2, ANY, NONE));
        t.add(k("hlv.bu", hlvBu(1, 2), Op.HLV_BU, 1, 2, ANY, NONE));
        t.add(k("hlv.h", hlvH(1, 2), Op.HLV_H, 1, 2, ANY, NONE));
        t.add(k("hlv.hu", hlvHu(1, 2), Op.HLV_HU, 1, 2, ANY, NONE));
        t.add(k("hlvx.hu", hlvxHu(1, 2), Op.HLVX_HU, 1, 2, ANY, NONE));
        t.add(k("hlv.w", hlvW(1, 2), Op.HLV_W, 1, 2, ANY, NONE));
        t.add(k("hlv.wu", hlvWu(1, 2), Op.HLV_WU, 1, 2, ANY, NONE));
        t.add(k("hlvx.wu", hlvxWu(1, 2), Op.HLVX_WU, 1, 2, ANY, NONE));
        t.add(k("hlv.d", hlvD(1, 2), Op.HLV_D, 1, 2, ANY, NONE));
        t.add(k("hsv.b", hsvB(2, 3), Op.HSV_B, ANY, 2, 3, NONE));
        t.add(k("hsv.h", hsvH(2, 3), Op.HSV_H, ANY, 2, 3, NONE));
        t.add(k("hsv.w", hsvW(2, 3), Op.HSV_W, ANY, 2, 3, NONE));
        t.add(k("hsv.d", hsvD(2, 3), Op.HSV_D, ANY, 2, 3, NONE));
        return t;
    }

    /** Every compressed form, expanded as the RVC chapter's tables say, immediates at their extremes. */
    static List<Case> compressed() {
        List<Case> t = new ArrayList<>();
        t.add(k("c.addi4spn x8, 4", cAddi4spn(8, 4), Op.ADDI, 8, 2, ANY, 4));
        t.add(k("c.addi4spn x15, 1020", cAddi4spn(15, 1020), Op.ADDI, 15, 2, ANY, 1020));
        t.add(k("c.addi4spn x9, 8 (bit 3)", cAddi4spn(9, 8), Op.ADDI, 9, 2, ANY, 8));
        t.add(k("c.lw x8, 124(x15)", cLw(8, 15, 124), Op.LW, 8, 15, ANY, 124));
        t.add(k("c.lw x9, 4(x8)", cLw(9, 8, 4), Op.LW, 9, 8, ANY, 4));
        t.add(k("c.lw x9, 64(x8)", cLw(9, 8, 64), Op.LW, 9, 8, ANY, 64));
        t.add(k("c.ld x10, 248(x11)", cLd(10, 11, 248), Op.LD, 10, 11, ANY, 248));
        t.add(k("c.ld x10, 128(x11)", cLd(10, 11, 128), Op.LD, 10, 11, ANY, 128));
        t.add(k("c.sw x12, 124(x13)", cSw(12, 13, 124), Op.SW, ANY, 13, 12, 124));
        t.add(k("c.sw x12, 4(x13)", cSw(12, 13, 4), Op.SW, ANY, 13, 12, 4));
        t.add(k("c.sd x14, 248(x15)", cSd(14, 15, 248), Op.SD, ANY, 15, 14, 248));
        t.add(k("c.sd x14, 8(x15)", cSd(14, 15, 8), Op.SD, ANY, 15, 14, 8));
        t.add(k("c.nop", cNop(), Op.ADDI, 0, 0, ANY, 0));
        t.add(k("c.addi x1, -32", cAddi(1, -32), Op.ADDI, 1, 1, ANY, -32));
        t.add(k("c.addi x31, 31", cAddi(31, 31), Op.ADDI, 31, 31, ANY, 31));
        t.add(k("c.addiw x2, -1", cAddiw(2, -1), Op.ADDIW, 2, 2, ANY, -1));
        t.add(k("c.addiw x3, 0 (sext.w)", cAddiw(3, 0), Op.ADDIW, 3, 3, ANY, 0));
        t.add(k("c.li x5, -32", cLi(5, -32), Op.ADDI, 5, 0, ANY, -32));
        t.add(k("c.li x5, 31", cLi(5, 31), Op.ADDI, 5, 0, ANY, 31));
        t.add(k("c.addi16sp -512", cAddi16sp(-512), Op.ADDI, 2, 2, ANY, -512));
        t.add(k("c.addi16sp 496", cAddi16sp(496), Op.ADDI, 2, 2, ANY, 496));
        t.add(k("c.addi16sp 16", cAddi16sp(16), Op.ADDI, 2, 2, ANY, 16));
        t.add(k("c.lui x3, -0x20000", cLui(3, -0x20000), Op.LUI, 3, ANY, ANY, -0x20000));
        t.add(k("c.lui x31, 0x1f000", cLui(31, 0x1F000), Op.LUI, 31, ANY, ANY, 0x1F000));
        t.add(k("c.lui x4, 0x1000", cLui(4, 0x1000), Op.LUI, 4, ANY, ANY, 0x1000));
        t.add(k("c.srli x8, 63", cSrli(8, 63), Op.SRLI, 8, 8, ANY, 63));
        t.add(k("c.srli x9, 1", cSrli(9, 1), Op.SRLI, 9, 9, ANY, 1));
        t.add(k("c.srai x10, 32", cSrai(10, 32), Op.SRAI, 10, 10, ANY, 32));
        t.add(k("c.andi x11, -32", cAndi(11, -32), Op.ANDI, 11, 11, ANY, -32));
        t.add(k("c.andi x11, 31", cAndi(11, 31), Op.ANDI, 11, 11, ANY, 31));
        t.add(k("c.sub", cSub(8, 15), Op.SUB, 8, 8, 15, NONE));
        t.add(k("c.xor", cXor(9, 14), Op.XOR, 9, 9, 14, NONE));
        t.add(k("c.or", cOr(10, 13), Op.OR, 10, 10, 13, NONE));
        t.add(k("c.and", cAnd(11, 12), Op.AND, 11, 11, 12, NONE));
        t.add(k("c.subw", cSubw(12, 11), Op.SUBW, 12, 12, 11, NONE));
        t.add(k("c.addw", cAddw(13, 10), Op.ADDW, 13, 13, 10, NONE));
        t.add(k("c.j -2048", cJ(-2048), Op.JAL, 0, ANY, ANY, -2048));
        t.add(k("c.j 2046", cJ(2046), Op.JAL, 0, ANY, ANY, 2046));
        t.add(k("c.j 0x20 (imm[5])", cJ(0x20), Op.JAL, 0, ANY, ANY, 0x20));
        t.add(k("c.j 0x400 (imm[10])", cJ(0x400), Op.JAL, 0, ANY, ANY, 0x400));
        t.add(k("c.beqz x8, -256", cBeqz(8, -256), Op.BEQ, ANY, 8, 0, -256));
        t.add(k("c.beqz x15, 254", cBeqz(15, 254), Op.BEQ, ANY, 15, 0, 254));
        t.add(k("c.bnez x9, -2", cBnez(9, -2), Op.BNE, ANY, 9, 0, -2));
        t.add(k("c.bnez x9, 0x20", cBnez(9, 0x20), Op.BNE, ANY, 9, 0, 0x20));
        t.add(k("c.slli x1, 63", cSlli(1, 63), Op.SLLI, 1, 1, ANY, 63));
        t.add(k("c.slli x31, 1", cSlli(31, 1), Op.SLLI, 31, 31, ANY, 1));
        t.add(k("c.lwsp x1, 252", cLwsp(1, 252), Op.LW, 1, 2, ANY, 252));
        t.add(k("c.lwsp x1, 4", cLwsp(1, 4), Op.LW, 1, 2, ANY, 4));
        t.add(k("c.lwsp x1, 64", cLwsp(1, 64), Op.LW, 1, 2, ANY, 64));
        t.add(k("c.ldsp x31, 504", cLdsp(31, 504), Op.LD, 31, 2, ANY, 504));
        t.add(k("c.ldsp x31, 8", cLdsp(31, 8), Op.LD, 31, 2, ANY, 8));
        t.add(k("c.ldsp x31, 64", cLdsp(31, 64), Op.LD, 31, 2, ANY, 64));
        t.add(k("c.jr x1", cJr(1), Op.JALR, 0, 1, ANY, 0));
        t.add(k("c.mv x2, x3", cMv(2, 3), Op.ADD, 2, 0, 3, NONE));
        t.add(k("c.ebreak", cEbreak(), Op.EBREAK, ANY, ANY, ANY, NONE));
        t.add(k("c.jalr x5", cJalr(5), Op.JALR, 1, 5, ANY, 0));
        t.add(k("c.add x6, x7", cAdd(6, 7), Op.ADD, 6, 6, 7, NONE));
        t.add(k("c.swsp x8, 252", cSwsp(8, 252), Op.SW, ANY, 2, 8, 252));
        t.add(k("c.swsp x8, 4", cSwsp(8, 4), Op.SW, ANY, 2, 8, 4));
        t.add(k("c.sdsp x9, 504", cSdsp(9, 504), Op.SD, ANY, 2, 9, 504));
        t.add(k("c.sdsp x9, 8", cSdsp(9, 8), Op.SD, ANY, 2, 9, 8));
        return t;
    }

    static Stream<Case> all() {
        return Stream.of(base(), atomicAndSystem(), compressed()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void decodesToTheRightOperationAndFields(Case c) {
        Insn in = Decoder.decode(c.bits);
        String what = String.format("%s (0x%08x) decoded as %s", c.asm, c.bits, in);
        assertEquals(Op.mnemonic(c.op), Op.mnemonic(in.op), what + ": op");
        assertEquals(c.length, in.length, what + ": length");
        if (c.rd != ANY) assertEquals(c.rd, in.destination(), what + ": rd");
        if (c.rs1 != ANY) assertEquals(c.rs1, in.rs1, what + ": rs1");
        if (c.rs2 != ANY) assertEquals(c.rs2, in.rs2, what + ": rs2");
        if (c.imm != NONE) assertEquals(c.imm, in.imm, what + ": imm");
    }

    /** Every operation the interpreter knows is reached by at least one row of the tables above. */
    @Test
    void theTablesCoverEveryOperation() {
        Set<Integer> seen = new HashSet<>();
        all().forEach(c -> seen.add(c.op));
        List<String> missing = new ArrayList<>();
        for (int op = 1; op < Op.COUNT; op++) if (!seen.contains(op)) missing.add(Op.mnemonic(op));
        assertEquals(List.of(), missing, "operations without a decoder row");
    }

    // ---- reserved and illegal encodings --------------------------------------------------------

    static Stream<Arguments> illegal() {
        return Stream.of(
                Arguments.of("all-zero 16-bit parcel", 0x0000),
                Arguments.of("c.addi4spn with imm 0 (rd x9)", cAddi4spn(9, 4) & ~0x1FE0),
                Arguments.of("c.lui x5 with imm 0", (3 << 13) | (5 << 7) | 1),
                Arguments.of("c.addi16sp with imm 0", (3 << 13) | (2 << 7) | 1),
                Arguments.of("c.lwsp x0", cLwsp(1, 4) & ~(31 << 7)),
                Arguments.of("c.ldsp x0", cLdsp(1, 8) & ~(31 << 7)),
                Arguments.of("c.jr x0", (4 << 13) | 2),
                Arguments.of("c.addiw x0", cAddiw(1, 1) & ~(31 << 7)),
                Arguments.of("c.fld", cFld(8, 9)),
                Arguments.of("c.fsd", cFsd(8, 9)),
                Arguments.of("c.fldsp", cFldsp(1)),
                Arguments.of("c.fsdsp", cFsdsp(1)),
                Arguments.of("quadrant 0 funct3 4 (reserved)", (4 << 13) | (1 << 5)),
                Arguments.of("c.subw/c.addw hole (bit 12, funct2 10)", cSubw(8, 9) | (2 << 5)),
                Arguments.of("c.subw/c.addw hole (bit 12, funct2 11)", cSubw(8, 9) | (3 << 5)),
                Arguments.of("32-bit all ones", 0xFFFF_FFFF),
                Arguments.of("jalr funct3 1", jalr(1, 2, 0) | (1 << 12)),
                Arguments.of("branch funct3 2", beq(1, 2, 8) | (2 << 12)),
                Arguments.of("branch funct3 3", beq(1, 2, 8) | (3 << 12)),
                Arguments.of("load funct3 7", lb(1, 2, 0) | (7 << 12)),
                Arguments.of("store funct3 4", sb(1, 2, 0) | (4 << 12)),
                Arguments.of("slli with imm[11:6] = 010000", slli(1, 2, 3) | (0x10 << 26)),
                Arguments.of("srli with imm[11:6] = 000001", srli(1, 2, 3) | (1 << 26)),
                Arguments.of("srai with imm[11:6] = 010001", srai(1, 2, 3) | (1 << 26)),
                Arguments.of("slliw with shamt[5] set", slliw(1, 2, 3) | (1 << 25)),
                Arguments.of("sraiw with funct7 0100001", sraiw(1, 2, 3) | (1 << 25)),
                Arguments.of("addiw-space funct3 2", addiw(1, 2, 0) | (2 << 12)),
                Arguments.of("add with funct7 0000010", add(1, 2, 3) | (2 << 25)),
                Arguments.of("sub-space funct3 1 (sll with 0100000)", sll(1, 2, 3) | (0x20 << 25)),
                Arguments.of("xor with funct7 0100000", xor(1, 2, 3) | (0x20 << 25)),
                Arguments.of("addw with funct7 0000010", addw(1, 2, 3) | (2 << 25)),
                Arguments.of("sllw with funct7 0100000", sllw(1, 2, 3) | (0x20 << 25)),
                Arguments.of("op-32 M funct3 1 (no mulhw)", mulw(1, 2, 3) | (1 << 12)),
                Arguments.of("op-32 funct3 2", addw(1, 2, 3) | (2 << 12)),
                Arguments.of("misc-mem funct3 2", fence(3, 3) | (2 << 12)),
                Arguments.of("amo funct3 0 (no .B)", amoW(AMOADD, 1, 2, 3) & ~(7 << 12)),
                Arguments.of("amo funct3 4", amoW(AMOADD, 1, 2, 3) | (4 << 12)),
                Arguments.of("lr.w with rs2 != 0", lrW(1, 2) | (3 << 20)),
                Arguments.of("amo funct5 00101", amo(0x05, false, false, 2, 1, 2, 3)),
                Arguments.of("csr funct3 0 with other bits (ecall with rd)", ecall() | (1 << 7)),
                Arguments.of("mret with rs1", mret() | (1 << 15)),
                Arguments.of("sfence.vma with rd", sfenceVma(1, 2) | (1 << 7)),
                Arguments.of("system funct7 0x13", r(0x13, 0, 0, 0, 0, 0x73)),
                Arguments.of("hlv.b with rs2 = 2", hlvB(1, 2) | (2 << 20)),
                Arguments.of("hlv.d with rs2 = 1 (no hlv.du)", hlvD(1, 2) | (1 << 20)),
                Arguments.of("hlvx with funct7 0x30 (no hlvx.bu)", hlvB(1, 2) | (3 << 20)),
                Arguments.of("hsv.b with rd", hsvB(1, 2) | (1 << 7)),
                Arguments.of("system funct3 4 funct7 0x38", r(0x38, 0, 1, 4, 2, 0x73)),
                Arguments.of("opcode 0x07 (FLW/FLD: no F/D)", 0x0000_2007),
                Arguments.of("opcode 0x53 (OP-FP)", 0x0000_0053),
                Arguments.of("opcode 0x57 (OP-V)", 0x0000_0057));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("illegal")
    void reservedEncodingsAreIllegal(String what, int bits) {
        Insn in = Decoder.decode(bits);
        assertEquals("illegal", Op.mnemonic(in.op), String.format("%s (0x%08x) decoded as %s", what, bits, in));
        assertEquals((bits & 3) == 3 ? 4 : 2, in.length, what + ": length");
    }

    @Test
    void hintsAreNotIllegal() {
        // Unprivileged spec, "HINT Instructions": these must execute as no-ops, not trap.
        assertEquals(Op.ADDI, Decoder.decode(cAddi(0, 5)).op, "c.addi x0, 5 (HINT)");
        assertEquals(Op.ADD, Decoder.decode(cMv(0, 5)).op, "c.mv x0, x5 (HINT)");
        assertEquals(Op.ADD, Decoder.decode(cAdd(0, 5)).op, "c.add x0, x5 (HINT)");
        assertEquals(Op.ADDI, Decoder.decode(cLi(0, 5)).op, "c.li x0, 5 (HINT)");
        assertEquals(Op.SLLI, Decoder.decode(cSlli(0, 5)).op, "c.slli x0, 5 (HINT)");
        assertEquals(Op.FENCE, Decoder.decode(fence(0, 0) | (1 << 7)).op, "fence with rd (reserved but must not trap)");
        assertEquals(0, Decoder.decode(addi(0, 0, 1)).destination(), "addi x0 keeps x0 as its architectural rd");
        assertEquals(Insn.X0_SINK, Decoder.decode(addi(0, 0, 1)).rd, "a write to x0 goes to the sink slot");
    }

    @Test
    void compressedDetectionLooksOnlyAtTheLowTwoBits() {
        assertEquals(true, Decoder.isCompressed(0xFFFC));
        assertEquals(true, Decoder.isCompressed(0x0001));
        assertEquals(true, Decoder.isCompressed(0x0002));
        assertEquals(false, Decoder.isCompressed(0x0003));
        assertEquals(2, Decoder.decode(0xABCD_0000 | cAdd(6, 7)).length, "upper half ignored for a compressed parcel");
    }
}
