package org.virtlab.engine.devices.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.devices.virtio.VirtioMmio.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.devices.GuestGarbage;
import org.virtlab.engine.devices.virtio.TestDriver.Seg;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.devices.virtio.blk.VirtioBlk;
import org.virtlab.engine.devices.virtio.console.VirtioConsole;
import org.virtlab.engine.devices.virtio.rng.VirtioRng;

/**
 * What a buggy or hostile driver can do to the virtqueue core: every case ends in
 * DEVICE_NEEDS_RESET (or is simply ignored), never in an exception, and nothing outside the
 * driver's own writable buffers changes. (RAM is a small array: a DMA access outside it would
 * throw, so "no exception" also proves "no access outside RAM".)
 */
class VirtqueueHostileTest {

    private final EchoDevice echo = new EchoDevice();

    private TestDriver driver(long features) {
        return new TestDriver(echo, false).ready(features, 1, 8);
    }

    private static void assertFault(TestDriver d) {
        assertTrue(d.needsReset(), "DEVICE_NEEDS_RESET expected");
        assertEquals(0, d.usedIdx(0), "nothing may be used");
        assertTrue(d.mmio.metrics().lastFault() != null);
    }

    @Test
    void aBufferOutsideRamNeedsReset() {
        TestDriver d = driver(0);
        d.submit(0, Seg.out(0x1000_0000L, 16));                        // the UART's address
        assertFault(d);
    }

    @Test
    void aBufferRunningOffTheEndOfRamNeedsReset() {
        TestDriver d = driver(0);
        d.submit(0, Seg.out(TestDriver.RAM_BASE + TestDriver.RAM_SIZE - 8, 16));
        assertFault(d);
    }

    @Test
    void anOversizedLengthNeedsReset() {
        TestDriver d = driver(0);
        d.submit(0, Seg.in(d.alloc(16), 0xffff_fff0), Seg.out(d.alloc(16), 16));
        assertFault(d);
    }

    @Test
    void aWrappingAddressNeedsReset() {
        TestDriver d = driver(0);
        d.submit(0, Seg.out(-8L, 16));
        assertFault(d);
    }

    @Test
    void aDescriptorLoopIsCutAtTheQueueSize() {
        TestDriver d = driver(0);
        long buf = d.alloc(16);
        long table = TestDriver.descAddr(0);
        d.desc(table, 0, buf, 4, Virtqueue.DESC_F_NEXT | Virtqueue.DESC_F_WRITE, 1);
        d.desc(table, 1, buf, 4, Virtqueue.DESC_F_NEXT | Virtqueue.DESC_F_WRITE, 0);
        d.offer(0, 0);
        d.notify(0);
        assertFault(d);
        assertTrue(d.mmio.metrics().lastFault().contains("loop"), d.mmio.metrics().lastFault());
    }

    @Test
    void aLoopInsideAnIndirectTableNeedsReset() {
        TestDriver d = driver(F_RING_INDIRECT_DESC);
        long table = d.alloc(32);
        d.desc(table, 0, d.alloc(4), 4, Virtqueue.DESC_F_NEXT | Virtqueue.DESC_F_WRITE, 1);
        d.desc(table, 1, d.alloc(4), 4, Virtqueue.DESC_F_NEXT | Virtqueue.DESC_F_WRITE, 0);
        d.desc(TestDriver.descAddr(0), 0, table, 32, Virtqueue.DESC_F_INDIRECT, 0);
        d.offer(0, 0);
        d.notify(0);
        assertFault(d);
    }

    @Test
    void nestedOrMisshapenIndirectTablesNeedReset() {
        for (int variant = 0; variant < 5; variant++) {
            TestDriver d = driver(F_RING_INDIRECT_DESC);
            long table = d.alloc(64);
            d.desc(table, 0, d.alloc(16), 16, Virtqueue.DESC_F_INDIRECT, 0);  // nested
            long head = TestDriver.descAddr(0);
            switch (variant) {
                case 0 -> d.desc(head, 0, table, 16, Virtqueue.DESC_F_INDIRECT, 0);
                case 1 -> d.desc(head, 0, table, 24, Virtqueue.DESC_F_INDIRECT, 0);                  // not 16k
                case 2 -> d.desc(head, 0, table, 0, Virtqueue.DESC_F_INDIRECT, 0);                   // empty
                case 3 -> d.desc(head, 0, 0x1000_0000L, 16, Virtqueue.DESC_F_INDIRECT, 0);          // outside RAM
                default -> d.desc(head, 0, table, 16, Virtqueue.DESC_F_INDIRECT | Virtqueue.DESC_F_NEXT, 1);
            }
            d.offer(0, 0);
            d.notify(0);
            assertFault(d);
        }
    }

    @Test
    void aHeadOrNextBeyondTheQueueNeedsReset() {
        TestDriver d = driver(0);
        d.offer(0, 8);
        d.notify(0);
        assertFault(d);

        TestDriver e = driver(0);
        e.desc(TestDriver.descAddr(0), 0, e.alloc(4), 4, Virtqueue.DESC_F_NEXT | Virtqueue.DESC_F_WRITE, 9);
        e.offer(0, 0);
        e.notify(0);
        assertFault(e);
    }

    @Test
    void anAvailableIndexRunningAheadOfTheQueueNeedsReset() {
        TestDriver d = driver(0);
        d.ram.write(TestDriver.availAddr(0) + 2, 2, 9);
        d.notify(0);
        assertFault(d);
    }

    @Test
    void readableAfterWritableNeedsReset() {
        TestDriver d = driver(0);
        d.submit(0, Seg.out(d.alloc(4), 4), Seg.in(d.alloc(4), 4));
        assertFault(d);
    }

    @Test
    void afterNeedsResetNothingIsServedUntilReset() {
        TestDriver d = driver(0);
        d.submit(0, Seg.out(0x10L, 4));
        assertTrue(d.needsReset());
        d.reg(STATUS, d.reg(STATUS) & ~STATUS_NEEDS_RESET);            // the driver cannot clear it
        assertTrue(d.needsReset());
        long out = d.alloc(4);
        d.submit(0, Seg.out(out, 4));
        assertEquals(0, d.usedIdx(0));
        d.reg(STATUS, 0);
        assertFalse(d.needsReset());
    }

    @Test
    void deviceWritesStayInsideTheWritableBuffers() {
        TestDriver d = driver(0);
        byte[] before = d.get(TestDriver.RAM_BASE, (int) TestDriver.RAM_SIZE);
        long in = d.put(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        long out = d.alloc(4);
        before = d.get(TestDriver.RAM_BASE, (int) TestDriver.RAM_SIZE);
        d.submit(0, Seg.in(in, 8), Seg.out(out, 4));
        byte[] after = d.get(TestDriver.RAM_BASE, (int) TestDriver.RAM_SIZE);
        for (int i = 0; i < after.length; i++) {
            long a = TestDriver.RAM_BASE + i;
            boolean mayChange = (a >= out && a < out + 4) || (a >= TestDriver.descAddr(0) && a < TestDriver.descAddr(0) + 0x3000);
            if (!mayChange) assertEquals(before[i], after[i], "byte at 0x" + Long.toHexString(a));
        }
        assertArrayEquals(new byte[] {1, 2, 3, 4}, d.get(out, 4));
    }

    /** Random register writes, random ring contents, random notifications: never an exception. */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void randomDriversNeverMakeTheDeviceThrow(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        VirtioDevice[] devices = {new EchoDevice(), new VirtioBlk(new MemoryDisk(new byte[64 * 512], false, "d")),
                new VirtioConsole(b -> { }), new VirtioRng(seed)};
        for (VirtioDevice device : devices) {
            for (boolean legacy : new boolean[] {false, true}) {
                TestDriver d = new TestDriver(device, legacy);
                if (device instanceof VirtioConsole c) c.receive(new byte[100], 0, 100);
                d.ready(F_RING_INDIRECT_DESC | F_RING_EVENT_IDX, device.queueCount(), 8);
                for (int round = 0; round < 300; round++) {
                    // Scribble on the rings and descriptors: small values, RAM addresses, and garbage.
                    int q = rnd.nextInt(device.queueCount());
                    for (int k = 0; k < 8; k++) {
                        long at = TestDriver.descAddr(q) + rnd.nextInt(0x3000);
                        long v = switch (rnd.nextInt(4)) {
                            case 0 -> rnd.nextInt(16);
                            case 1 -> TestDriver.BUFFERS + rnd.nextInt(0x1000);
                            case 2 -> rnd.nextLong();
                            default -> rnd.nextInt(3) | (rnd.nextInt(8) << 16);
                        };
                        d.ram.write(at & ~7L, 8, v);
                    }
                    if (rnd.nextInt(4) == 0) d.offer(q, rnd.nextInt(10));
                    d.notify(q);
                    d.mmio.advanceTo(round);
                    if (rnd.nextInt(20) == 0) GuestGarbage.hammer(d.mmio, REGION_SIZE, rnd.nextLong(), 50);
                    if (d.needsReset() || rnd.nextInt(50) == 0)
                        d.ready(F_RING_INDIRECT_DESC | F_RING_EVENT_IDX, device.queueCount(), 8);
                }
            }
        }
    }

    @Test
    void randomRegisterAccessesNeverThrow() {
        for (long seed = 0; seed < 20; seed++) {
            TestDriver d = new TestDriver(echo, seed % 2 == 0);
            GuestGarbage.hammer(d.mmio, REGION_SIZE, seed, 5000);
            d.mmio.advanceTo(seed);
        }
    }
}
