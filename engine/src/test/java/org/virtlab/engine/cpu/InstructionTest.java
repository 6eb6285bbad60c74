package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.virtlab.engine.cpu.Asm.*;
import static org.virtlab.engine.cpu.HartHarness.CODE;
import static org.virtlab.engine.cpu.HartHarness.DATA;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Semantics of every RV64IMAC instruction, run on a real hart: each row gives the inputs (x1,
 * x2), the instruction (writing x3) and the expected result. References: unprivileged spec,
 * "RV64I Base Integer Instruction Set", "M Extension" ("Division Operations" for the
 * division-by-zero and overflow results), "A Extension", "C Extension".
 */
class InstructionTest {
    private static final long MIN = Long.MIN_VALUE, MAX = Long.MAX_VALUE;

    private static Arguments row(String name, int insn, long x1, long x2, long expected) {
        return Arguments.of(name, insn, x1, x2, expected);
    }

    static Stream<Arguments> alu() {
        return Stream.of(
                row("lui sign-extends", lui(3, -0x1000), 0, 0, 0xFFFF_FFFF_FFFF_F000L),
                row("auipc adds pc", auipc(3, 0x1000), 0, 0, CODE + 0x1000),
                row("auipc negative", auipc(3, -0x8000_0000L), 0, 0, CODE - 0x8000_0000L),
                row("addi", addi(3, 1, -1), 5, 0, 4),
                row("addi wraps", addi(3, 1, 1), MAX, 0, MIN),
                row("slti true", slti(3, 1, -1), -2, 0, 1),
                row("slti false", slti(3, 1, -1), 0, 0, 0),
                row("sltiu -1 is max", sltiu(3, 1, -1), 5, 0, 1),
                row("sltiu equal", sltiu(3, 1, 5), 5, 0, 0),
                row("xori -1 is not", xori(3, 1, -1), 0x1234, 0, ~0x1234L),
                row("ori", ori(3, 1, 0x0F0), 0x00F, 0, 0x0FF),
                row("andi sign-extended imm", andi(3, 1, -16), -1, 0, -16),
                row("slli 63", slli(3, 1, 63), 1, 0, MIN),
                row("srli 63", srli(3, 1, 63), MIN, 0, 1),
                row("srai 63", srai(3, 1, 63), MIN, 0, -1),
                row("srli 32", srli(3, 1, 32), 0xFFFF_FFFF_0000_0000L, 0, 0xFFFF_FFFFL),
                row("add", add(3, 1, 2), 7, -3, 4),
                row("add wraps", add(3, 1, 2), MAX, 1, MIN),
                row("sub", sub(3, 1, 2), 3, 7, -4),
                row("sub wraps", sub(3, 1, 2), MIN, 1, MAX),
                row("sll uses rs2[5:0]", sll(3, 1, 2), 1, 64 + 3, 8),
                row("sll 63", sll(3, 1, 2), 1, 63, MIN),
                row("slt", slt(3, 1, 2), -1, 0, 1),
                row("slt equal", slt(3, 1, 2), 4, 4, 0),
                row("sltu", sltu(3, 1, 2), 0, -1, 1),
                row("sltu reversed", sltu(3, 1, 2), -1, 0, 0),
                row("xor", xor(3, 1, 2), 0xFF00, 0x0FF0, 0xF0F0),
                row("srl uses rs2[5:0]", srl(3, 1, 2), MIN, 128 + 63, 1),
                row("sra", sra(3, 1, 2), MIN, 4, 0xF800_0000_0000_0000L),
                row("sra uses rs2[5:0]", sra(3, 1, 2), -256, 64 + 4, -16),
                row("or", or(3, 1, 2), 0xF0, 0x0F, 0xFF),
                row("and", and(3, 1, 2), 0xF0, 0x3C, 0x30),
                row("addiw wraps and sign-extends", addiw(3, 1, 1), 0x7FFF_FFFFL, 0, 0xFFFF_FFFF_8000_0000L),
                row("addiw ignores upper bits", addiw(3, 1, 0), 0x1234_5678_0000_0001L, 0, 1),
                row("slliw sign-extends bit 31", slliw(3, 1, 31), 1, 0, 0xFFFF_FFFF_8000_0000L),
                row("slliw drops upper bits", slliw(3, 1, 4), 0xF000_0000_1000_0000L, 0, 0),
                row("srliw zero-fills from bit 31", srliw(3, 1, 1), 0xFFFF_FFFF_8000_0000L, 0, 0x4000_0000L),
                row("srliw 0 sign-extends", srliw(3, 1, 0), 0x0000_0000_8000_0000L, 0, 0xFFFF_FFFF_8000_0000L),
                row("sraiw", sraiw(3, 1, 4), 0x0000_0000_8000_0000L, 0, 0xFFFF_FFFF_F800_0000L),
                row("addw", addw(3, 1, 2), 0x7FFF_FFFFL, 1, 0xFFFF_FFFF_8000_0000L),
                row("subw", subw(3, 1, 2), 0, 1, -1),
                row("subw ignores upper bits", subw(3, 1, 2), 0x1_0000_0005L, 0x2_0000_0003L, 2),
                row("sllw uses rs2[4:0]", sllw(3, 1, 2), 1, 32 + 31, 0xFFFF_FFFF_8000_0000L),
                row("srlw uses rs2[4:0]", srlw(3, 1, 2), 0xFFFF_FFFF_8000_0000L, 32 + 31, 1),
                row("sraw uses rs2[4:0]", sraw(3, 1, 2), 0x8000_0000L, 32 + 31, -1),
                row("mul low bits", mul(3, 1, 2), 0x1_0000_0001L, 0x1_0000_0001L, 0x2_0000_0001L),
                row("mul overflow", mul(3, 1, 2), MIN, -1, MIN),
                row("mulh", mulh(3, 1, 2), MIN, MIN, 0x4000_0000_0000_0000L),
                row("mulh negative", mulh(3, 1, 2), -1, 1, -1),
                row("mulhsu -1 x max unsigned", mulhsu(3, 1, 2), -1, -1, -1),
                row("mulhsu positive", mulhsu(3, 1, 2), 2, -1, 1),
                row("mulhu", mulhu(3, 1, 2), -1, -1, -2),
                row("mulhu small", mulhu(3, 1, 2), 1L << 32, 1L << 32, 1),
                row("div", div(3, 1, 2), -7, 2, -3),
                row("div by zero is -1", div(3, 1, 2), 42, 0, -1),
                row("div overflow is the dividend", div(3, 1, 2), MIN, -1, MIN),
                row("divu", divu(3, 1, 2), -1, 2, MAX),
                row("divu by zero is all ones", divu(3, 1, 2), 42, 0, -1),
                row("rem sign follows dividend", rem(3, 1, 2), -7, 2, -1),
                row("rem by zero is the dividend", rem(3, 1, 2), -42, 0, -42),
                row("rem overflow is zero", rem(3, 1, 2), MIN, -1, 0),
                row("remu", remu(3, 1, 2), -1, 10, 5),
                row("remu by zero is the dividend", remu(3, 1, 2), -42, 0, -42),
                row("mulw sign-extends", mulw(3, 1, 2), 0x10000, 0x8000, 0xFFFF_FFFF_8000_0000L),
                row("mulw ignores upper bits", mulw(3, 1, 2), 0xFFFF_0000_0000_0003L, 0x5_0000_0002L, 6),
                row("divw", divw(3, 1, 2), 0xFFFF_FFF9L, 2, -3),
                row("divw by zero is -1", divw(3, 1, 2), 5, 0x1_0000_0000L, -1),
                row("divw overflow", divw(3, 1, 2), 0x8000_0000L, -1, 0xFFFF_FFFF_8000_0000L),
                row("divuw", divuw(3, 1, 2), 0xFFFF_FFFEL, 1, -2),
                row("divuw by zero is -1", divuw(3, 1, 2), 5, 0, -1),
                row("remw", remw(3, 1, 2), 0xFFFF_FFF9L, 2, -1),
                row("remw by zero sign-extends dividend", remw(3, 1, 2), 0x1_8000_0000L, 0, 0xFFFF_FFFF_8000_0000L),
                row("remw overflow", remw(3, 1, 2), 0x8000_0000L, -1, 0),
                row("remuw", remuw(3, 1, 2), 0xFFFF_FFFFL, 0x10, 0xF),
                row("remuw by zero sign-extends dividend", remuw(3, 1, 2), 0x8000_0001L, 0, 0xFFFF_FFFF_8000_0001L),
                row("c.addi", cAddi(3, -32), 2, 0, -30),
                row("c.li", cLi(3, 31), 0, 0, 31),
                row("c.lui", cLui(3, -0x20000), 0, 0, -0x20000),
                row("c.addiw", cAddiw(3, 0), 0x1_8000_0000L, 0, 0xFFFF_FFFF_8000_0000L),
                row("c.slli", cSlli(3, 63), 1, 0, MIN),
                row("c.mv", cMv(3, 2), 0, 9, 9),
                row("c.add", cAdd(3, 2), 1, 9, 10));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alu")
    void computes(String name, int insn, long x1, long x2, long expected) {
        // x3 starts equal to x1 so that the compressed two-address forms (rd = rs1 = x3) see it.
        HartHarness h = new HartHarness().program(insn).set(1, x1).set(2, x2).set(3, x1);
        h.step();
        assertEquals(expected, h.x(3), () -> String.format("%s: x1=0x%x x2=0x%x gave 0x%x", name, x1, x2, h.x(3)));
        assertEquals(CODE + ((insn & 3) == 3 ? 4 : 2), h.pc(), name + ": next pc");
    }

    static Stream<Arguments> compressedAlu() {
        // rd' = x8 holds a, rs2' = x9 holds b.
        return Stream.of(
                row("c.srli", cSrli(8, 63), MIN, 0, 1),
                row("c.srai", cSrai(8, 32), MIN, 0, 0xFFFF_FFFF_8000_0000L),
                row("c.andi", cAndi(8, -2), 7, 0, 6),
                row("c.sub", cSub(8, 9), 5, 7, -2),
                row("c.xor", cXor(8, 9), 6, 3, 5),
                row("c.or", cOr(8, 9), 6, 3, 7),
                row("c.and", cAnd(8, 9), 6, 3, 2),
                row("c.subw", cSubw(8, 9), 0, 1, -1),
                row("c.addw", cAddw(8, 9), 0x7FFF_FFFFL, 1, 0xFFFF_FFFF_8000_0000L),
                row("c.addi4spn (sp + 1020)", cAddi4spn(8, 1020), 0, 0, 0x1000 + 1020),
                row("c.addi16sp (sp - 512)", cAddi16sp(-512), 0, 0, 0x1000 - 512));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressedAlu")
    void computesCompressed(String name, int insn, long a, long b, long expected) {
        HartHarness h = new HartHarness().program(insn).set(8, a).set(9, b).set(2, 0x1000);
        h.step();
        int rd = name.equals("c.addi16sp (sp - 512)") ? 2 : 8;
        assertEquals(expected, h.x(rd), name);
        assertEquals(CODE + 2, h.pc(), name + ": a compressed instruction advances pc by 2");
    }

    // ---- control transfer ---------------------------------------------------------------------

    static Stream<Arguments> branches() {
        return Stream.of(
                Arguments.of("beq taken", beq(1, 2, 16), 5L, 5L, true),
                Arguments.of("beq not taken", beq(1, 2, 16), 5L, 6L, false),
                Arguments.of("bne taken", bne(1, 2, 16), 5L, 6L, true),
                Arguments.of("bne not taken", bne(1, 2, 16), 5L, 5L, false),
                Arguments.of("blt signed taken", blt(1, 2, 16), -1L, 0L, true),
                Arguments.of("blt not taken on equal", blt(1, 2, 16), 0L, 0L, false),
                Arguments.of("bge taken on equal", bge(1, 2, 16), 3L, 3L, true),
                Arguments.of("bge signed not taken", bge(1, 2, 16), -1L, 0L, false),
                Arguments.of("bltu unsigned taken", bltu(1, 2, 16), 0L, -1L, true),
                Arguments.of("bltu unsigned not taken", bltu(1, 2, 16), -1L, 0L, false),
                Arguments.of("bgeu unsigned taken", bgeu(1, 2, 16), -1L, 0L, true),
                Arguments.of("bgeu unsigned not taken", bgeu(1, 2, 16), 0L, -1L, false),
                Arguments.of("c.beqz taken", cBeqz(8, 16), 0L, 0L, true),
                Arguments.of("c.beqz not taken", cBeqz(8, 16), 1L, 0L, false),
                Arguments.of("c.bnez taken", cBnez(8, 16), 1L, 0L, true),
                Arguments.of("c.bnez not taken", cBnez(8, 16), 0L, 0L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("branches")
    void branches(String name, int insn, long a, long b, boolean taken) {
        HartHarness h = new HartHarness().program(insn).set(1, a).set(2, b).set(8, a);
        h.step();
        long next = CODE + ((insn & 3) == 3 ? 4 : 2);
        assertEquals(taken ? CODE + 16 : next, h.pc(), name);
    }

    @Test
    void backwardBranch() {
        HartHarness h = new HartHarness();
        h.load(CODE, addi(1, 1, 1), addi(2, 2, -1), bne(2, 0, -8));
        h.program(Privilege.M, false).set(2, 5).run(15);
        assertEquals(5, h.x(1), "loop body ran 5 times");
        assertEquals(CODE + 12, h.pc(), "fell through after the loop");
    }

    @Test
    void jalLinksAndJumps() {
        HartHarness h = new HartHarness().program(jal(1, -8));
        h.hart.setPc(CODE + 0x100);
        h.load(CODE + 0x100, jal(1, -8));
        h.step();
        assertEquals(CODE + 0xF8, h.pc(), "jal target");
        assertEquals(CODE + 0x104, h.x(1), "jal link");
    }

    @Test
    void jalrClearsBitZeroAndLinksBeforeReadingRs1() {
        HartHarness h = new HartHarness().program(jalr(1, 1, 3)).set(1, CODE + 0x40);
        h.step();
        assertEquals(CODE + 0x42, h.pc(), "target = (rs1 + imm) & ~1");
        assertEquals(CODE + 4, h.x(1), "link = pc + 4, even when rd == rs1");
    }

    @Test
    void compressedJumpsLinkPcPlus2() {
        HartHarness h = new HartHarness().program(cJalr(5)).set(5, CODE + 0x21);
        h.step();
        assertEquals(CODE + 0x20, h.pc(), "c.jalr target clears bit 0");
        assertEquals(CODE + 2, h.x(1), "c.jalr links pc + 2 into ra");
        h.program(cJr(5)).set(5, CODE + 0x30).set(1, 77).step();
        assertEquals(CODE + 0x30, h.pc(), "c.jr target");
        assertEquals(77, h.x(1), "c.jr does not link");
        h.load(CODE + 0x800, cJ(-2048));
        h.hart.setPc(CODE + 0x800);
        h.step();
        assertEquals(CODE, h.pc(), "c.j -2048");
    }

    @Test
    void jumpToAnOddAddressIsNotMisalignedWithC() {
        // With C, IALIGN = 16: JALR drops bit 0 and no address-misaligned exception can occur.
        HartHarness h = new HartHarness().program(jalr(0, 1, 0)).set(1, CODE + 0x203);
        h.step();
        assertEquals(CODE + 0x202, h.pc());
    }

    // ---- loads and stores ----------------------------------------------------------------------

    static Stream<Arguments> loads() {
        // DATA holds bytes 0x80 0x81 ... 0x8f (little endian): every load sign bit set.
        return Stream.of(
                Arguments.of("lb sign-extends", lb(3, 1, 0), 0xFFFF_FFFF_FFFF_FF80L),
                Arguments.of("lbu zero-extends", lbu(3, 1, 0), 0x80L),
                Arguments.of("lh sign-extends", lh(3, 1, 0), 0xFFFF_FFFF_FFFF_8180L),
                Arguments.of("lhu zero-extends", lhu(3, 1, 0), 0x8180L),
                Arguments.of("lw sign-extends", lw(3, 1, 0), 0xFFFF_FFFF_8382_8180L),
                Arguments.of("lwu zero-extends", lwu(3, 1, 0), 0x8382_8180L),
                Arguments.of("ld", ld(3, 1, 0), 0x8786_8584_8382_8180L),
                Arguments.of("lb negative offset", lb(3, 1, -1), 0L),
                Arguments.of("lh misaligned (in hardware)", lh(3, 1, 1), 0xFFFF_FFFF_FFFF_8281L),
                Arguments.of("lw misaligned", lw(3, 1, 3), 0xFFFF_FFFF_8685_8483L),
                Arguments.of("ld misaligned", ld(3, 1, 7), 0x8E8D_8C8B_8A89_8887L),
                Arguments.of("c.lw", cLw(11, 9, 4), 0xFFFF_FFFF_8786_8584L),
                Arguments.of("c.ld", cLd(11, 9, 8), 0x8F8E_8D8C_8B8A_8988L),
                Arguments.of("c.lwsp", cLwsp(11, 4), 0xFFFF_FFFF_8786_8584L),
                Arguments.of("c.ldsp", cLdsp(11, 8), 0x8F8E_8D8C_8B8A_8988L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loads")
    void loadsExtendCorrectly(String name, int insn, long expected) {
        HartHarness h = new HartHarness();
        for (int b = 0; b < 16; b++) h.mem(DATA + b, 1, 0x80 + b);
        h.program(insn).set(1, DATA).set(9, DATA).set(2, DATA);
        h.step();
        int rd = name.startsWith("c.") ? 11 : 3;
        assertEquals(expected, h.x(rd), () -> String.format("%s gave 0x%x", name, h.x(rd)));
    }

    @Test
    void loadsAndStoresAcrossAPageBoundary() {
        HartHarness h = new HartHarness();
        long edge = DATA + 0x1000 - 3;
        h.program(sd(2, 1, 0), ld(3, 1, 0)).set(1, edge).set(2, 0x1122_3344_5566_7788L).run(2);
        assertEquals(0x1122_3344_5566_7788L, h.x(3), "ld of a misaligned doubleword that crosses a page");
        assertEquals(0x88, h.mem(edge, 1), "first byte on the first page");
        assertEquals(0x11, h.mem(edge + 7, 1), "last byte on the second page");
    }

    static Stream<Arguments> stores() {
        return Stream.of(
                Arguments.of("sb", sb(2, 1, 1), 0xFFFF_FFFF_FFFF_11FFL),
                Arguments.of("sh", sh(2, 1, 2), 0xFFFF_FFFF_2211_FFFFL),
                Arguments.of("sw", sw(2, 1, 4), 0x4433_2211_FFFF_FFFFL),
                Arguments.of("sd", sd(2, 1, 0), 0x8877_6655_4433_2211L),
                Arguments.of("sh misaligned", sh(2, 1, 3), 0xFFFF_FF22_11FF_FFFFL),
                Arguments.of("sw misaligned", sw(2, 1, 1), 0xFFFF_FF44_3322_11FFL),
                Arguments.of("c.sw", cSw(9, 8, 4), 0x4433_2211_FFFF_FFFFL),
                Arguments.of("c.swsp", cSwsp(9, 4), 0x4433_2211_FFFF_FFFFL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stores")
    void storesWriteOnlyTheirBytes(String name, int insn, long expected) {
        HartHarness h = new HartHarness().mem(DATA, 8, -1);
        long v = 0x8877_6655_4433_2211L;
        h.program(insn).set(1, DATA).set(2, v).set(8, DATA).set(9, v);
        h.hart.setX(2, name.equals("c.swsp") ? DATA : v);
        h.step();
        assertEquals(expected, h.mem(DATA, 8), () -> String.format("%s left 0x%x", name, h.mem(DATA, 8)));
    }

    @Test
    void compressedDoublewordStores() {
        HartHarness h = new HartHarness();
        h.program(cSd(9, 8, 248), cSdsp(9, 504)).set(8, DATA).set(2, DATA).set(9, -2).run(2);
        assertEquals(-2, h.mem(DATA + 248, 8), "c.sd");
        assertEquals(-2, h.mem(DATA + 504, 8), "c.sdsp");
    }

    @Test
    void storeThenFetchSeesNewCode() {
        // Self-modifying code: the decoded-instruction cache must notice the store (with FENCE.I).
        HartHarness h = new HartHarness();
        h.program(sw(2, 1, 0), fenceI(), addi(3, 0, 1)).set(1, CODE + 8).set(2, addi(3, 0, 2));
        h.run(3);
        assertEquals(2, h.x(3), "the rewritten instruction ran");
    }

    // ---- atomics -------------------------------------------------------------------------------

    static Stream<Arguments> amos() {
        long w = 0x8000_0001L;        // a word with its sign bit set
        return Stream.of(
                // name, insn, memory before, rs2, memory after, rd
                Arguments.of("amoswap.w", amoW(AMOSWAP, 3, 1, 2), w, 5L, 5L, 0xFFFF_FFFF_8000_0001L),
                Arguments.of("amoadd.w wraps in 32 bits", amoW(AMOADD, 3, 1, 2), 0xFFFF_FFFFL, 2L, 1L, -1L),
                Arguments.of("amoxor.w", amoW(AMOXOR, 3, 1, 2), 0xF0L, 0xFFL, 0x0FL, 0xF0L),
                Arguments.of("amoand.w", amoW(AMOAND, 3, 1, 2), 0xF0L, 0x3CL, 0x30L, 0xF0L),
                Arguments.of("amoor.w", amoW(AMOOR, 3, 1, 2), 0xF0L, 0x0FL, 0xFFL, 0xF0L),
                Arguments.of("amomin.w signed", amoW(AMOMIN, 3, 1, 2), w, 1L, w, 0xFFFF_FFFF_8000_0001L),
                Arguments.of("amomax.w signed", amoW(AMOMAX, 3, 1, 2), w, 1L, 1L, 0xFFFF_FFFF_8000_0001L),
                Arguments.of("amominu.w unsigned", amoW(AMOMINU, 3, 1, 2), w, 1L, 1L, 0xFFFF_FFFF_8000_0001L),
                Arguments.of("amomaxu.w unsigned", amoW(AMOMAXU, 3, 1, 2), w, 1L, w, 0xFFFF_FFFF_8000_0001L),
                Arguments.of("amomaxu.w ignores rs2 upper bits", amoW(AMOMAXU, 3, 1, 2), 2L, 0xFFFF_FFFF_0000_0001L, 2L, 2L),
                Arguments.of("amominu.w ignores rs2 upper bits", amoW(AMOMINU, 3, 1, 2), 2L, 0x1_0000_0001L, 1L, 2L),
                Arguments.of("amomin.w ignores rs2 upper bits", amoW(AMOMIN, 3, 1, 2), 2L, 0x1_0000_0000L, 0L, 2L),
                Arguments.of("amoswap.d", amoD(AMOSWAP, 3, 1, 2), -1L, 5L, 5L, -1L),
                Arguments.of("amoadd.d", amoD(AMOADD, 3, 1, 2), MAX, 1L, MIN, MAX),
                Arguments.of("amoxor.d", amoD(AMOXOR, 3, 1, 2), -1L, 1L, -2L, -1L),
                Arguments.of("amoand.d", amoD(AMOAND, 3, 1, 2), -1L, 6L, 6L, -1L),
                Arguments.of("amoor.d", amoD(AMOOR, 3, 1, 2), MIN, 1L, MIN + 1, MIN),
                Arguments.of("amomin.d", amoD(AMOMIN, 3, 1, 2), MIN, 0L, MIN, MIN),
                Arguments.of("amomax.d", amoD(AMOMAX, 3, 1, 2), MIN, 0L, 0L, MIN),
                Arguments.of("amominu.d", amoD(AMOMINU, 3, 1, 2), MIN, 1L, 1L, MIN),
                Arguments.of("amomaxu.d", amoD(AMOMAXU, 3, 1, 2), MIN, 1L, MIN, MIN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("amos")
    void amosReturnOldValueAndStoreResult(String name, int insn, long before, long rs2, long after, long rd) {
        boolean word = name.contains(".w");
        int size = word ? 4 : 8;
        HartHarness h = new HartHarness().mem(DATA, 8, 0x5A5A_5A5A_5A5A_5A5AL).mem(DATA, size, before);
        h.program(insn).set(1, DATA).set(2, rs2).step();
        assertEquals(rd, h.x(3), () -> String.format("%s: rd 0x%x", name, h.x(3)));
        long mask = word ? 0xFFFF_FFFFL : -1L;
        assertEquals(after & mask, h.mem(DATA, size) & mask, name + ": memory");
        if (word) assertEquals(0x5A5A_5A5AL, h.mem(DATA + 4, 4), name + ": the word's neighbour is untouched");
    }

    @Test
    void lrScSucceedsOnceAndScWithoutReservationFails() {
        HartHarness h = new HartHarness().mem(DATA, 4, 0x8000_0000L);
        h.program(lrW(3, 1), scW(4, 1, 2), scW(5, 1, 2)).set(1, DATA).set(2, 7).run(3);
        assertEquals(0xFFFF_FFFF_8000_0000L, h.x(3), "lr.w sign-extends");
        assertEquals(0, h.x(4), "first sc.w succeeds (0)");
        assertEquals(1, h.x(5), "second sc.w has no reservation left and fails (nonzero)");
        assertEquals(7, h.mem(DATA, 4), "the successful sc.w stored");
    }

    @Test
    void scFailureDoesNotStore() {
        HartHarness h = new HartHarness().mem(DATA, 8, 11);
        h.program(scD(4, 1, 2)).set(1, DATA).set(2, 99).step();
        assertEquals(1, h.x(4), "sc.d with no reservation fails");
        assertEquals(11, h.mem(DATA, 8), "and leaves memory alone");
    }

    @Test
    void scToAnotherAddressFails() {
        HartHarness h = new HartHarness().mem(DATA, 8, 11).mem(DATA + 64, 8, 22);
        h.program(lrD(3, 1), scD(4, 5, 2)).set(1, DATA).set(5, DATA + 64).set(2, 99).run(2);
        assertEquals(11, h.x(3), "lr.d");
        assertEquals(1, h.x(4), "sc.d to a different reservation set fails");
        assertEquals(22, h.mem(DATA + 64, 8), "nothing stored");
    }

    @Test
    void lrScDoubleword() {
        HartHarness h = new HartHarness().mem(DATA, 8, MIN);
        h.program(lrD(3, 1), scD(4, 1, 2)).set(1, DATA).set(2, 1).run(2);
        assertEquals(MIN, h.x(3));
        assertEquals(0, h.x(4));
        assertEquals(1, h.mem(DATA, 8));
    }

    // ---- x0 ----------------------------------------------------------------------------------

    @Test
    void writesToX0AreIgnored() {
        HartHarness h = new HartHarness().mem(DATA, 8, 1234);
        h.program(addi(0, 0, 5), lui(0, 0x1000), ld(0, 1, 0), amoD(AMOADD, 0, 1, 2), jal(0, 4),
                csrrs(0, CsrNames.MSCRATCH, 0), cLi(0, 3), add(3, 0, 0))
                .set(1, DATA).set(2, 1).run(8);
        assertEquals(0, h.x(0), "x0 reads zero");
        assertEquals(0, h.x(3), "add x3, x0, x0 after writes to x0");
        assertEquals(1235, h.mem(DATA, 8), "amoadd with rd = x0 still updates memory");
        assertEquals(0, h.hart.x[0], "architectural x0 slot never written");
    }

    @Test
    void fenceAndHintsDoNothingButAdvance() {
        HartHarness h = new HartHarness();
        h.program(fence(15, 15), fenceTso(), fenceI(), cNop(), cAddi(0, 1)).run(5);
        assertEquals(CODE + 16, h.pc());
        assertEquals(0, h.csr(CsrNames.MCAUSE), "no trap");
    }
}
