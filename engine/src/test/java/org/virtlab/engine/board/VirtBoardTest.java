package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Boots the board-test guests (guests/board-tests) on a complete virt board. */
class VirtBoardTest {
    private static final long BUDGET = 50_000_000;

    private static BoardRunner runner(BoardConfig config, BoardGuests.Console console) {
        return new BoardRunner(config, console, null);
    }

    private static BoardConfig bare(String guest) {
        return BoardConfig.builder().noFirmware().kernel(BoardGuests.load(guest), guest).build();
    }

    @ParameterizedTest(name = "{0} hart(s)")
    @ValueSource(ints = {1, 2, 4})
    void mHelloPrintsThroughTheUartAndPowersOffWithBiosNone(int harts) throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardConfig config = bare("m-hello.elf").toBuilder().harts(harts).build();
        BoardRunner.Outcome outcome = runner(config, console).run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), console.text());
        assertEquals(0, outcome.exitCode(), console.text());
        assertEquals("Hello from M-mode on the VirtLab virt board\n", console.text());
    }

    @Test
    void aRawBinaryLoadsAtTheStartOfRam() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner.Outcome outcome = runner(bare("m-hello.bin"), console).run(BUDGET);
        assertEquals(0, outcome.exitCode(), console.text());
        assertTrue(console.text().startsWith("Hello from M-mode"), console.text());
    }

    @Test
    void uartEchoAnswersQueuedLinesThroughPlicInterruptsUntilQuit() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = runner(bare("uart-echo.elf"), console);
        type(runner, "hello\nworld, a longer line than the sixteen-byte FIFO\r\nquit\n");
        runner.closeInput();
        BoardRunner.Outcome outcome = runner.run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), console.text());
        assertEquals(0, outcome.exitCode(), console.text());
        String out = console.text();
        assertTrue(out.startsWith("uart-echo: ready\n"), out);
        assertTrue(out.contains("echo: hello\n"), out);
        assertTrue(out.contains("echo: world, a longer line than the sixteen-byte FIFO\n"), out);
        assertTrue(out.contains("bye after 0x"), out);
    }

    @Test
    void uartEchoWakesOnInputTypedWhileItSleeps() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = runner(bare("uart-echo.elf"), console);
        FutureTask<BoardRunner.Outcome> run = new FutureTask<>(() -> runner.run(BUDGET));
        Thread machineThread = new Thread(run, "machine");
        machineThread.start();
        awaitOutput(console, "uart-echo: ready\n");
        type(runner, "first\n");
        awaitOutput(console, "echo: first\n");
        type(runner, "second\n");
        awaitOutput(console, "echo: second\n");
        type(runner, "quit\n");
        BoardRunner.Outcome outcome = run.get(10, TimeUnit.SECONDS);
        assertEquals(0, outcome.exitCode(), console.text());
        assertTrue(console.text().endsWith("bye after 0x0000000000000003 interrupts\n"), console.text());
    }

    @Test
    void uartEchoWithoutInputIsADeadlockOnceInputIsClosed() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = runner(bare("uart-echo.elf"), console);
        runner.closeInput();
        assertEquals(BoardRunner.Stop.DEADLOCK, runner.run(BUDGET).stop());
        assertEquals("uart-echo: ready\n", console.text());
    }

    @Test
    void sHelloRunsInSModeBehindTheBuiltinSbiAndShutsDownWithSrst() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardConfig config = BoardConfig.builder().builtinFirmware()
                .kernel(BoardGuests.load("s-hello.elf"), "s-hello.elf").build();
        BoardRunner runner = runner(config, console);
        BoardRunner.Outcome outcome = runner.run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), console.text());
        assertEquals(0, outcome.exitCode(), console.text());
        assertTrue(console.text().startsWith("Hello from S-mode, hart 0x0000000000000000\n"), console.text());
        assertTrue(console.text().contains("SBI specification 0x0000000002000000"), console.text());
        assertTrue(runner.board().sbi() != null);
    }

    @Test
    void deterministicTimeJumpsOverWfiWhilePacingWaitsInWallTime() throws Exception {
        BoardConfig fast = bare("m-timer.elf");
        BoardRunner.Outcome outcome = runner(fast, new BoardGuests.Console()).run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop());
        assertEquals(0, outcome.exitCode());
        assertTrue(outcome.instructions() < 1000, "the WFI sleep is not spent executing: " + outcome.instructions());

        long t0 = System.nanoTime();
        BoardRunner.Outcome paced = runner(fast.toBuilder().pacing(true).build(), new BoardGuests.Console()).run(BUDGET);
        long wallMs = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, paced.exitCode());
        assertTrue(wallMs >= 45, "a paced 50 ms sleep took only " + wallMs + " ms");
    }

    @Test
    void aResetBuildsAFreshBoard() throws Exception {
        // lui t0, 0x100; lui t1, 0x7; addi t1, t1, 0x777; sw t1, 0(t0); j .   -- always asks for a reset
        byte[] program = words(0x001002b7, 0x00007337, 0x77730313, 0x0062a023, 0x0000006f);
        BoardConfig config = BoardConfig.builder().noFirmware().kernel(program, "reset.bin").build();
        BoardRunner.Outcome outcome = runner(config, new BoardGuests.Console()).run(2_000);
        assertEquals(BoardRunner.Stop.BUDGET, outcome.stop());
        assertTrue(outcome.resets() > 10, "resets: " + outcome.resets());
    }

    @Test
    void traceShowsInstructionsFromTheBootRomOn() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = new BoardRunner(bare("m-hello.elf"), console, new Tracer(new PrintStream(trace, true)));
        assertEquals(0, runner.run(BUDGET).exitCode());
        String text = trace.toString(StandardCharsets.UTF_8);
        String head = text.substring(0, Math.min(1200, text.length()));
        assertTrue(text.startsWith("h0 M  0x0000000000001000  00000297  auipc"), head);
        assertTrue(text.contains("h0 M  0x0000000080000000"), head);
    }

    @Test
    void aTraceInterleavesTheHarts() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        BoardConfig config = bare("m-hello.elf").toBuilder().harts(2).build();
        new BoardRunner(config, new BoardGuests.Console(), new Tracer(new PrintStream(trace, true))).run(BUDGET);
        String[] lines = trace.toString(StandardCharsets.UTF_8).split("\n");
        assertTrue(lines[0].startsWith("h0 M  0x0000000000001000"), lines[0]);
        assertTrue(lines[1].startsWith("h1 M  0x0000000000001000"), lines[1]);
    }

    @Test
    void aTracedTrapIsReported() throws Exception {
        // ecall in M-mode with mtvec = 0: the trap lands at 0, which is unmapped, and so on.
        byte[] program = words(0x00000073, 0x0000006f);
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        BoardConfig config = BoardConfig.builder().noFirmware().kernel(program, "ecall.bin").build();
        new BoardRunner(config, new BoardGuests.Console(), new Tracer(new PrintStream(trace, true))).run(20);
        String text = trace.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("trap at 0x0000000080000000: environment call from M-mode -> M at 0x0000000000000000"), text);
    }

    private static void type(BoardRunner runner, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        runner.receive(b, 0, b.length);
    }

    private static void awaitOutput(BoardGuests.Console console, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!console.text().contains(expected)) {
            if (System.nanoTime() > deadline) throw new AssertionError("no \"" + expected + "\" in: " + console.text());
            Thread.sleep(2);
        }
    }

    static byte[] words(int... insns) {
        ByteBuffer b = ByteBuffer.allocate(4 * insns.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : insns) b.putInt(i);
        return b.array();
    }
}
