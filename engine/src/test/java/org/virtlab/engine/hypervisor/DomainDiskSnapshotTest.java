package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.engine.snapshot.StateHash;

/**
 * A domain's disk in a snapshot, as for the bare board: a copy-on-write disk's overlay is
 * saved and restored over the same image (the live one in memory, the one the user names for a
 * file); a disk written in place is refused.
 */
class DomainDiskSnapshotTest {
    private static final byte[] SECTOR = new byte[512];

    static {
        Arrays.fill(SECTOR, (byte) 0x5A);
    }

    private static VirtBoard board(BlockBackend disk) {
        BoardConfig guest = FullVirtualizationTest.guestBoard("priv-mix.elf", true).toBuilder().disk(disk).build();
        return VirtBoard.boot(FullVirtualizationTest.hypervisorBoard(1, new DomainSpec("dom0", guest, Technique.FULL, 1)),
                b -> { });
    }

    private static byte[] sector(BlockBackend disk, long n) throws Exception {
        byte[] b = new byte[512];
        disk.read(n * 512, b, 0, 512);
        return b;
    }

    @Test
    void aCopyOnWriteDiskComesBackWithWhatWasWrittenOverTheSameImage() throws Exception {
        MemoryDisk image = new MemoryDisk(new byte[64 * 512], true, "disk.img");
        CopyOnWriteDisk cow = new CopyOnWriteDisk(image);
        VirtBoard original = board(cow);
        original.machine().run(5_000);
        cow.write(7 * 512, SECTOR, 0, 512);
        BoardSnapshot saved = original.save();
        assertEquals(1, saved.hypervisor().domain(0).disk().overlay().size());

        VirtBoard inMemory = VirtBoard.restore(saved, b -> { });
        assertArrayEquals(SECTOR, sector(inMemory.hypervisor().domain(0).board().virtioBlk().disk(), 7));
        assertEquals(StateHash.of(saved), StateHash.of(inMemory));

        BoardSnapshot fromFile = SnapshotFormat.decode(SnapshotFormat.encode(saved), "lab").requireBoard("lab");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VirtBoard.restore(fromFile, b -> { }));
        assertTrue(e.getMessage().contains("give its image"), e.getMessage());
        VirtBoard restored = VirtBoard.restore(fromFile.withDiskBase(image), b -> { });
        BlockBackend disk = restored.hypervisor().domain(0).board().virtioBlk().disk();
        assertArrayEquals(SECTOR, sector(disk, 7));
        assertArrayEquals(new byte[512], sector(image, 7), "the image itself is never written");
        assertEquals(StateHash.of(saved), StateHash.of(restored));
    }

    @Test
    void aDiskWrittenInPlaceIsRefusedAndNothingChanges() {
        VirtBoard board = board(new MemoryDisk(new byte[64 * 512], false, "disk.img"));
        board.machine().run(5_000);
        String before = StateHash.of(board.machine());
        IllegalStateException e = assertThrows(IllegalStateException.class, board::save);
        assertTrue(e.getMessage().contains("written in place"), e.getMessage());
        assertEquals(before, StateHash.of(board.machine()), "a refused save drops no shadow tables");
    }
}
