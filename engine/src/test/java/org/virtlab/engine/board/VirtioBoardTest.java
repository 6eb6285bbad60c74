package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.engine.board.fdt.DeviceTree;
import org.virtlab.engine.board.fdt.DtNode;
import org.virtlab.engine.board.fdt.FdtReader;
import org.virtlab.engine.devices.virtio.VirtioMmio;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.FileDisk;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;

/** The virtio devices on a whole board: the virtio-blk guest (guests/board-tests) and the device tree. */
class VirtioBoardTest {
    private static final long BUDGET = 50_000_000;
    private static final int SECTORS = 64;

    /** The pattern guests/board-tests/src/virtio-blk.c checks: byte i of sector s. */
    static byte pattern(long sector, int i) {
        return (byte) (sector * 7 + i * 13 + 1);
    }

    static byte[] patternDisk(int sectors) {
        byte[] d = new byte[sectors * 512];
        for (int s = 0; s < sectors; s++) for (int i = 0; i < 512; i++) d[s * 512 + i] = pattern(s, i);
        return d;
    }

    private static BoardConfig.Builder guest() {
        return BoardConfig.builder().noFirmware().kernel(BoardGuests.load("virtio-blk.elf"), "virtio-blk.elf");
    }

    @Test
    void virtioBlkGuestReadsWritesAndFlushesAMemoryDisk() throws Exception {
        byte[] bytes = patternDisk(SECTORS);
        MemoryDisk disk = new MemoryDisk(bytes, false, "lab-disk");
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = new BoardRunner(guest().disk(disk).build(), console, null);
        BoardRunner.Outcome outcome = runner.run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), console.text());
        assertEquals(0, outcome.exitCode(), console.text());
        String out = console.text();
        assertTrue(out.startsWith("virtio-blk: device in slot 0\n"), out);
        assertTrue(out.contains("capacity 0x0000000000000040 sectors"), out);
        assertTrue(out.contains("virtio-blk: id lab-disk\n"), out);
        assertTrue(out.endsWith("virtio-blk: all checks passed\n"), out);
        for (int i = 0; i < 512; i++) assertEquals((byte) ~pattern(5, i), bytes[5 * 512 + i], "sector 5 byte " + i);
        var m = runner.board().virtioBlk().metrics();
        assertEquals(1, m.flushes());
        assertEquals(1, m.getIds());
        assertEquals(1, m.errors());                        // the deliberate read past the end
        assertEquals(512, m.bytesWritten());
        assertEquals(13 * 512, m.bytesRead());
    }

    @Test
    void copyOnWriteLeavesTheImageFileUnchanged(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("disk.img");
        byte[] original = patternDisk(SECTORS);
        Files.write(image, original);
        CopyOnWriteDisk disk = new CopyOnWriteDisk(FileDisk.open(image, false));
        BoardGuests.Console console = new BoardGuests.Console();
        try (disk) {
            BoardRunner.Outcome outcome = new BoardRunner(guest().disk(disk).build(), console, null).run(BUDGET);
            assertEquals(0, outcome.exitCode(), console.text());
        }
        assertEquals(1, disk.overlaySectors());
        assertArrayEquals(original, Files.readAllBytes(image));
    }

    @Test
    void theGuestFailsWithoutADisk() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner.Outcome outcome = new BoardRunner(guest().build(), console, null).run(BUDGET);
        assertEquals(10, outcome.exitCode(), console.text());
        assertTrue(console.text().contains("no virtio-blk device"), console.text());
    }

    @Test
    void theGuestFailsOnAWrongPattern() throws Exception {
        byte[] bytes = patternDisk(SECTORS);
        bytes[3 * 512 + 100] ^= 1;
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner.Outcome outcome = new BoardRunner(guest().disk(new MemoryDisk(bytes, false, "d")).build(), console,
                null).run(BUDGET);
        assertEquals(21, outcome.exitCode(), console.text());
    }

    @Test
    void aReadOnlyDiskRefusesTheGuestsWrite() throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner runner = new BoardRunner(guest().disk(new MemoryDisk(patternDisk(SECTORS), true, "ro")).build(),
                console, null);
        assertEquals(30, runner.run(BUDGET).exitCode(), console.text());
    }

    @Test
    void slotsFillInOrderDiskEntropyConsoleAndTheDeviceTreeListsEach() {
        BoardConfig config = guest().disk(new MemoryDisk(new byte[4096], false, "d")).virtioConsole(true).build();
        assertEquals(List.of(BoardConfig.VirtioKind.BLOCK, BoardConfig.VirtioKind.ENTROPY, BoardConfig.VirtioKind.CONSOLE),
                config.virtioSlots());
        VirtBoard board = VirtBoard.boot(config, b -> { });
        List<VirtioMmio> virtio = board.virtio();
        assertEquals(3, virtio.size());
        int[] ids = {2, 4, 3};
        for (int slot = 0; slot < 3; slot++) {
            long base = VirtMemoryMap.virtioBase(slot);
            assertEquals(VirtioMmio.MAGIC, board.machine().bus().read(base, 4));
            assertEquals(2, board.machine().bus().read(base + 4, 4));
            assertEquals(ids[slot], board.machine().bus().read(base + 8, 4));
            assertEquals(0x554d4551, board.machine().bus().read(base + 12, 4));
        }
        for (int slot = 3; slot < 8; slot++) {                  // empty slots: device ID 0, as on QEMU
            assertEquals(VirtioMmio.MAGIC, board.machine().bus().read(VirtMemoryMap.virtioBase(slot), 4));
            assertEquals(0, board.machine().bus().read(VirtMemoryMap.virtioBase(slot) + 8, 4));
        }

        DeviceTree dt = FdtReader.read(board.layout().dtb());
        int plic = dt.find("/soc/plic@c000000").cells("phandle")[0];
        for (int slot = 0; slot < 8; slot++) {
            DtNode n = dt.find("/soc/virtio_mmio@" + Long.toHexString(VirtMemoryMap.virtioBase(slot)));
            if (slot >= 3) {
                assertNull(n, "slot " + slot);
                continue;
            }
            assertNotNull(n, "slot " + slot);
            assertEquals(List.of("virtio,mmio"), n.strings("compatible"));
            assertEquals(1 + slot, n.cells("interrupts")[0]);
            assertEquals(plic, n.cells("interrupt-parent")[0]);
        }
    }

    @Test
    void everyBoardHasAnEntropyDeviceInSlot0WithoutADisk() {
        VirtBoard board = VirtBoard.boot(guest().build(), b -> { });
        assertEquals(1, board.virtio().size());
        assertEquals(4, board.machine().bus().read(VirtMemoryMap.virtioBase(0) + 8, 4));
        assertNull(board.virtioBlk());
        assertNotNull(board.virtioRng());
    }

    @Test
    void consoleInputReachesTheUartAndTheVirtioConsoleAndTheSeedReachesTheRng() {
        VirtBoard board = VirtBoard.boot(guest().virtioConsole(true).rngSeed(99).build(), b -> { });
        assertEquals(3, board.machine().bus().read(VirtMemoryMap.virtioBase(1) + 8, 4));
        board.receive("hi".getBytes(), 0, 2);
        assertArrayEquals("hi".getBytes(), board.virtioConsole().save().hostInput());
        assertTrue(board.uart().inputWaiting());
        assertEquals(99, board.virtioRng().save().generator());
    }
}
