package org.virtlab.engine.machine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;

/**
 * The machine's run loop: budgets, WFI and machine time, power-off, determinism, hostile guests,
 * stop requests and halted harts. Guests are a few instructions encoded by {@link Asm}.
 */
class MachineTest {
    static final long DRAM = Machine.DRAM_BASE;
    static final long TOHOST = DRAM + 0x1000;
    static final long STIE = 1L << Cause.SUPERVISOR_TIMER;
    static final long MSTATUS_MIE = 1L << 3;
    static final long MENVCFG_STCE = 1L << 63;

    /** RV64 encodings of the handful of instructions these guests need (unprivileged spec, chapter 2). */
    static final class Asm {
        static final int WFI = 0x1050_0073;

        static int iType(int imm, int rs1, int funct3, int rd, int opcode) {
            return (imm & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
        }

        static int addi(int rd, int rs1, int imm) {
            return iType(imm, rs1, 0, rd, 0x13);
        }

        static int sd(int rs2, int rs1, int imm) {
            return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | 3 << 12 | (imm & 0x1F) << 7 | 0x23;
        }

        static int add(int rd, int rs1, int rs2) {
            return rs2 << 20 | rs1 << 15 | rd << 7 | 0x33;
        }

        static int xor(int rd, int rs1, int rs2) {
            return rs2 << 20 | rs1 << 15 | 4 << 12 | rd << 7 | 0x33;
        }

        static int jal(int rd, int offset) {
            return (offset >> 20 & 1) << 31 | (offset >> 1 & 0x3FF) << 21 | (offset >> 11 & 1) << 20
                    | (offset >> 12 & 0xFF) << 12 | rd << 7 | 0x6F;
        }

        static int csrrs(int rd, int csr, int rs1) {
            return csr << 20 | rs1 << 15 | 2 << 12 | rd << 7 | 0x73;
        }

        static int amoaddD(int rd, int rs2, int rs1) {
            return rs2 << 20 | rs1 << 15 | 3 << 12 | rd << 7 | 0x2F;
        }
    }

    static Machine machine(MachineConfig.Builder config, int... program) {
        Machine m = new Machine(config.memoryMiB(2).build());
        put(m, DRAM, program);
        return m;
    }

    static Machine machine(int harts, int... program) {
        return machine(MachineConfig.builder().harts(harts), program);
    }

    static void put(Machine m, long address, int... words) {
        for (int i = 0; i < words.length; i++) m.ram().write(address + 4L * i, 4, words[i]);
    }

    /** Arms hart {@code h}'s Sstc comparator at machine time {@code when}, with the timer interrupt enabled in mie. */
    static void armTimer(Hart h, long when) {
        h.writeCsr(CsrNames.MENVCFG, MENVCFG_STCE);
        h.writeCsr(CsrNames.STIMECMP, when);
        h.writeCsr(CsrNames.MIE, STIE);
    }

    // ---- budgets -------------------------------------------------------------------------------

    @Test
    void runStopsWhenTheBudgetIsSpent() {
        Machine m = machine(1, Asm.addi(5, 5, 1), Asm.jal(0, -4));
        RunResult r = m.run(1000);
        assertEquals(StopReason.BUDGET, r.reason());
        assertEquals(1000, r.instructions());
        assertEquals(1000, m.hart(0).retired());
        assertEquals(500, m.hart(0).x(5));
        r = m.run(1001);
        assertEquals(1001, r.instructions());
        assertEquals(1001, m.hart(0).x(5), "the second run continues where the first stopped");
    }

    /** {@link Machine#run}: "Runs up to maxInstructions (summed over harts)". */
    @Test
    void budgetIsSummedOverHarts() {
        Machine m = machine(MachineConfig.builder().harts(2).sliceInstructions(100), Asm.jal(0, 0));
        RunResult r = m.run(1050);
        assertEquals(StopReason.BUDGET, r.reason());
        assertTrue(r.instructions() <= 1050, "ran " + r.instructions() + " of a budget of 1050");
        assertEquals(r.instructions(), m.hart(0).retired() + m.hart(1).retired());
    }

    @Test
    void budgetSmallerThanTheHartCountIsNotExceeded() {
        Machine m = machine(MachineConfig.builder().harts(4), Asm.jal(0, 0));
        RunResult r = m.run(1);
        assertTrue(r.instructions() <= 1, "ran " + r.instructions() + " of a budget of 1");
    }

    // ---- breakpoints ---------------------------------------------------------------------------

    @Test
    void runStopsBeforeTheInstructionAtABreakpointAndResumesThroughIt() {
        // 0: addi x5,x5,1   4: addi x6,x6,1   8: jal x0,-8  (a loop over the two adds)
        Machine m = machine(1, Asm.addi(5, 5, 1), Asm.addi(6, 6, 1), Asm.jal(0, -8));
        m.setBreakpoint(DRAM + 4);
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.BREAKPOINT, r.reason());
        assertEquals(0, m.breakpointHart());
        assertEquals(DRAM + 4, m.hart(0).pc(), "stopped at the breakpoint");
        assertEquals(1, m.hart(0).x(5), "the instruction before it ran");
        assertEquals(0, m.hart(0).x(6), "the instruction at the breakpoint did not");
        assertEquals(1, r.instructions());

        r = m.run(1_000_000);
        assertEquals(StopReason.BREAKPOINT, r.reason(), "the next round of the loop stops again");
        assertEquals(DRAM + 4, m.hart(0).pc());
        assertEquals(2, m.hart(0).x(5));
        assertEquals(1, m.hart(0).x(6), "resuming executed the instruction at the breakpoint once");
        assertEquals(3, r.instructions());

        m.clearBreakpoint(DRAM + 4);
        r = m.run(3000);
        assertEquals(StopReason.BUDGET, r.reason(), "without breakpoints the loop runs freely");
        assertEquals(-1, m.breakpointHart());
        assertEquals(1001, m.hart(0).x(6));
    }

    @Test
    void aBreakpointOnOneHartStopsTheMachineAndNamesTheHart() {
        // Both harts run the same code; only hart 1 branches to the breakpoint (a0 = hart id).
        // 0: beq a0,x0,+8   4: addi x5,x5,1   8: jal x0,0
        Machine m = machine(MachineConfig.builder().harts(2).sliceInstructions(50),
                0x0005_0463, Asm.addi(5, 5, 1), Asm.jal(0, 0));
        m.hart(1).setX(10, 1);
        m.setBreakpoint(DRAM + 4);
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.BREAKPOINT, r.reason());
        assertEquals(1, m.breakpointHart());
        assertEquals(DRAM + 4, m.hart(1).pc());
        assertEquals(DRAM + 8, m.hart(0).pc(), "hart 0 took the branch and spins");
        assertTrue(m.hart(1).atBreakpoint() && !m.hart(0).atBreakpoint());
    }

    @Test
    void breakpointsGiveTheSameStateAsRunningFreely() {
        int[] program = {Asm.addi(5, 5, 3), Asm.xor(6, 6, 5), Asm.add(7, 7, 6), Asm.jal(0, -12)};
        Machine free = machine(1, program);
        free.run(3001);
        Machine stepped = machine(1, program);
        stepped.setBreakpoint(DRAM + 8);
        long done = 0;
        while (done < 3001) done += stepped.run(3001 - done).instructions();
        for (int reg = 5; reg <= 7; reg++) assertEquals(free.hart(0).x(reg), stepped.hart(0).x(reg), "x" + reg);
        assertEquals(free.hart(0).pc(), stepped.hart(0).pc());
        assertEquals(free.time(), stepped.time(), "machine time counts the same instructions");
    }

    // ---- WFI and machine time ------------------------------------------------------------------

    @Test
    void everyHartInWfiWithATimerArmedReportsTheDeadline() {
        Machine m = machine(2, Asm.WFI, Asm.jal(0, -4));
        armTimer(m.hart(0), 1500);
        armTimer(m.hart(1), 1000);
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.WAITING, r.reason());
        assertEquals(1000, r.nextDeadline(), "the earliest comparator");
        assertEquals(2, r.instructions());
        assertTrue(m.hart(0).isWaiting() && m.hart(1).isWaiting());
        assertEquals(StopReason.WAITING, m.run(1000).reason(), "nothing happens until time moves");
    }

    @Test
    void everyHartInWfiWithNoTimerWaitsForever() {
        Machine m = machine(2, Asm.WFI, Asm.jal(0, -4));
        RunResult r = m.run(1_000_000);
        assertEquals(StopReason.WAITING, r.reason());
        assertEquals(Long.MAX_VALUE, r.nextDeadline());

        Machine disabled = machine(1, Asm.WFI, Asm.jal(0, -4));
        disabled.hart(0).writeCsr(CsrNames.MIE, STIE);
        disabled.hart(0).writeCsr(CsrNames.MENVCFG, MENVCFG_STCE);   // stimecmp stays all ones
        assertEquals(Long.MAX_VALUE, disabled.run(1000).nextDeadline());
    }

    @Test
    void runToCompletionJumpsTimeToTheDeadlineAndTakesTheInterrupt() {
        long handler = DRAM + 0x40;
        Machine m = machine(1, Asm.WFI, Asm.jal(0, -4));
        put(m, handler,
                Asm.csrrs(5, CsrNames.MCAUSE, 0),
                Asm.csrrs(8, CsrNames.TIME, 0),
                Asm.sd(7, 6, 0),                       // tohost = (3 << 1) | 1: exit 3
                Asm.jal(0, 0));
        Htif.attach(m, TOHOST, null, c -> { });
        Hart h = m.hart(0);
        h.setX(6, TOHOST);
        h.setX(7, (3 << 1) | 1);
        h.writeCsr(CsrNames.MTVEC, handler);
        h.writeCsr(CsrNames.MSTATUS, MSTATUS_MIE);
        armTimer(h, 50_000);
        RunResult r = m.runToCompletion(1_000_000);
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertEquals(3, r.exitCode());
        assertEquals(Cause.INTERRUPT | Cause.SUPERVISOR_TIMER, h.x(5));
        assertEquals(DRAM + 4, h.readCsr(CsrNames.MEPC), "the interrupt is taken after the WFI");
        assertTrue(h.x(8) >= 50_000, "time read in the handler: " + h.x(8));
        assertTrue(m.time() >= 50_000);
        assertTrue(r.instructions() < 100, "time jumped instead of being spun: " + r.instructions());
    }

    // ---- power-off --------------------------------------------------------------------------

    @Test
    void htifPowerOffReportsTheExitCode() {
        Machine m = machine(1, Asm.sd(7, 6, 0), Asm.jal(0, 0));
        Htif.attach(m, TOHOST, null, c -> { });
        m.hart(0).setX(6, TOHOST);
        m.hart(0).setX(7, (42 << 1) | 1);
        RunResult r = m.run(10_000);
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertEquals(42, r.exitCode());
        assertTrue(m.isPoweredOff());
        assertEquals(42, m.exitCode());
        assertEquals(1, r.instructions());
        RunResult again = m.run(10_000);
        assertEquals(StopReason.POWER_OFF, again.reason());
        assertEquals(0, again.instructions());
    }

    @Test
    void htifConsoleWritesCharacters() {
        Machine m = machine(1, Asm.sd(7, 6, 0), Asm.sd(8, 6, 0), Asm.jal(0, 0));
        List<Integer> out = new ArrayList<>();
        Htif.attach(m, TOHOST, TOHOST + 0x40, out::add);
        m.hart(0).setX(6, TOHOST);
        m.hart(0).setX(7, 1L << 56 | 1L << 48 | 'V');
        m.hart(0).setX(8, 1);                           // exit 0
        RunResult r = m.run(10_000);
        assertEquals(List.of((int) 'V'), out);
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertEquals(0, r.exitCode());
    }

    // ---- determinism ----------------------------------------------------------------------------

    /** Two harts racing on a shared counter and mixing in the time: the result depends on the interleaving. */
    static long[][] racingProgramState() {
        long counter = DRAM + 0x2000;
        Machine m = machine(MachineConfig.builder().harts(2).sliceInstructions(37),
                Asm.amoaddD(5, 6, 7),
                Asm.add(8, 8, 5),
                Asm.csrrs(9, CsrNames.TIME, 0),
                Asm.xor(8, 8, 9),
                Asm.addi(11, 11, 1),
                Asm.jal(0, -20));
        for (int i = 0; i < 2; i++) {
            m.hart(i).setX(6, i + 1);
            m.hart(i).setX(7, counter);
        }
        RunResult r = m.run(200_001);
        assertEquals(StopReason.BUDGET, r.reason());
        long[][] state = new long[3][];
        for (int i = 0; i < 2; i++) {
            Hart h = m.hart(i);
            long[] s = new long[35];
            for (int reg = 0; reg < 32; reg++) s[reg] = h.x(reg);
            s[32] = h.pc();
            s[33] = h.retired();
            s[34] = h.readCsr(CsrNames.MINSTRET);
            state[i] = s;
        }
        state[2] = new long[] {m.ram().read(counter, 8), m.time(), r.instructions()};
        long expected = m.hart(0).x(11) + 2 * m.hart(1).x(11);
        long counted = state[2][0];
        assertTrue(counted >= expected && counted <= expected + 3, "shared counter " + counted + " vs " + expected);
        return state;
    }

    @Test
    void sameProgramGivesTheSameStateTwice() {
        long[][] first = racingProgramState();
        long[][] second = racingProgramState();
        for (int i = 0; i < first.length; i++) assertArrayEquals(first[i], second[i], "state " + i);
        assertTrue(first[0][33] > 0 && first[1][33] > 0, "both harts ran");
    }

    // ---- hostile guests ---------------------------------------------------------------------------

    @Test
    void guestTrappingForeverToUnmappedVectorStillReturns() {
        Machine m = machine(1, 0);                      // an illegal instruction; mtvec points at nothing
        m.hart(0).writeCsr(CsrNames.MTVEC, 0x10);
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> m.run(200_000));
        assertEquals(StopReason.BUDGET, r.reason());
        assertTrue(r.instructions() <= 200_000);
        assertEquals(Cause.INSTRUCTION_ACCESS_FAULT, m.hart(0).readCsr(CsrNames.MCAUSE));
        assertEquals(0x10, m.hart(0).pc());
        assertEquals(0, m.hart(0).retired(), "nothing ever retired");
    }

    @Test
    void twoHartsTrappingForeverStayWithinTheBudget() {
        Machine m = machine(MachineConfig.builder().harts(2), 0);
        for (int i = 0; i < 2; i++) m.hart(i).writeCsr(CsrNames.MTVEC, 0x10);
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> m.run(50_000));
        assertEquals(StopReason.BUDGET, r.reason());
        assertTrue(r.instructions() <= 50_000, "attempted " + r.instructions() + " of a budget of 50000");
    }

    @Test
    void tightJumpToSelfWithInterruptsOffStillReturns() {
        Machine m = machine(1, Asm.jal(0, 0));
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> m.run(3_000_000));
        assertEquals(StopReason.BUDGET, r.reason());
        assertEquals(3_000_000, r.instructions());
        assertEquals(DRAM, m.hart(0).pc());
    }

    // ---- control from outside -------------------------------------------------------------------

    @Test
    void requestStopFromAnotherThreadEndsTheRun() throws Exception {
        Machine m = machine(1, Asm.jal(0, 0));
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            m.requestStop();
        });
        stopper.start();
        RunResult r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> m.run(Long.MAX_VALUE));
        stopper.join();
        assertEquals(StopReason.STOP_REQUESTED, r.reason());
        assertEquals(StopReason.BUDGET, m.run(100).reason(), "the request is consumed");
    }

    @Test
    void haltedHartsRunNothing() {
        Machine m = machine(2, Asm.addi(5, 5, 1), Asm.jal(0, -4));
        m.hart(1).setHalted(true);
        armTimer(m.hart(1), 1);                        // an interrupt does not wake a halted hart
        RunResult r = m.run(10_000);
        assertEquals(StopReason.BUDGET, r.reason());
        assertEquals(0, m.hart(1).retired());
        assertEquals(0, m.hart(1).x(5));
        assertEquals(DRAM, m.hart(1).pc());
        assertTrue(m.hart(0).retired() > 0);

        m.hart(0).setHalted(true);
        RunResult all = m.run(10_000);
        assertEquals(StopReason.WAITING, all.reason());
        assertEquals(0, all.instructions());

        m.hart(1).setHalted(false);
        m.run(100);
        assertTrue(m.hart(1).retired() > 0, "released");
        assertFalse(m.hart(1).isHalted());
    }
}
