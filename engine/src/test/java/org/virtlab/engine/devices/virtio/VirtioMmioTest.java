package org.virtlab.engine.devices.virtio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.devices.virtio.VirtioMmio.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.devices.virtio.TestDriver.Seg;

/** The virtio-mmio transport's registers (virtio 1.x, 4.2.2 and legacy 4.2.4), negotiation, interrupts, reset. */
class VirtioMmioTest {

    private final EchoDevice echo = new EchoDevice();

    private TestDriver modern() { return new TestDriver(echo, false); }

    @Test
    void identityRegistersOfAModernDevice() {
        TestDriver d = modern();
        assertEquals(0x74726976L, d.reg(MAGIC_VALUE));
        assertEquals(2, d.reg(VERSION));
        assertEquals(42, d.reg(DEVICE_ID));
        assertEquals(0x554d4551L, d.reg(VENDOR_ID));
        d.reg(DEVICE_FEATURES_SEL, 0);
        assertEquals(1 | (1L << 28) | (1L << 29), d.reg(DEVICE_FEATURES));
        d.reg(DEVICE_FEATURES_SEL, 1);
        assertEquals(1, d.reg(DEVICE_FEATURES));                       // VIRTIO_F_VERSION_1 = bit 32
        d.reg(DEVICE_FEATURES_SEL, 2);
        assertEquals(0, d.reg(DEVICE_FEATURES));
        assertEquals(0xffff_ffffL, d.reg(SHM_LEN_LOW));
        assertEquals(0, d.reg(CONFIG_GENERATION));
    }

    @Test
    void deviceConfigurationSpaceAtAnySize() {
        TestDriver d = modern();
        assertEquals(0x88, d.mmio.read(CONFIG, 1));
        assertEquals(0x7788, d.mmio.read(CONFIG, 2));
        assertEquals(0x5566_7788L, d.mmio.read(CONFIG, 4));
        assertEquals(0x1122_3344_5566_7788L, d.mmio.read(CONFIG, 8));
    }

    @ParameterizedTest(name = "size {0}")
    @ValueSource(ints = {1, 2, 8})
    void registersTakeOnly32BitAccesses(int size) {
        TestDriver d = modern();
        assertEquals(0, d.mmio.read(MAGIC_VALUE, size));
        d.mmio.write(STATUS, size, STATUS_ACKNOWLEDGE);
        assertEquals(0, d.reg(STATUS));
        assertEquals(0, d.mmio.read(MAGIC_VALUE + 1, 4));             // misaligned
    }

    @Test
    void featuresOkNeedsVersion1AndOnlyOfferedBits() {
        TestDriver d = modern();
        assertEquals(0, d.negotiate(1) & STATUS_FEATURES_OK);          // no VERSION_1
        assertEquals(0, d.negotiate(F_VERSION_1 | (1L << 5)) & STATUS_FEATURES_OK);   // bit 5 not offered
        assertEquals(STATUS_FEATURES_OK, d.negotiate(F_VERSION_1 | 1 | F_RING_EVENT_IDX) & STATUS_FEATURES_OK);
        d.reg(DRIVER_FEATURES_SEL, 0);
        d.reg(DRIVER_FEATURES, 0);                                      // too late: ignored
        assertEquals(F_VERSION_1 | 1 | F_RING_EVENT_IDX, d.mmio.negotiatedFeatures());
        d.driverOk();
        assertEquals(F_VERSION_1 | 1 | F_RING_EVENT_IDX, echo.activated);
    }

    @Test
    void queueRegistersReadBackAndFreezeWhileReady() {
        TestDriver d = modern();
        d.negotiate(F_VERSION_1);
        d.reg(QUEUE_SEL, 0);
        assertEquals(16, d.reg(QUEUE_NUM_MAX));
        assertEquals(0, d.reg(QUEUE_READY));
        d.setupQueue(0, 8);
        assertEquals(1, d.reg(QUEUE_READY));
        assertEquals(TestDriver.descAddr(0), d.reg(QUEUE_DESC_LOW));
        assertEquals(0, d.reg(QUEUE_DESC_HIGH));
        assertEquals(TestDriver.availAddr(0), d.reg(QUEUE_DRIVER_LOW));
        assertEquals(TestDriver.usedAddr(0), d.reg(QUEUE_DEVICE_LOW));
        d.reg(QUEUE_DESC_LOW, 0x1234_0000L);                             // live queue: ignored
        assertEquals(TestDriver.descAddr(0), d.reg(QUEUE_DESC_LOW));
        d.reg(QUEUE_READY, 0);
        assertEquals(0, d.reg(QUEUE_READY));
        d.reg(QUEUE_SEL, 1);                                             // no such queue
        assertEquals(0, d.reg(QUEUE_NUM_MAX));
        d.reg(QUEUE_READY, 1);
        assertEquals(0, d.reg(QUEUE_READY));
    }

    @Test
    void aQueueWithABadSizeOrRingsOutsideRamNeedsReset() {
        TestDriver d = modern();
        d.negotiate(F_VERSION_1);
        d.reg(QUEUE_SEL, 0);
        d.reg(QUEUE_NUM, 6);                                             // not a power of two
        d.reg(QUEUE_READY, 1);
        assertTrue(d.needsReset());
        assertEquals(0, d.reg(QUEUE_READY));

        d.negotiate(F_VERSION_1);                                        // negotiate resets first
        assertFalse(d.needsReset());
        d.reg(QUEUE_NUM, 8);
        d.reg(QUEUE_DEVICE_LOW, 0x1000_0000L);                          // the UART, not RAM
        d.reg(QUEUE_READY, 1);
        assertTrue(d.needsReset());
    }

    @Test
    void directChainRoundTripRaisesAndAcksTheInterrupt() {
        TestDriver d = modern().ready(0, 1, 8);
        long in = d.put("hello, virtio".getBytes());
        long out = d.alloc(64);
        int head = d.submit(0, Seg.in(in, 5), Seg.in(in + 5, 8), Seg.out(out, 4), Seg.out(out + 4, 60));
        assertEquals(1, d.usedIdx(0));
        assertEquals(head, d.usedId(0, 0));
        assertEquals(13, d.usedLen(0, 0));
        assertEquals(4, echo.lastDescriptors);
        assertArrayEquals("hello, virtio".getBytes(), d.get(out, 13));
        assertEquals(0, d.get(out + 13, 1)[0]);
        assertTrue(d.irq.level);
        assertEquals(INT_USED_BUFFER, d.reg(INTERRUPT_STATUS));
        d.ack();
        assertFalse(d.irq.level);
        assertEquals(0, d.reg(INTERRUPT_STATUS));
    }

    @Test
    void indirectDescriptorsAreFollowedWhenNegotiated() {
        TestDriver d = modern().ready(F_RING_INDIRECT_DESC, 1, 8);
        long in = d.put(new byte[] {1, 2, 3, 4, 5, 6});
        long out = d.alloc(16);
        long table = d.alloc(3 * 16);
        d.desc(table, 0, in, 2, Virtqueue.DESC_F_NEXT, 2);             // table order is by next, not position
        d.desc(table, 2, in + 2, 4, Virtqueue.DESC_F_NEXT, 1);
        d.desc(table, 1, out, 16, Virtqueue.DESC_F_WRITE, 0);
        d.desc(TestDriver.descAddr(0), 0, table, 48, Virtqueue.DESC_F_INDIRECT, 0);
        d.offer(0, 0);
        d.notify(0);
        assertEquals(1, d.usedIdx(0));
        assertEquals(6, d.usedLen(0, 0));
        assertEquals(3, echo.lastDescriptors);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6}, d.get(out, 6));
        assertFalse(d.needsReset());
    }

    @Test
    void indirectWithoutTheFeatureNeedsReset() {
        TestDriver d = modern().ready(0, 1, 8);
        long table = d.alloc(16);
        d.desc(table, 0, d.alloc(8), 8, Virtqueue.DESC_F_WRITE, 0);
        d.desc(TestDriver.descAddr(0), 0, table, 16, Virtqueue.DESC_F_INDIRECT, 0);
        d.offer(0, 0);
        d.notify(0);
        assertTrue(d.needsReset());
        assertEquals(0, d.usedIdx(0));
        assertEquals(INT_CONFIG_CHANGE, d.reg(INTERRUPT_STATUS));      // 2.1.2: tell a DRIVER_OK driver
        assertTrue(d.irq.level);
    }

    @Test
    void noInterruptFlagSuppressesInterruptsWithoutEventIdx() {
        TestDriver d = modern().ready(0, 1, 8);
        d.availFlags(0, Virtqueue.AVAIL_F_NO_INTERRUPT);
        d.submit(0, Seg.out(d.alloc(4), 4));
        assertEquals(1, d.usedIdx(0));
        assertFalse(d.irq.level);
        d.availFlags(0, 0);
        d.submit(0, Seg.out(d.alloc(4), 4));
        assertTrue(d.irq.level);
    }

    @Test
    void eventIdxInterruptsOnlyWhenTheUsedIndexPassesUsedEvent() {
        TestDriver d = modern().ready(F_RING_EVENT_IDX, 1, 8);
        d.usedEvent(0, 2);                                                // interrupt when entry 2 is used (idx -> 3)
        d.submit(0, Seg.out(d.alloc(4), 4));
        assertEquals(1, d.availEvent(0));                                // avail_event = next avail index wanted
        assertFalse(d.irq.level);
        d.submit(0, Seg.out(d.alloc(4), 4));
        assertFalse(d.irq.level);
        d.submit(0, Seg.out(d.alloc(4), 4));
        assertTrue(d.irq.level);
        assertEquals(3, d.availEvent(0));
        d.ack();
        // Two buffers in one notification that jump over used_event still interrupt.
        d.usedEvent(0, 3);
        d.offer(0, d.chain(0, Seg.out(d.alloc(4), 4)));
        d.offer(0, d.chain(0, Seg.out(d.alloc(4), 4)));
        d.notify(0);
        assertEquals(5, d.usedIdx(0));
        assertTrue(d.irq.level);
    }

    @Test
    void writingZeroToStatusResetsEverything() {
        TestDriver d = modern().ready(F_RING_EVENT_IDX, 1, 8);
        d.submit(0, Seg.out(d.alloc(4), 4));
        assertTrue(d.irq.level);
        int resetsBefore = echo.resets;
        d.reg(STATUS, 0);
        assertEquals(0, d.reg(STATUS));
        assertEquals(0, d.reg(INTERRUPT_STATUS));
        assertFalse(d.irq.level);
        assertEquals(0, d.reg(QUEUE_READY));
        assertEquals(0, d.mmio.negotiatedFeatures());
        assertEquals(resetsBefore + 1, echo.resets);
    }

    @Test
    void notificationsBeforeDriverOkOrForUnreadyQueuesAreIgnored() {
        TestDriver d = modern();
        d.negotiate(F_VERSION_1);
        d.setupQueue(0, 8);
        d.offer(0, d.chain(0, Seg.out(d.alloc(4), 4)));
        d.notify(0);
        assertEquals(0, d.usedIdx(0));
        d.driverOk();
        d.notify(7);
        assertEquals(0, d.usedIdx(0));
        d.notify(0);
        assertEquals(1, d.usedIdx(0));
    }

    @Test
    void legacyTransportPlacesRingsFromAPageFrameNumber() {
        TestDriver d = new TestDriver(echo, true);
        assertEquals(1, d.reg(VERSION));
        d.reg(DEVICE_FEATURES_SEL, 1);
        assertEquals(0, d.reg(DEVICE_FEATURES));                        // no VERSION_1 in legacy
        d.ready(F_RING_EVENT_IDX, 1, 8);
        d.reg(QUEUE_SEL, 0);
        assertEquals(TestDriver.descAddr(0) >>> 12, d.reg(QUEUE_PFN));
        assertEquals(0, d.reg(QUEUE_READY));                            // not a legacy register
        assertEquals(0, d.reg(CONFIG_GENERATION));
        long in = d.put(new byte[] {9, 8, 7});
        long out = d.alloc(3);
        d.submit(0, Seg.in(in, 3), Seg.out(out, 3));
        assertEquals(1, d.usedIdx(0));
        assertArrayEquals(new byte[] {9, 8, 7}, d.get(out, 3));
        assertTrue(d.irq.level);
        d.reg(QUEUE_PFN, 0);                                             // the driver stops using the queue
        d.offer(0, d.chain(0, Seg.out(d.alloc(4), 4)));
        d.notify(0);
        assertEquals(1, d.usedIdx(0));
    }

    @Test
    void legacyUsedRingFollowsQueueAlign() {
        TestDriver d = new TestDriver(echo, true);
        d.negotiate(0);
        d.reg(QUEUE_SEL, 0);
        d.reg(QUEUE_NUM, 16);
        d.reg(GUEST_PAGE_SIZE, 4096);
        d.reg(QUEUE_ALIGN, 3);                                           // not a power of two
        d.reg(QUEUE_PFN, TestDriver.descAddr(0) >>> 12);
        assertTrue(d.needsReset());
    }

    @Test
    void saveAndRestoreKeepTheQueuesGoing() {
        TestDriver d = modern().ready(0, 1, 8);
        d.submit(0, Seg.out(d.alloc(4), 4));
        VirtioMmioState saved = d.mmio.save();
        VirtioMmio copy = new VirtioMmio(saved, d.ram, echo, d.irq);
        assertEquals(saved, copy.save());
        assertEquals(d.reg(STATUS), copy.read(STATUS, 4));
    }

    @Test
    void anEmptySlotShowsDeviceIdZero() {
        VirtioMmio empty = VirtioMmio.empty(new TestDriver(echo, false).ram, false);
        assertEquals(MAGIC, empty.read(MAGIC_VALUE, 4));
        assertEquals(0, empty.read(DEVICE_ID, 4));
        assertEquals(0, empty.read(QUEUE_NUM_MAX, 4));
        empty.write(QUEUE_NOTIFY, 4, 0);
    }
}
