package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.board.VirtMemoryMap.*;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.devices.HartInterruptPins;
import org.virtlab.engine.devices.PowerControl;
import org.virtlab.engine.devices.RecordingPins;
import org.virtlab.engine.devices.virtio.VirtioMmio;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.devices.virtio.blk.VirtioBlk;
import org.virtlab.engine.hypervisor.GuestVirtioDriver.Seg;
import org.virtlab.engine.memory.Ram;

/**
 * A domain's virtual board, driven as the hypervisor drives it: guest-physical MMIO accesses,
 * interrupts into vCPU pins, time from an injected clock, DMA through the domain's RAM only.
 *
 * <pre>
 *   host RAM 0x8000_0000  neighbour below   0x8010_0000  this domain (guest 0x8000_0000, 1 MiB)
 *            0x8020_0000  neighbour above   0x8030_0000
 * </pre>
 */
class VirtualBoardTest {
    private static final long MIB = 1L << 20;
    private static final long HOST_BASE = 0x8000_0000L, SLICE = HOST_BASE + MIB;
    private static final int SECTORS = 8;

    private final Ram host = new Ram(HOST_BASE, 3 * MIB);
    private final DomainMemory memory = new DomainMemory(host, SLICE, MIB);
    private final RecordingPins pins = new RecordingPins();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<String> power = new ArrayList<>();
    private final long[] now = {0};
    private final byte[] disk = new byte[SECTORS * 512];

    VirtualBoardTest() {
        for (int i = 0; i < disk.length; i++) disk[i] = (byte) (i / 512 * 16 + i);
    }

    private static BoardConfig.Builder domain() {
        return BoardConfig.builder().harts(2).memoryBytes(MIB).noFirmware().kernel(new byte[] {0x6f, 0, 0, 0}, "k");
    }

    private VirtualBoard board(BoardConfig config) {
        return new VirtualBoard(config, memory, () -> now[0], pins, console::write, new PowerControl() {
            @Override public void powerOff(int exitCode) { power.add("off " + exitCode); }

            @Override public void reset() { power.add("reset"); }
        });
    }

    private VirtualBoard board() {
        return board(domain().disk(new MemoryDisk(disk, false, "disk")).build());
    }

    @Test
    void devicesSitAtTheVirtBoardAddresses() {
        VirtualBoard b = board();
        assertEquals("uart0", b.deviceName(UART0_BASE + 5));
        assertEquals("plic", b.deviceName(PLIC_BASE + 0x20_0004));
        assertEquals("clint", b.deviceName(CLINT_BASE + CLINT_MTIME_OFFSET));
        assertEquals("test", b.deviceName(TEST_BASE));
        assertEquals("rtc", b.deviceName(RTC_BASE));
        assertEquals("virtio0", b.deviceName(virtioBase(0)));
        assertEquals("virtio7", b.deviceName(virtioBase(7) + 0xfff));
        assertFalse(b.isDevice(DRAM_BASE), "RAM is not a device");
        assertFalse(b.isDevice(MROM_BASE), "a domain has no boot ROM");
        assertFalse(b.isDevice(UART0_BASE + UART0_SIZE));
        assertNull(b.deviceName(0));
        assertEquals(0, b.read(0x4000_0000L, 4), "no device reads 0");

        assertEquals(VirtioMmio.MAGIC, b.read(virtioBase(0), 4));
        assertEquals(VirtioBlk.DEVICE_ID, b.read(virtioBase(0) + VirtioMmio.DEVICE_ID, 4));
        assertEquals(4, b.read(virtioBase(1) + VirtioMmio.DEVICE_ID, 4), "entropy after the disk");
        assertEquals(VirtioMmio.MAGIC, b.read(virtioBase(7), 4));
        assertEquals(0, b.read(virtioBase(7) + VirtioMmio.DEVICE_ID, 4), "an empty slot answers device ID 0");
        assertEquals(2, b.virtio().size());
    }

    @Test
    void mismatchedMemoryIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> board(domain().memoryBytes(2 * MIB).build()));
    }

    @Test
    void uartOutputReachesTheDomainsConsoleAndIsCounted() {
        VirtualBoard b = board();
        for (byte c : "hi\n".getBytes()) b.write(UART0_BASE, 1, c);
        b.read(UART0_BASE + 5, 1);
        assertEquals("hi\n", console.toString());
        assertEquals(new VirtualBoard.MmioCount(1, 3), b.mmioCounts().get("uart0"));
        assertEquals(new VirtualBoard.MmioCount(0, 0), b.mmioCounts().get("plic"));
        assertEquals(List.of("test", "rtc", "clint", "plic", "uart0", "virtio0", "virtio1", "virtio2", "virtio3", "virtio4",
                "virtio5", "virtio6", "virtio7"), List.copyOf(b.mmioCounts().keySet()));
    }

    @Test
    void uartInputRaisesSeipOfTheVcpuWhosePlicContextEnablesIt() {
        VirtualBoard b = board();
        int vcpu = 1;
        int context = plicSupervisorContext(vcpu);                         // 2v + 1 = 3
        b.write(UART0_BASE + 1, 1, 1);                                     // IER: received data available
        b.receive(new byte[] {'x'}, 0, 1);
        b.advanceTo(0);
        assertTrue(b.plic().isPending(UART0_IRQ), "the UART's PLIC line is up");
        assertFalse(pins.level(vcpu, HartInterruptPins.SEIP), "not yet enabled");

        b.write(PLIC_BASE + 4L * UART0_IRQ, 4, 1);                        // priority 1
        b.write(PLIC_BASE + 0x2000 + 0x80L * context, 4, 1L << UART0_IRQ); // enable word 0 of context 3
        assertTrue(pins.level(vcpu, HartInterruptPins.SEIP));
        assertFalse(pins.level(vcpu, HartInterruptPins.MEIP), "context 2v is another pin");
        assertFalse(pins.level(0, HartInterruptPins.SEIP), "vCPU 0 did not enable it");

        assertEquals(UART0_IRQ, b.read(PLIC_BASE + 0x20_0004 + 0x1000L * context, 4), "claim");
        assertFalse(pins.level(vcpu, HartInterruptPins.SEIP), "claimed");
        assertEquals('x', b.read(UART0_BASE, 1));
    }

    @Test
    void mtimecmpOfVcpu1RaisesItsMtipWhenTimePassesTheDeadline() {
        VirtualBoard b = board();
        b.write(CLINT_BASE + CLINT_MTIMECMP_OFFSET + 8, 8, 1000);
        assertEquals(1000, b.nextDeadline());
        now[0] = 999;
        b.advanceTo(999);
        assertFalse(pins.level(1, HartInterruptPins.MTIP));
        now[0] = 1000;
        b.advanceTo(1000);
        assertTrue(pins.level(1, HartInterruptPins.MTIP));
        assertFalse(pins.level(0, HartInterruptPins.MTIP), "vCPU 0's comparator is still all ones");
        assertEquals(1000, b.read(CLINT_BASE + CLINT_MTIME_OFFSET, 8), "mtime is the injected machine time");
    }

    @Test
    void testFinisherCallsTheDomainsPowerControl() {
        VirtualBoard b = board();
        b.write(TEST_BASE, 4, (3 << 16) | 0x3333);
        b.write(TEST_BASE, 4, 0x7777);
        b.write(TEST_BASE, 4, 0x5555);
        assertEquals(List.of("off 3", "reset", "off 0"), power);
    }

    private static byte[] header(int type, long sector) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(0).putLong(sector).array();
    }

    @Test
    void virtioBlkReadsIntoTheDomainsOwnMemory() {
        VirtualBoard b = board();
        GuestVirtioDriver d = new GuestVirtioDriver(b, 0).ready();
        long h = d.put(header(VirtioBlk.T_IN, 2));
        long data = d.alloc(512);
        long status = d.put(new byte[] {(byte) 0xee});
        d.submit(new Seg(h, 16, false), new Seg(data, 512, true), new Seg(status, 1, true));

        assertEquals(1, d.usedIdx());
        assertFalse(d.needsReset());
        byte[] got = new byte[512];
        host.readBytes(SLICE + (data - DRAM_BASE), got, 0, 512);          // where the domain's page really is
        byte[] want = new byte[512];
        System.arraycopy(disk, 2 * 512, want, 0, 512);
        assertArrayEquals(want, got);
        assertEquals(0, host.read(SLICE + (status - DRAM_BASE), 1), "status OK");
        assertTrue(b.plic().isPending(virtioIrq(0)), "used-buffer interrupt on PLIC source 1");
    }

    /** Guest-physical addresses that are not the domain's: nothing, the host ranges around it, far away. */
    @ParameterizedTest
    @ValueSource(longs = {0x0L, HOST_BASE + 2 * MIB, HOST_BASE + MIB, HOST_BASE + MIB - 4096 + 2 * MIB, 1L << 40})
    void wildBufferAddressesAreRefusedAndHostMemoryOutsideIsUnchanged(long wild) {
        byte[][] before = fillNeighbours();
        VirtualBoard b = board();
        GuestVirtioDriver d = new GuestVirtioDriver(b, 0).ready();
        long h = d.put(header(VirtioBlk.T_IN, 1));
        long status = d.put(new byte[] {(byte) 0xee});
        d.submit(new Seg(h, 16, false), new Seg(wild, 512, true), new Seg(status, 1, true));

        assertTrue(d.needsReset(), "DEVICE_NEEDS_RESET, the virtio answer to a buffer outside RAM");
        assertEquals(0, d.usedIdx());
        assertNeighboursUnchanged(before);

        // A readable wild buffer (a disk write from memory outside the domain) is refused the same way.
        d = new GuestVirtioDriver(b, 0).ready();
        long out = d.put(header(VirtioBlk.T_OUT, 1));
        d.submit(new Seg(out, 16, false), new Seg(wild, 512, false), new Seg(status, 1, true));
        assertTrue(d.needsReset());
        assertArrayEquals(new byte[SECTORS * 512], zeroed(disk), "nothing was written to the disk");
        assertNeighboursUnchanged(before);
    }

    @ParameterizedTest
    @ValueSource(longs = {0x0L, HOST_BASE + 2 * MIB, HOST_BASE + MIB, 1L << 40})
    void wildRingAddressesAreRefused(long wild) {
        byte[][] before = fillNeighbours();
        VirtualBoard b = board();
        GuestVirtioDriver d = new GuestVirtioDriver(b, 0).ready(wild, GuestVirtioDriver.AVAIL, GuestVirtioDriver.USED);
        assertTrue(d.needsReset(), "a descriptor table outside the domain cannot go live");
        d = new GuestVirtioDriver(b, 0).ready(GuestVirtioDriver.DESC, GuestVirtioDriver.AVAIL, wild);
        assertTrue(d.needsReset(), "a used ring outside the domain cannot go live");
        assertNeighboursUnchanged(before);
    }

    /** Fills host RAM outside the domain with a pattern; returns a copy of it. */
    private byte[][] fillNeighbours() {
        byte[] below = new byte[(int) MIB], above = new byte[(int) MIB];
        for (int i = 0; i < below.length; i++) {
            below[i] = (byte) (i * 31 + 7);
            above[i] = (byte) (i * 17 + 3);
        }
        host.writeBytes(HOST_BASE, below, 0, below.length);
        host.writeBytes(HOST_BASE + 2 * MIB, above, 0, above.length);
        return new byte[][] {below, above};
    }

    private void assertNeighboursUnchanged(byte[][] before) {
        byte[] below = new byte[(int) MIB], above = new byte[(int) MIB];
        host.readBytes(HOST_BASE, below, 0, below.length);
        host.readBytes(HOST_BASE + 2 * MIB, above, 0, above.length);
        assertArrayEquals(before[0], below, "the neighbour below was touched");
        assertArrayEquals(before[1], above, "the neighbour above was touched");
    }

    /** The disk's changes: 0 where it still holds its original bytes. */
    private byte[] zeroed(byte[] now) {
        byte[] diff = new byte[now.length];
        for (int i = 0; i < now.length; i++) diff[i] = (byte) (now[i] - (byte) (i / 512 * 16 + i));
        return diff;
    }
}
