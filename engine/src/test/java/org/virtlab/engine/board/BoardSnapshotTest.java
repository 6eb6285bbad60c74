package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.engine.snapshot.StateHash;

/**
 * Whole boards through save and restore: every device's state round-trips, and a restored
 * board goes on exactly as the original (same state hash, same console output).
 */
class BoardSnapshotTest {
    private static final long BUDGET = 50_000_000;

    private static BoardConfig bare(String guest) {
        return BoardConfig.builder().noFirmware().kernel(BoardGuests.load(guest), guest).build();
    }

    private static byte[] sbiSmoke() throws IOException {
        try (InputStream in = BoardSnapshotTest.class.getResourceAsStream("/sbi-tests/sbi-smoke.elf")) {
            assertNotNull(in, "sbi-tests/sbi-smoke.elf");
            return in.readAllBytes();
        }
    }

    /** Through the file format too, so that what is written is what is restored. */
    private static BoardSnapshot viaFile(BoardSnapshot s) throws Exception {
        return SnapshotFormat.decode(SnapshotFormat.encode(s), "test").requireBoard("test").withDiskBase(s.diskBase());
    }

    private static void send(VirtBoard board, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(b.length, board.receive(b, 0, b.length));
    }

    @Test
    void uartEchoWithInputPendingInTheUartContinuesExactly() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        VirtBoard original = VirtBoard.boot(bare("uart-echo.elf"), console);
        send(original, "hello\nworld, a longer line than the sixteen-byte FIFO\r\nqu");
        while (!console.text().contains("echo: hello\n")) original.machine().run(50);   // mid-way through the input
        BoardSnapshot saved = original.save();
        assertTrue(saved.uart().hostInput().length + saved.uart().rxFifo().length > 0, "input still pending");
        int printed = console.text().length();

        BoardGuests.Console restoredConsole = new BoardGuests.Console();
        VirtBoard restored = VirtBoard.restore(viaFile(saved), restoredConsole);
        assertEquals(StateHash.of(saved), StateHash.of(restored));

        send(original, "it\n");
        send(restored, "it\n");
        RunResult a = original.machine().runToCompletion(BUDGET);
        RunResult b = restored.machine().runToCompletion(BUDGET);
        assertEquals(StopReason.POWER_OFF, b.reason(), restoredConsole.text());
        assertEquals(a.exitCode(), b.exitCode());
        assertEquals(console.text().substring(printed), restoredConsole.text());
        assertTrue(restoredConsole.text().contains("bye after"), restoredConsole.text());
        assertEquals(StateHash.of(original), StateHash.of(restored));
    }

    @Test
    void sbiSmokeOnTwoHartsBehindTheBuiltinSbiContinuesExactly() throws Exception {
        BoardConfig config = BoardConfig.builder().harts(2).builtinFirmware().kernel(sbiSmoke(), "sbi-smoke.elf").build();
        BoardGuests.Console console = new BoardGuests.Console();
        VirtBoard original = VirtBoard.boot(config, console);
        original.machine().run(2_000);
        BoardSnapshot saved = original.save();
        int printed = console.text().length();

        BoardGuests.Console restoredConsole = new BoardGuests.Console();
        VirtBoard restored = VirtBoard.restore(viaFile(saved), restoredConsole);
        original.machine().run(3_000);
        restored.machine().run(3_000);
        assertEquals(StateHash.of(original), StateHash.of(restored));

        RunResult a = original.machine().runToCompletion(BUDGET);
        RunResult b = restored.machine().runToCompletion(BUDGET);
        assertEquals(StopReason.POWER_OFF, b.reason(), restoredConsole.text());
        assertEquals(0, b.exitCode(), restoredConsole.text());
        assertEquals(a.instructions(), b.instructions());
        assertEquals(console.text().substring(printed), restoredConsole.text());
        assertTrue(console.text().endsWith("sbi-smoke: ok\n"), console.text());
        assertEquals(StateHash.of(original), StateHash.of(restored));
        assertNotNull(restored.sbi(), "the built-in SBI owns M-mode again");
    }

    @Test
    void virtioBlkGuestSavedAfterItsWriteKeepsTheOverlayAndEveryDeviceState() throws Exception {
        byte[] image = VirtioBoardTest.patternDisk(64);
        CopyOnWriteDisk disk = new CopyOnWriteDisk(new MemoryDisk(image, true, "lab-disk"));
        BoardConfig config = BoardConfig.builder().noFirmware().kernel(BoardGuests.load("virtio-blk.elf"), "virtio-blk.elf")
                .disk(disk).virtioConsole(true).build();
        BoardGuests.Console console = new BoardGuests.Console();
        VirtBoard original = VirtBoard.boot(config, console);
        while (disk.overlaySectors() == 0 && !original.machine().isPoweredOff()) original.machine().run(1_000);
        BoardSnapshot saved = original.save();
        assertEquals(1, saved.disk().overlay().size());
        int printed = console.text().length();

        BoardGuests.Console restoredConsole = new BoardGuests.Console();
        VirtBoard restored = VirtBoard.restore(viaFile(saved), restoredConsole);
        BoardSnapshot again = restored.save();
        assertEquals(saved.clint(), again.clint());
        assertEquals(saved.plic(), again.plic());
        assertEquals(saved.uart(), again.uart());
        assertEquals(saved.rtc(), again.rtc());
        assertEquals(saved.virtio(), again.virtio());
        assertEquals(saved.blk(), again.blk());
        assertEquals(saved.rng(), again.rng());
        assertEquals(saved.virtioConsole(), again.virtioConsole());
        assertEquals(saved.machine().harts(), again.machine().harts());
        assertArrayEquals(saved.disk().overlay().get(5L), again.disk().overlay().get(5L));
        assertEquals(StateHash.of(saved), StateHash.of(again));

        assertEquals(0, original.machine().runToCompletion(BUDGET).exitCode(), console.text());
        assertEquals(0, restored.machine().runToCompletion(BUDGET).exitCode(), restoredConsole.text());
        assertTrue(restoredConsole.text().endsWith("virtio-blk: all checks passed\n"), restoredConsole.text());
        assertEquals(console.text().substring(printed), restoredConsole.text());
        assertEquals(StateHash.of(original), StateHash.of(restored));
        assertEquals(1, disk.overlaySectors(), "the original's disk is its own");
    }

    @Test
    void aBoardWithADiskNeedsItsImageToRestore() throws Exception {
        CopyOnWriteDisk disk = new CopyOnWriteDisk(new MemoryDisk(new byte[64 * 512], true, "d"));
        BoardConfig config = bare("m-hello.elf").toBuilder().disk(disk).build();
        BoardSnapshot fromFile = SnapshotFormat.decode(SnapshotFormat.encode(VirtBoard.boot(config, c -> { }).save()), "f")
                .requireBoard("f");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VirtBoard.restore(fromFile, c -> { }));
        assertTrue(e.getMessage().contains("--disk"), e.getMessage());
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> VirtBoard.restore(fromFile.withDiskBase(new MemoryDisk(new byte[512], true, "small")), c -> { }));
        assertTrue(size.getMessage().contains("had 32768 bytes"), size.getMessage());
    }

    @Test
    void aDiskWrittenInPlaceCannotBeSnapshotted() {
        BoardConfig config = bare("m-hello.elf").toBuilder().disk(new MemoryDisk(new byte[4096], false, "live")).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> VirtBoard.boot(config, c -> { }).save());
        assertTrue(e.getMessage().contains("copy-on-write"), e.getMessage());
    }

    @Test
    void theRunnerTakesRequestedSnapshotsAtSliceBoundariesAndARestoredRunnerFinishesTheGuest() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = new BoardRunner(bare("uart-echo.elf"), console, null);
        FutureTask<BoardRunner.Outcome> run = new FutureTask<>(() -> runner.run(BUDGET));
        Thread machine = new Thread(run, "machine");
        machine.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!console.text().contains("ready") && System.nanoTime() < deadline) Thread.sleep(1);
        AtomicReference<BoardRunner.SnapshotResult> taken = new AtomicReference<>();
        runner.requestSnapshot(taken::set);                     // the guest sleeps in WFI waiting for input
        while (taken.get() == null && System.nanoTime() < deadline) Thread.sleep(1);
        assertNotNull(taken.get(), "the snapshot was taken while the guest waited");
        assertNotNull(taken.get().snapshot(), String.valueOf(taken.get().failure()));
        byte[] quit = "quit\n".getBytes(StandardCharsets.US_ASCII);
        runner.receive(quit, 0, quit.length);
        assertEquals(0, run.get(10, TimeUnit.SECONDS).exitCode());

        BoardGuests.Console restoredConsole = new BoardGuests.Console();
        BoardRunner restored = new BoardRunner(viaFile(taken.get().snapshot()), restoredConsole, null);
        restored.receive(quit, 0, quit.length);
        BoardRunner.Outcome outcome = restored.run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), restoredConsole.text());
        assertEquals(0, outcome.exitCode());
        assertTrue(restoredConsole.text().startsWith("bye after"), restoredConsole.text());
    }
}
