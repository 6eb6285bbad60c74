package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.memory.MmioDevice;
import org.virtlab.engine.memory.RamPage;

/**
 * Translated blocks (docs/translator.md) must be indistinguishable from the interpreter. The
 * main test runs random loops built from every instruction the translator handles, plus the
 * things that force a block to stop early (faulting loads, device registers whose reads count,
 * stores into the loop's own code, timer interrupts, CSR reads of minstret and time, ECALL),
 * once interpreted and once with every block translated on first entry, and requires the same
 * registers, pc, retired count, RAM and device state. The other tests pin single behaviours.
 */
class BlockTranslationTest {
    static final long CODE = 0x8000_0000L;
    static final long LOOP = CODE + 0x100;
    static final long HANDLER = CODE + 0x1000;
    static final long DATA = CODE + 0x8000;
    static final long DEVICE = 0x1000_0000L;
    static final int BUDGET = 300_000;

    /** Registers random instructions may write; x26..x31 are the loop's own. */
    static final int WRITABLE = 25;
    static final int SMC_VALUE = 26, CODE_BASE = 27, TRAP_TEMP = 28, DEVICE_BASE = 29, COUNTER = 30, DATA_BASE = 31;

    /** A device whose every read returns the next number and whose writes add up: double accesses show. */
    static final class CountingDevice implements MmioDevice {
        long reads, writes, sum;

        @Override
        public long read(long offset, int size) {
            return ++reads * 0x0101_0101L + offset;
        }

        @Override
        public void write(long offset, int size, long value) {
            writes++;
            sum = sum * 31 + value + offset;
        }
    }

    static IntStream seeds() {
        return IntStream.rangeClosed(1, 40);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void randomLoopsEndExactlyAsInterpreted(int seed) {
        int[] program = seed % 2 == 0 ? tightLoop(new SplittableRandom(seed)) : randomLoop(new SplittableRandom(seed));
        int slice = new int[] {10_000, 97, 13, 1}[seed % 4];
        Lab interpreted = new Lab(program, seed, slice, 0);
        Lab translated = new Lab(program, seed, slice, 1);
        RunResult a = interpreted.machine.run(BUDGET);
        RunResult b = translated.machine.run(BUDGET);
        String what = "seed " + seed + ", slices of " + slice + ", in " + Privilege.name(seed % 3 == 0 ? Privilege.M
                : seed % 3 == 1 ? Privilege.S : Privilege.U, false) + ": ";
        assertEquals(a, b, what + "run result");
        Hart x = interpreted.hart(), y = translated.hart();
        assertEquals(x.pc(), y.pc(), what + "pc");
        assertEquals(x.retired(), y.retired(), what + "instructions retired");
        for (int r = 1; r < 32; r++) assertEquals(x.x(r), y.x(r), what + "x" + r);
        for (int csr : new int[] {CsrNames.MCAUSE, CsrNames.MEPC, CsrNames.MTVAL, CsrNames.MINSTRET, CsrNames.STIMECMP})
            assertEquals(x.readCsr(csr), y.readCsr(csr), what + CsrNames.name(csr));
        assertEquals(interpreted.device.reads, translated.device.reads, what + "device reads");
        assertEquals(interpreted.device.writes, translated.device.writes, what + "device writes");
        assertEquals(interpreted.device.sum, translated.device.sum, what + "values written to the device");
        assertArrayEquals(interpreted.ram(), translated.ram(), what + "RAM");
        assertArrayEquals(x.counters().retiredByMode, y.counters().retiredByMode, what + "instructions retired by mode");
        assertArrayEquals(x.counters().exceptions, y.counters().exceptions, what + "exceptions by cause");
        assertArrayEquals(x.counters().interrupts, y.counters().interrupts, what + "interrupts by cause");
        if (slice > 1) assertTrue(y.counters().blocksTranslated > 0, what + "nothing was translated");
    }

    /** One machine running a random loop: code at LOOP, the trap handler at HANDLER, data and a device. */
    static final class Lab {
        final Machine machine;
        final CountingDevice device = new CountingDevice();

        Lab(int[] loop, int seed, int slice, int translation) {
            machine = new Machine(MachineConfig.builder().memoryMiB(2).sliceInstructions(slice)
                    .translationThreshold(translation).build());
            machine.bus().map("counter", DEVICE, 0x100, device);
            put(LOOP, loop);
            put(HANDLER, handler());
            SplittableRandom random = new SplittableRandom(seed * 7919L);
            for (long a = DATA; a < DATA + 2 * RamPage.SIZE; a += 8) machine.ram().write(a, 8, random.nextLong());
            Hart h = hart();
            for (int r = 1; r <= WRITABLE; r++) h.setX(r, random.nextInt(3) == 0 ? random.nextInt(64) - 32 : random.nextLong());
            h.setX(SMC_VALUE, Asm.addi(5, 5, 7));
            h.setX(CODE_BASE, LOOP);
            h.setX(DEVICE_BASE, DEVICE);
            h.setX(COUNTER, 5);
            h.setX(DATA_BASE, DATA + 0x800);
            h.writeCsr(CsrNames.MTVEC, HANDLER);
            h.writeCsr(CsrNames.MENVCFG, 1L << 63);          // Sstc: stimecmp raises STIP
            h.writeCsr(CsrNames.STIMECMP, 300);
            h.writeCsr(CsrNames.MIE, 1L << Cause.SUPERVISOR_TIMER);
            h.writeCsr(CsrNames.MSTATUS, 1L << 3);           // MIE
            h.writeCsr(CsrNames.PMPADDR0, -1L);               // S and U may use all of memory
            h.writeCsr(CsrNames.PMPCFG0, 0x1F);
            // The loop runs in M, S or U; every trap goes to the M-mode handler and MRET returns.
            h.setMode(seed % 3 == 0 ? Privilege.M : seed % 3 == 1 ? Privilege.S : Privilege.U, false);
            h.setPc(LOOP);
        }

        Hart hart() {
            return machine.hart(0);
        }

        void put(long at, int[] words) {
            HartHarness.load(machine.ram(), at, words);
        }

        byte[] ram() {
            byte[] bytes = new byte[2 << 20];
            machine.ram().readBytes(CODE, bytes, 0, bytes.length);
            return bytes;
        }
    }

    /**
     * The M-mode handler: a timer interrupt re-arms stimecmp 37 ticks ahead; an exception skips
     * the 4-byte instruction that raised it.
     */
    static int[] handler() {
        return new int[] {
            Asm.csrr(TRAP_TEMP, CsrNames.MCAUSE),
            Asm.bge(TRAP_TEMP, 0, 20),
            Asm.csrr(TRAP_TEMP, CsrNames.TIME),
            Asm.addi(TRAP_TEMP, TRAP_TEMP, 37),
            Asm.csrw(CsrNames.STIMECMP, TRAP_TEMP),
            Asm.mret(),
            Asm.csrr(TRAP_TEMP, CsrNames.MEPC),
            Asm.addi(TRAP_TEMP, TRAP_TEMP, 4),
            Asm.csrw(CsrNames.MEPC, TRAP_TEMP),
            Asm.mret(),
        };
    }

    /** A loop body of random instructions, a counted inner branch, and a jump back to LOOP. */
    static int[] randomLoop(SplittableRandom random) {
        List<Integer> body = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();         // byte offsets of 4-byte instructions
        body.add(Asm.addi(1, 1, 1));                      // the loop starts with a block worth translating
        body.add(Asm.xor(2, 2, 1));
        int offset = addRandom(random, body, offsets, 8, 5 + random.nextInt(70), 100);
        body.add(Asm.addi(COUNTER, COUNTER, -1));
        body.add(Asm.bne(COUNTER, 0, 8));                  // every fifth round falls through to reset
        body.add(Asm.addi(COUNTER, 0, 5));
        body.add(Asm.addi(3, 3, 3));                       // the branch's target: a second block
        offset += 16;
        body.add(Asm.jal(0, -offset));
        return body.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A loop whose whole body is one block branching back to its own start (which translated
     * code runs round after round inside one method), with only what the translator handles —
     * faults, device accesses and stores over the loop's own code still stop it midway — and an
     * outer jump that restarts the count.
     */
    static int[] tightLoop(SplittableRandom random) {
        List<Integer> body = new ArrayList<>();
        List<Integer> offsets = new ArrayList<>();
        body.add(Asm.addi(1, 1, 1));
        body.add(Asm.xor(2, 2, 1));
        int offset = addRandom(random, body, offsets, 8, 3 + random.nextInt(40), 92);
        body.add(Asm.addi(COUNTER, COUNTER, -1));
        body.add(Asm.bne(COUNTER, 0, -(offset + 4)));      // back to the start: the block loops
        body.add(Asm.addi(COUNTER, 0, 50));
        body.add(Asm.jal(0, -(offset + 12)));
        return body.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Appends {@code n} random instructions (of the first {@code kinds} kinds) to {@code body},
     * which ends at byte {@code offset}; records where 4-byte ones start; returns the new end.
     */
    private static int addRandom(SplittableRandom random, List<Integer> body, List<Integer> offsets, int offset,
            int n, int kinds) {
        for (int i = 0; i < n; i++) {
            int insn = randomInstruction(random, offsets, offset, kinds);
            body.add(insn);
            if ((insn & 3) == 3) {
                offsets.add(offset);
                offset += 4;
            } else {
                offset += 2;
            }
        }
        return offset;
    }

    private static int rd(SplittableRandom r) {
        return 1 + r.nextInt(WRITABLE);
    }

    private static int rs(SplittableRandom r) {
        return r.nextInt(WRITABLE + 1);
    }

    /** kinds below 92: only what the translator handles (no CSR reads, ECALL). */
    private static int randomInstruction(SplittableRandom r, List<Integer> earlier, int offset, int kinds) {
        int kind = r.nextInt(kinds);
        if (kind < 30) {
            switch (r.nextInt(23)) {
                case 0: return Asm.add(rd(r), rs(r), rs(r));
                case 1: return Asm.sub(rd(r), rs(r), rs(r));
                case 2: return Asm.sll(rd(r), rs(r), rs(r));
                case 3: return Asm.slt(rd(r), rs(r), rs(r));
                case 4: return Asm.sltu(rd(r), rs(r), rs(r));
                case 5: return Asm.xor(rd(r), rs(r), rs(r));
                case 6: return Asm.srl(rd(r), rs(r), rs(r));
                case 7: return Asm.sra(rd(r), rs(r), rs(r));
                case 8: return Asm.or(rd(r), rs(r), rs(r));
                case 9: return Asm.and(rd(r), rs(r), rs(r));
                case 10: return Asm.addw(rd(r), rs(r), rs(r));
                case 11: return Asm.subw(rd(r), rs(r), rs(r));
                case 12: return Asm.sllw(rd(r), rs(r), rs(r));
                case 13: return Asm.srlw(rd(r), rs(r), rs(r));
                case 14: return Asm.sraw(rd(r), rs(r), rs(r));
                case 15: return Asm.mul(rd(r), rs(r), rs(r));
                case 16: return Asm.mulh(rd(r), rs(r), rs(r));
                case 17: return Asm.mulhsu(rd(r), rs(r), rs(r));
                case 18: return Asm.mulhu(rd(r), rs(r), rs(r));
                case 19: return Asm.mulw(rd(r), rs(r), rs(r));
                case 20: return new int[] {Asm.div(rd(r), rs(r), rs(r)), Asm.divu(rd(r), rs(r), rs(r)),
                        Asm.rem(rd(r), rs(r), rs(r)), Asm.remu(rd(r), rs(r), rs(r))}[r.nextInt(4)];
                case 21: return new int[] {Asm.divw(rd(r), rs(r), rs(r)), Asm.divuw(rd(r), rs(r), rs(r)),
                        Asm.remw(rd(r), rs(r), rs(r)), Asm.remuw(rd(r), rs(r), rs(r))}[r.nextInt(4)];
                default: return Asm.add(0, rs(r), rs(r));       // a write to x0
            }
        }
        if (kind < 52) {
            long imm = r.nextInt(4096) - 2048;
            switch (r.nextInt(14)) {
                case 0: return Asm.addi(rd(r), rs(r), imm);
                case 1: return Asm.slti(rd(r), rs(r), imm);
                case 2: return Asm.sltiu(rd(r), rs(r), imm);
                case 3: return Asm.xori(rd(r), rs(r), imm);
                case 4: return Asm.ori(rd(r), rs(r), imm);
                case 5: return Asm.andi(rd(r), rs(r), imm);
                case 6: return Asm.slli(rd(r), rs(r), r.nextInt(64));
                case 7: return Asm.srli(rd(r), rs(r), r.nextInt(64));
                case 8: return Asm.srai(rd(r), rs(r), r.nextInt(64));
                case 9: return Asm.addiw(rd(r), rs(r), imm);
                case 10: return Asm.slliw(rd(r), rs(r), r.nextInt(32));
                case 11: return Asm.srliw(rd(r), rs(r), r.nextInt(32));
                case 12: return Asm.sraiw(rd(r), rs(r), r.nextInt(32));
                default: return r.nextBoolean() ? Asm.lui(rd(r), (r.nextInt(1 << 20) - (1 << 19)) << 12)
                        : Asm.auipc(rd(r), (r.nextInt(1 << 20) - (1 << 19)) << 12);
            }
        }
        if (kind < 62) {                                   // compressed arithmetic (x8..x15 for the CA/CB forms)
            int p = 8 + r.nextInt(8), q = 8 + r.nextInt(8);
            switch (r.nextInt(10)) {
                case 0: return Asm.cAddi(rd(r), r.nextInt(63) - 31 | 1);
                case 1: return Asm.cMv(rd(r), 1 + r.nextInt(WRITABLE));
                case 2: return Asm.cAdd(rd(r), 1 + r.nextInt(WRITABLE));
                case 3: return Asm.cSlli(rd(r), 1 + r.nextInt(63));
                case 4: return Asm.cSrli(p, 1 + r.nextInt(63));
                case 5: return Asm.cSub(p, q);
                case 6: return Asm.cXor(p, q);
                case 7: return Asm.cAddw(p, q);
                case 8: return Asm.cAnd(p, q);
                default: return Asm.cSubw(p, q);
            }
        }
        if (kind < 80) {                                   // loads and stores in the data pages (some cross into the next)
            long off = r.nextInt(4096) - 2048;
            switch (r.nextInt(11)) {
                case 0: return Asm.lb(rd(r), DATA_BASE, off);
                case 1: return Asm.lh(rd(r), DATA_BASE, off);
                case 2: return Asm.lw(rd(r), DATA_BASE, off);
                case 3: return Asm.ld(rd(r), DATA_BASE, off);
                case 4: return Asm.lbu(rd(r), DATA_BASE, off);
                case 5: return Asm.lhu(rd(r), DATA_BASE, off);
                case 6: return Asm.lwu(rd(r), DATA_BASE, off);
                case 7: return Asm.sb(rs(r), DATA_BASE, off);
                case 8: return Asm.sh(rs(r), DATA_BASE, off);
                case 9: return Asm.sw(rs(r), DATA_BASE, off);
                default: return Asm.sd(rs(r), DATA_BASE, off);
            }
        }
        if (kind < 85) {                                   // the counting device
            long off = 8 * r.nextInt(32);
            return r.nextBoolean() ? Asm.ld(rd(r), DEVICE_BASE, off) : Asm.sd(rs(r), DEVICE_BASE, off);
        }
        if (kind < 89) {                                   // an access through a random register: mostly a fault
            return r.nextBoolean() ? Asm.lw(rd(r), 1 + r.nextInt(WRITABLE), 0) : Asm.sw(rs(r), 1 + r.nextInt(WRITABLE), 0);
        }
        if (kind < 92) {                                   // rewrite an earlier instruction of the loop
            if (earlier.isEmpty()) return Asm.addi(rd(r), rs(r), 1);
            return Asm.sw(SMC_VALUE, CODE_BASE, earlier.get(r.nextInt(earlier.size())));
        }
        if (kind < 95) {
            return r.nextBoolean() ? Asm.csrr(rd(r), CsrNames.MINSTRET) : Asm.csrr(rd(r), CsrNames.TIME);
        }
        if (kind < 97) return Asm.ecall();
        return Asm.fence(0xF, 0xF);
    }

    /** Operands where arithmetic goes wrong: zero, signs, 32-bit edges, shift amounts past 31 and 63. */
    static final long[] EDGES = {0, 1, -1, 2, 31, 32, 33, 63, 64, 65, Long.MIN_VALUE, Long.MAX_VALUE,
        0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L, 0xFFFF_FFFF_8000_0000L,
        0x1234_5678_9ABC_DEF0L, 0xFEDC_BA98_7654_3210L};

    /** Every translated operation, with rd = x5, rs1 = x6, rs2 = x7 (immediates chosen to hit edges). */
    static List<Object[]> operations() {
        int[] ops = {
            Asm.add(5, 6, 7), Asm.sub(5, 6, 7), Asm.sll(5, 6, 7), Asm.slt(5, 6, 7), Asm.sltu(5, 6, 7),
            Asm.xor(5, 6, 7), Asm.srl(5, 6, 7), Asm.sra(5, 6, 7), Asm.or(5, 6, 7), Asm.and(5, 6, 7),
            Asm.addw(5, 6, 7), Asm.subw(5, 6, 7), Asm.sllw(5, 6, 7), Asm.srlw(5, 6, 7), Asm.sraw(5, 6, 7),
            Asm.mul(5, 6, 7), Asm.mulh(5, 6, 7), Asm.mulhsu(5, 6, 7), Asm.mulhu(5, 6, 7), Asm.mulw(5, 6, 7),
            Asm.div(5, 6, 7), Asm.divu(5, 6, 7), Asm.rem(5, 6, 7), Asm.remu(5, 6, 7),
            Asm.divw(5, 6, 7), Asm.divuw(5, 6, 7), Asm.remw(5, 6, 7), Asm.remuw(5, 6, 7),
            Asm.addi(5, 6, -2048), Asm.addi(5, 6, 2047), Asm.slti(5, 6, -1), Asm.slti(5, 6, 32),
            Asm.sltiu(5, 6, -1), Asm.sltiu(5, 6, 33), Asm.xori(5, 6, -1), Asm.ori(5, 6, -2048), Asm.andi(5, 6, 0x7F0),
            Asm.slli(5, 6, 0), Asm.slli(5, 6, 31), Asm.slli(5, 6, 63), Asm.srli(5, 6, 1), Asm.srli(5, 6, 63),
            Asm.srai(5, 6, 1), Asm.srai(5, 6, 63), Asm.addiw(5, 6, -1), Asm.addiw(5, 6, 2047),
            Asm.slliw(5, 6, 1), Asm.slliw(5, 6, 31), Asm.srliw(5, 6, 0), Asm.srliw(5, 6, 31),
            Asm.sraiw(5, 6, 0), Asm.sraiw(5, 6, 31), Asm.lui(5, -0x8000_0000L), Asm.lui(5, 0x7FFF_F000L),
            Asm.auipc(5, -4096), Asm.cAddi(5, -32), Asm.cSrai(9, 63), Asm.cSubw(9, 10), Asm.cAddw(9, 10),
        };
        List<Object[]> cases = new ArrayList<>();
        for (int op : ops) cases.add(new Object[] {Disassembler.format(Decoder.decode((op & 3) == 3 ? op : op & 0xFFFF)), op});
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void everyOperationComputesAsInterpreted(String name, int op) {
        // The loop "op; addi x9,x9,1; jal back": translated at the first jump back, or never.
        HartHarness interpreted = new HartHarness(), translated = new HartHarness();
        interpreted.hart.setTranslationThreshold(0);
        translated.hart.setTranslationThreshold(1);
        for (HartHarness t : List.of(interpreted, translated)) {
            long end = t.load(HartHarness.CODE, op, Asm.addi(9, 9, 1));
            t.load(end, Asm.jal(0, HartHarness.CODE - end));
            t.hart.setPc(HartHarness.CODE);
            t.run(3);
        }
        assertEquals(1, translated.hart.counters().blocksTranslated, name + " was not translated");
        for (long a : EDGES) {
            for (long b : EDGES) {
                for (HartHarness t : List.of(interpreted, translated)) {
                    t.set(6, a).set(7, b).set(9, a ^ b).set(10, b);
                    t.hart.setPc(HartHarness.CODE);
                    t.run(3);
                }
                String what = String.format("%s with x6=0x%x x7=0x%x", name, a, b);
                assertEquals(interpreted.x(5), translated.x(5), what + ": x5");
                assertEquals(interpreted.x(9), translated.x(9), what + ": x9");
                assertEquals(interpreted.pc(), translated.pc(), what + ": pc");
            }
        }
    }

    // ---- single behaviours ------------------------------------------------------------------

    /** A loop of {@code body} then "jal x0, back to the start", run once so the loop is translated. */
    private static HartHarness translatedLoop(int... body) {
        HartHarness t = new HartHarness();
        t.machine.hart(0).setTranslationThreshold(1);
        int[] program = java.util.Arrays.copyOf(body, body.length + 1);
        program[body.length] = Asm.jal(0, -4L * body.length);
        t.program(program);
        return t;
    }

    @Test
    void aFaultInTheMiddleOfABlockIsPreciseAndKeepsEarlierResults() {
        HartHarness t = translatedLoop(Asm.addi(5, 5, 1), Asm.ld(6, 7, 0), Asm.addi(8, 8, 1));
        t.mem(HartHarness.DATA, 8, 42).set(7, HartHarness.DATA);
        t.run(4);                                      // one round interpreted: the jump back translates it
        assertEquals(1, t.hart.counters().blocksTranslated, "the loop was translated");
        t.set(7, HartHarness.UNMAPPED);
        t.hart.run(4);                                 // translated: addi, the ld faults; then the handler spins
        t.assertTrapToM(Cause.LOAD_ACCESS_FAULT, HartHarness.CODE + 4, HartHarness.UNMAPPED);
        assertEquals(2, t.x(5), "the addi before the fault retired");
        assertEquals(1, t.x(8), "the addi after the fault did not run");
        assertEquals(42, t.x(6), "the faulting load wrote nothing");
        assertEquals(4 + 1 + 2, t.hart.retired(), "4, the addi, 2 spins of the handler: the load does not retire");
    }

    @Test
    void aFaultInALaterRoundOfALoopingBlockCountsLikeTheInterpreter() {
        // In U-mode: "ld x5,0(x6); addi x6,x6,512; addi x7,x7,1; bne x7,x8,start" walks off the end
        // of RAM in its sixth round; the trap to M must see exactly the instructions before it.
        long ramEnd = HartHarness.CODE + (2 << 20);
        HartHarness[] runs = {new HartHarness(), new HartHarness()};
        runs[0].hart.setTranslationThreshold(0);
        runs[1].hart.setTranslationThreshold(1);
        for (HartHarness t : runs) {
            t.program(Privilege.U, false, Asm.ld(5, 6, 0), Asm.addi(6, 6, 512), Asm.addi(7, 7, 1), Asm.bne(7, 8, -12));
            t.set(6, ramEnd - 512 * 5).set(8, 1000);
            t.run(100);
        }
        HartHarness interpreted = runs[0], translated = runs[1];
        assertEquals(1, translated.hart.counters().blocksTranslated);
        translated.assertTrapToM(Cause.LOAD_ACCESS_FAULT, HartHarness.CODE, ramEnd);
        assertEquals(interpreted.csr(CsrNames.MINSTRET), translated.csr(CsrNames.MINSTRET), "minstret");
        assertArrayEquals(interpreted.hart.counters().retiredByMode, translated.hart.counters().retiredByMode,
                "instructions retired in M and U");
        assertEquals(5 * 4, translated.hart.counters().retiredByMode[HartCounters.MODE_U], "five rounds in U");
    }

    @Test
    void aBudgetEndingInsideABlockStopsExactlyThere() {
        HartHarness t = translatedLoop(Asm.addi(5, 5, 1), Asm.addi(6, 6, 1), Asm.addi(7, 7, 1), Asm.addi(8, 8, 1));
        t.run(5);                                      // one round: translated on the jump back
        for (int budget = 1; budget <= 5; budget++) {
            long before = t.hart.retired();
            t.hart.run(budget);
            assertEquals(budget, t.hart.retired() - before, "a run of " + budget);
        }
        // 5 + 15 instructions: 4 rounds of 5; each add ran 4 times.
        assertEquals(4, t.x(5));
        assertEquals(4, t.x(8));
        assertEquals(HartHarness.CODE, t.pc());
    }

    @Test
    void writingTranslatedCodeDropsTheBlockAndRunsTheNewInstruction() {
        // 0: addi x5,x5,1   4: sw x9,8(x10): rewrites the next instruction   8: addi x6,x6,1   12: jal back
        HartHarness t = translatedLoop(Asm.addi(5, 5, 1), Asm.sw(9, 10, 8), Asm.addi(6, 6, 1));
        t.set(10, HartHarness.CODE).set(9, Asm.addi(6, 6, 1));   // the first store writes what is there
        t.run(4);
        DecodedPage page = (DecodedPage) t.machine.ram().page(HartHarness.CODE).code;
        assertNotNull(page.blockAt(0), "translated after one round");
        t.set(9, Asm.addi(6, 6, 100));
        t.run(3);                                      // translated: addi, the store drops the block, then...
        assertNull(page.blockAt(0), "the store into the block dropped it");
        assertEquals(101, t.x(6), "the rewritten instruction ran, not the translated one");
    }

    @Test
    void codeRewrittenAtTheSameAddressIsTranslatedAgain() {
        // As when a kernel loads one program after another at the same virtual address.
        HartHarness t = translatedLoop(Asm.addi(5, 5, 1), Asm.addi(6, 6, 1));
        t.run(3 * 10);
        DecodedPage page = (DecodedPage) t.machine.ram().page(HartHarness.CODE).code;
        for (int program = 2; program <= 60; program++) {
            t.load(HartHarness.CODE, Asm.addi(5, 5, program), Asm.addi(6, 6, 1));   // the host rewrites the code
            assertNull(page.blockAt(0), "program " + program + ": the old block was dropped");
            t.set(5, 0).set(6, 0).hart.setPc(HartHarness.CODE);
            t.run(3 * 10);
            assertNotNull(page.blockAt(0), "program " + program + " was translated");
            assertEquals(10L * program, t.x(5), "program " + program + " ran its own code");
        }
        assertTrue(page.blocks.length <= 8, "dropped blocks are not kept: a table of " + page.blocks.length);
    }

    @Test
    void machinesRunningTheSameCodeShareItsTranslation() {
        int unique = (int) (System.nanoTime() & 0x3FF);    // code no other test translated
        HartHarness first = translatedLoop(Asm.addi(5, 5, unique), Asm.xori(6, 5, 77));
        HartHarness second = translatedLoop(Asm.addi(5, 5, unique), Asm.xori(6, 5, 77));
        first.run(3 * 5);
        second.run(3 * 5);
        TranslatedBlock a = ((DecodedPage) first.machine.ram().page(HartHarness.CODE).code).blockAt(0);
        TranslatedBlock b = ((DecodedPage) second.machine.ram().page(HartHarness.CODE).code).blockAt(0);
        assertTrue(a.defined, "the first machine translated it");
        assertTrue(!b.defined && a.code == b.code, "the second machine used the same code");
        assertEquals(first.x(6), second.x(6));
    }

    @Test
    void aHartPastItsClassLimitUsesSharedCodeOrInterprets() {
        int unique = 0x400 + (int) (System.nanoTime() & 0x3FF);
        HartHarness limited = translatedLoop(Asm.addi(5, 5, unique), Asm.xori(6, 5, 78));
        limited.hart.classLimit = 0;
        limited.run(3 * 5);
        assertEquals(0, limited.hart.counters().blocksTranslated, "new code: no class, interpreted");
        assertEquals(5L * unique, limited.x(5));

        HartHarness other = translatedLoop(Asm.addi(5, 5, unique), Asm.xori(6, 5, 78));
        other.run(3 * 5);                              // another machine translates the same code
        limited.hart.setPc(HartHarness.CODE);
        limited.run(3 * 5);
        assertEquals(1, limited.hart.counters().blocksTranslated, "shared code costs no class: it is used");
        assertEquals(10L * unique, limited.x(5));
    }

    @Test
    void onceTheJvmsTranslationBudgetIsSpentNewCodeIsInterpreted() {
        int unique = -0x800 + (int) (System.nanoTime() & 0x3FF);
        SharedBlockCode.limit = SharedBlockCode.size();       // as if 16,384 blocks had been translated
        try {
            HartHarness t = translatedLoop(Asm.addi(5, 5, unique), Asm.xori(6, 5, 79));
            t.run(3 * 5);
            assertEquals(0, t.hart.counters().blocksTranslated, "no new class once the budget is spent");
            assertEquals(5L * unique, t.x(5), "and the code still runs, interpreted");
        } finally {
            SharedBlockCode.limit = SharedBlockCode.MAX_ENTRIES;
        }
    }

    @Test
    void aDeviceReadInABlockHappensOnceAndItsValueArrives() {
        HartHarness t = translatedLoop(Asm.addi(5, 5, 1), Asm.ld(6, 7, 0), Asm.addi(8, 6, 0));
        CountingDevice device = new CountingDevice();
        t.machine.bus().map("counter", DEVICE, 0x100, device);
        t.set(7, DEVICE);
        t.run(4 * 10);
        assertTrue(t.hart.counters().blocksTranslated > 0);
        assertEquals(10, device.reads, "one read per round");
        assertEquals(10 * 0x0101_0101L, t.x(8), "the last value read");
    }

    @Test
    void theLargestBlockStaysWithinHotSpotsCompileLimit() {
        // 64 sign-extending loads (each with its own exit) and 64 stores: the most bytecode per instruction.
        int[] loads = new int[BlockTranslator.MAX_INSTRUCTIONS];
        for (int i = 0; i < loads.length; i++)
            loads[i] = i % 2 == 0 ? Asm.lb(1 + i % WRITABLE, 2 + i % 20, -2048 + i) : Asm.sd(1 + i % WRITABLE, 2 + i % 20, 2047 - i);
        HartHarness t = new HartHarness();
        t.load(HartHarness.CODE, loads);
        DecodedPage page = DecodedPage.of(t.machine.ram().page(HartHarness.CODE));
        TranslatedBlock block = BlockTranslator.translate(page, t.machine.ram().page(HartHarness.CODE).data, 0);
        assertNotNull(block, "the block was refused: its method would exceed " + BlockEmitter.HUGE_METHOD_LIMIT + " bytes");
        assertEquals(BlockTranslator.MAX_INSTRUCTIONS, block.length);
    }

    @Test
    void codeThatIsNotWorthTranslatingStaysInterpreted() {
        // A one-instruction loop ("jal x0, 0"), and a loop whose body starts with a CSR access.
        HartHarness spin = new HartHarness();
        spin.hart.setTranslationThreshold(1);
        spin.program(Asm.jal(0, 0)).run(100);
        assertEquals(0, spin.hart.counters().blocksTranslated, "a lone jump");
        HartHarness csr = new HartHarness();
        csr.hart.setTranslationThreshold(1);
        csr.program(Asm.csrr(5, CsrNames.MSCRATCH), Asm.addi(6, 6, 1), Asm.jal(0, -8)).run(99);
        DecodedPage page = (DecodedPage) csr.machine.ram().page(HartHarness.CODE).code;
        assertNull(page.blockAt(0), "no block starts with a CSR access");
        assertNotNull(page.blockAt(4), "the code after it is a block of its own");
        assertEquals(33, csr.x(6), "and it all runs");
    }
}
