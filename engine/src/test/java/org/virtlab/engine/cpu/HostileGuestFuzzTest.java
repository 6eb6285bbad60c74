package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;

/**
 * A hostile guest can only hurt itself: random instruction streams — biased towards real
 * opcodes, so they write CSRs, switch privilege, turn paging on, trap, execute AMOs and touch
 * devices — run in every starting mode, with and without the H extension, on one and two
 * harts. The emulator must never throw, and {@code run} must return within its budget.
 * Seeds are fixed so a failure is reproducible: the message names the seed.
 */
class HostileGuestFuzzTest {
    private static final long BASE = 0x8000_0000L;
    private static final int CODE_BYTES = 64 * 1024;
    private static final long BUDGET = 200_000;
    /** Major opcodes of RV64IMAC + SYSTEM, so most random words decode to something real. */
    private static final int[] OPCODES = {0x03, 0x0F, 0x13, 0x17, 0x1B, 0x23, 0x2F, 0x33, 0x37, 0x3B, 0x63, 0x67, 0x6F, 0x73, 0x73, 0x73};

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int seed = 1; seed <= 48; seed++) {
            int mode = new int[] {Privilege.M, Privilege.S, Privilege.U}[seed % 3];
            boolean virt = seed % 4 == 0 && mode != Privilege.M;
            b.add(Arguments.of(seed, mode, virt, seed % 5 != 0, seed % 6 == 0 ? 2 : 1));
        }
        return b.build();
    }

    @ParameterizedTest(name = "seed {0}: start in mode {1} virt={2}, H={3}, {4} hart(s)")
    @MethodSource("cases")
    void randomCodeNeverBreaksTheEmulator(int seed, int mode, boolean virt, boolean hExtension, int harts) {
        Machine machine = randomGuest(seed, mode, virt, hExtension, harts, Hart.DEFAULT_TRANSLATION_THRESHOLD);
        String what = "seed " + seed;
        RunResult result = assertDoesNotThrow(() -> machine.run(BUDGET), what + ": the emulator threw");
        assertTrue(result.instructions() <= BUDGET, what + ": ran " + result.instructions() + " instructions of a budget of " + BUDGET);
        assertDoesNotThrow(() -> machine.runToCompletion(BUDGET), what + ": the emulator threw after waiting");
    }

    /**
     * The same random guests interpreted and with every block translated on first entry
     * (docs/translator.md) end in exactly the same state: registers, pc, mode, trap CSRs,
     * instructions retired and every byte of RAM. Random code writes over itself, traps in the
     * middle of blocks and touches devices, so this exercises every way out of a block.
     */
    @ParameterizedTest(name = "seed {0}: start in mode {1} virt={2}, H={3}, {4} hart(s)")
    @MethodSource("cases")
    void translatedRandomCodeEndsExactlyAsInterpreted(int seed, int mode, boolean virt, boolean hExtension, int harts) {
        Machine interpreted = randomGuest(seed, mode, virt, hExtension, harts, 0);
        Machine translated = randomGuest(seed, mode, virt, hExtension, harts, 1);
        RunResult a = interpreted.run(BUDGET);
        RunResult b = translated.run(BUDGET);
        String what = "seed " + seed;
        assertEquals(a, b, what + ": run result");
        for (int h = 0; h < harts; h++) {
            Hart x = interpreted.hart(h), y = translated.hart(h);
            String hart = what + ", hart " + h + ": ";
            assertEquals(x.pc(), y.pc(), hart + "pc");
            assertEquals(x.privilege(), y.privilege(), hart + "privilege");
            assertEquals(x.retired(), y.retired(), hart + "instructions retired");
            for (int r = 1; r < 32; r++) assertEquals(x.x(r), y.x(r), hart + "x" + r);
            for (int csr : new int[] {CsrNames.MCAUSE, CsrNames.MEPC, CsrNames.MTVAL, CsrNames.SCAUSE, CsrNames.SEPC,
                    CsrNames.STVAL, CsrNames.MSTATUS, CsrNames.SATP})
                assertEquals(x.readCsr(csr), y.readCsr(csr), hart + CsrNames.name(csr));
        }
        byte[] ramA = new byte[2 << 20], ramB = new byte[2 << 20];
        interpreted.ram().readBytes(BASE, ramA, 0, ramA.length);
        translated.ram().readBytes(BASE, ramB, 0, ramB.length);
        assertArrayEquals(ramA, ramB, what + ": RAM");
    }

    private static Machine randomGuest(int seed, int mode, boolean virt, boolean hExtension, int harts, int translation) {
        Machine machine = new Machine(MachineConfig.builder().harts(harts).memoryMiB(2)
                .hExtension(hExtension).sliceInstructions(97).translationThreshold(translation).build());
        SplittableRandom random = new SplittableRandom(seed);
        byte[] code = new byte[CODE_BYTES];
        for (int i = 0; i < CODE_BYTES; i += 4) {
            int word = random.nextInt();
            if (random.nextInt(8) != 0) word = (word & ~0x7F) | OPCODES[random.nextInt(OPCODES.length)];
            if (random.nextInt(16) == 0) word &= 0xFFFF;       // a compressed instruction, or zero
            for (int k = 0; k < 4; k++) code[i + k] = (byte) (word >>> (8 * k));
        }
        machine.ram().writeBytes(BASE, code, 0, code.length);
        for (int h = 0; h < harts; h++) {
            Hart hart = machine.hart(h);
            hart.reset(BASE + 4L * random.nextInt(CODE_BYTES / 4));
            // Traps land somewhere in the random code too; PMP open so S/U can run at all.
            hart.writeCsr(CsrNames.MTVEC, BASE + 4L * random.nextInt(CODE_BYTES / 4));
            hart.writeCsr(CsrNames.STVEC, BASE + 4L * random.nextInt(CODE_BYTES / 4));
            hart.writeCsr(CsrNames.PMPADDR0, -1L);
            hart.writeCsr(CsrNames.PMPCFG0, 0x1F);
            for (int r = 1; r < 32; r++) hart.setX(r, random.nextInt(4) == 0 ? BASE + random.nextInt(CODE_BYTES) : random.nextLong());
            hart.setMode(mode, virt && hExtension);
        }
        return machine;
    }
}
