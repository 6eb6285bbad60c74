package org.virtlab.engine.devices.virtio.blk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.engine.devices.virtio.TestDriver;
import org.virtlab.engine.devices.virtio.TestDriver.Seg;
import org.virtlab.engine.devices.virtio.VirtioMmio;

/** virtio-blk requests (virtio 1.x, 5.2.6) over the transport, and the copy-on-write overlay. */
class VirtioBlkTest {
    private static final int SECTORS = 32;

    private static byte[] disk() {
        byte[] d = new byte[SECTORS * 512];
        for (int i = 0; i < d.length; i++) d[i] = (byte) (i / 512 + i * 3);
        return d;
    }

    private static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    private static TestDriver driver(BlockBackend backend) {
        return new TestDriver(new VirtioBlk(backend), false).ready(VirtioBlk.F_FLUSH, 1, 16);
    }

    /** Submits one request; returns the status byte. */
    private static int request(TestDriver d, int type, long sector, long data, int len, boolean dataWritable) {
        long h = d.put(header(type, sector));
        long status = d.put(new byte[] {(byte) 0xee});
        if (len > 0) d.submit(0, Seg.in(h, 16), new Seg(data, len, dataWritable), Seg.out(status, 1));
        else d.submit(0, Seg.in(h, 16), Seg.out(status, 1));
        return d.get(status, 1)[0] & 0xff;
    }

    @Test
    void configShowsCapacitySegMaxAndBlockSize() {
        TestDriver d = driver(new MemoryDisk(disk(), false, "d"));
        assertEquals(2, d.reg(VirtioMmio.DEVICE_ID));
        assertEquals(SECTORS, d.mmio.read(VirtioMmio.CONFIG, 8));
        assertEquals(VirtioBlk.QUEUE_SIZE - 2, d.mmio.read(VirtioMmio.CONFIG + 12, 4));
        assertEquals(512, d.mmio.read(VirtioMmio.CONFIG + 20, 4));
        d.reg(VirtioMmio.DEVICE_FEATURES_SEL, 0);
        long features = d.reg(VirtioMmio.DEVICE_FEATURES);
        assertTrue((features & VirtioBlk.F_FLUSH) != 0);
        assertEquals(0, features & VirtioBlk.F_RO);
        assertTrue((driver(new MemoryDisk(disk(), true, "ro")).mmio.offeredFeatures() & VirtioBlk.F_RO) != 0);
    }

    @Test
    void readsSectorsAcrossSeveralDataDescriptors() {
        byte[] bytes = disk();
        TestDriver d = driver(new MemoryDisk(bytes, false, "d"));
        long h = d.put(header(VirtioBlk.T_IN, 3));
        long a = d.alloc(700), b = d.alloc(324), status = d.alloc(1);
        d.submit(0, Seg.in(h, 16), Seg.out(a, 700), Seg.out(b, 324), Seg.out(status, 1));
        assertEquals(0, d.get(status, 1)[0]);
        byte[] want = java.util.Arrays.copyOfRange(bytes, 3 * 512, 5 * 512);
        byte[] got = new byte[1024];
        System.arraycopy(d.get(a, 700), 0, got, 0, 700);
        System.arraycopy(d.get(b, 324), 0, got, 700, 324);
        assertArrayEquals(want, got);
        assertEquals(1025, d.usedLen(0, 0));
    }

    @Test
    void writeThenReadBack() {
        byte[] bytes = disk();
        MemoryDisk disk = new MemoryDisk(bytes, false, "d");
        TestDriver d = driver(disk);
        byte[] data = new byte[512];
        java.util.Arrays.fill(data, (byte) 0x5a);
        assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_OUT, 7, d.put(data), 512, false));
        assertEquals(1, d.usedLen(0, 0));
        long back = d.alloc(512);
        assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_IN, 7, back, 512, true));
        assertArrayEquals(data, d.get(back, 512));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(bytes, 7 * 512, 8 * 512));
        VirtioBlkMetrics m = ((VirtioBlk) d.mmio.device()).metrics();
        assertEquals(2, m.requests());
        assertEquals(512, m.bytesWritten());
        assertEquals(512, m.bytesRead());
    }

    @Test
    void flushGetIdAndUnknownRequests() {
        TestDriver d = driver(new MemoryDisk(disk(), false, "a-rather-long-disk-name.img"));
        assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_FLUSH, 0, 0, 0, false));
        long id = d.alloc(20);
        assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_GET_ID, 0, id, 20, true));
        assertEquals("a-rather-long-disk-n", new String(d.get(id, 20)));
        assertEquals(VirtioBlk.S_UNSUPP, request(d, 99, 0, 0, 0, false));
        VirtioBlkMetrics m = ((VirtioBlk) d.mmio.device()).metrics();
        assertEquals(1, m.flushes());
        assertEquals(1, m.getIds());
        assertEquals(1, m.unsupported());
    }

    @Test
    void badRequestsAnswerIoerrAndTouchNothing() {
        byte[] bytes = disk();
        byte[] copy = bytes.clone();
        TestDriver d = driver(new MemoryDisk(bytes, false, "d"));
        assertEquals(VirtioBlk.S_IOERR, request(d, VirtioBlk.T_IN, SECTORS, d.alloc(512), 512, true));   // past the end
        assertEquals(VirtioBlk.S_IOERR, request(d, VirtioBlk.T_IN, SECTORS - 1, d.alloc(1024), 1024, true));
        assertEquals(VirtioBlk.S_IOERR, request(d, VirtioBlk.T_IN, -1L, d.alloc(512), 512, true));   // huge sector
        assertEquals(VirtioBlk.S_IOERR, request(d, VirtioBlk.T_OUT, 0, d.alloc(100), 100, false));   // partial sector
        assertEquals(VirtioBlk.S_IOERR, request(d, VirtioBlk.T_OUT, Long.MAX_VALUE / 256, d.alloc(512), 512, false));
        assertArrayEquals(copy, bytes);
        assertFalse(d.needsReset());
    }

    @Test
    void aReadOnlyDiskRefusesWrites() {
        byte[] bytes = disk();
        TestDriver d = driver(new MemoryDisk(bytes, true, "ro"));
        assertEquals(VirtioBlk.S_IOERR, request(d, VirtioBlk.T_OUT, 0, d.alloc(512), 512, false));
        assertEquals(disk()[0], bytes[0]);
    }

    @Test
    void aRequestWithoutHeaderOrStatusNeedsReset() {
        TestDriver d = driver(new MemoryDisk(disk(), false, "d"));
        d.submit(0, Seg.in(d.put(header(0, 0)), 16));                   // no status byte
        assertTrue(d.needsReset());
        TestDriver e = driver(new MemoryDisk(disk(), false, "d"));
        e.submit(0, Seg.in(e.alloc(8), 8), Seg.out(e.alloc(1), 1));    // short header
        assertTrue(e.needsReset());
    }

    @Test
    void copyOnWriteKeepsTheBaseFileUnchanged(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("base.img");
        byte[] original = disk();
        Files.write(image, original);
        CopyOnWriteDisk cow = new CopyOnWriteDisk(FileDisk.open(image, false));
        try (cow) {
            TestDriver d = driver(cow);
            byte[] data = new byte[1024];
            java.util.Arrays.fill(data, (byte) 0x77);
            assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_OUT, 10, d.put(data), 1024, false));
            long back = d.alloc(1536);
            assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_IN, 9, back, 1536, true));
            byte[] got = d.get(back, 1536);
            assertArrayEquals(java.util.Arrays.copyOfRange(original, 9 * 512, 10 * 512), java.util.Arrays.copyOfRange(got, 0, 512));
            assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 512, 1536));
            assertEquals(2, cow.overlaySectors());
            assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_FLUSH, 0, 0, 0, false));
        }
        assertArrayEquals(original, Files.readAllBytes(image));
    }

    @Test
    void copyOnWriteHandlesPartialSectorWrites() throws Exception {
        byte[] base = disk();
        CopyOnWriteDisk cow = new CopyOnWriteDisk(new MemoryDisk(base.clone(), true, "b"));
        cow.write(600, new byte[] {1, 2, 3}, 0, 3);
        byte[] got = new byte[1024];
        cow.read(0, got, 0, 1024);
        byte[] want = java.util.Arrays.copyOf(base, 1024);
        want[600] = 1;
        want[601] = 2;
        want[602] = 3;
        assertArrayEquals(want, got);
        assertEquals(1, cow.overlaySectors());
    }

    @Test
    void aWritableFileDiskWritesThrough(@TempDir Path dir) throws Exception {
        Path image = dir.resolve("rw.img");
        Files.write(image, disk());
        try (FileDisk file = FileDisk.open(image, true)) {
            TestDriver d = driver(file);
            assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_OUT, 1, d.put(new byte[512]), 512, false));
            assertEquals(VirtioBlk.S_OK, request(d, VirtioBlk.T_FLUSH, 0, 0, 0, false));
        }
        byte[] after = Files.readAllBytes(image);
        for (int i = 512; i < 1024; i++) assertEquals(0, after[i]);
        assertEquals(disk()[0], after[0]);
    }

    @Test
    void stateRecordsTheGeometryAndRefusesAnotherDisk() {
        VirtioBlk blk = new VirtioBlk(new MemoryDisk(disk(), false, "d"));
        VirtioBlkState s = blk.save();
        assertEquals(new VirtioBlkState(SECTORS, false), s);
        new VirtioBlk(s, new MemoryDisk(disk(), false, "same"));
        assertThrows(IllegalArgumentException.class, () -> new VirtioBlk(s, new MemoryDisk(new byte[512], false, "small")));
    }
}
