package org.virtlab.engine.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;

/** The physical address space: RAM, ROMs and device regions, and who answers an address. */
class BusTest {
    static final long DRAM = 0x8000_0000L;

    final Ram ram = new Ram(DRAM, 1 << 20);
    final Bus bus = new Bus(ram);

    /** A device that answers every read with a fixed value and records writes. */
    static final class FixedDevice implements MmioDevice {
        final long value;
        final List<long[]> writes = new ArrayList<>();

        FixedDevice(long value) {
            this.value = value;
        }

        @Override
        public long read(long offset, int size) {
            return value;
        }

        @Override
        public void write(long offset, int size, long v) {
            writes.add(new long[] {offset, size, v});
        }
    }

    @Test
    void overlappingDevicesAreRefusedNamingBoth() {
        bus.map("uart", 0x1000_0000L, 0x100, new FixedDevice(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> bus.map("virtio", 0x1000_00F8L, 0x1000, new FixedDevice(0)));
        assertTrue(e.getMessage().contains("virtio"), e.getMessage());
        assertTrue(e.getMessage().contains("uart"), e.getMessage());
        assertEquals(1, bus.regions().size());
        bus.map("adjacent", 0x1000_0100L, 0x100, new FixedDevice(0));    // touching is not overlapping
        assertEquals(2, bus.regions().size());
    }

    @Test
    void devicesAreReachedWithOffsetsFromTheirBase() {
        FixedDevice dev = new FixedDevice(0x42);
        bus.map("dev", 0x1000_0000L, 0x100, dev);
        assertEquals(0x42, bus.read(0x1000_0010L, 4));
        bus.write(0x1000_0018L, 2, 0xABCD);
        assertEquals(1, dev.writes.size());
        assertEquals(0x18, dev.writes.get(0)[0]);
        assertEquals(2, dev.writes.get(0)[1]);
        assertEquals(0xABCD, dev.writes.get(0)[2]);
        assertTrue(bus.isMapped(0x1000_00FFL, 1));
        assertFalse(bus.isMapped(0x1000_0100L, 1));
        assertNull(bus.deviceAt(0x0FFF_FFFFL));
    }

    @Test
    void deviceOverRamTakesPrecedence() {
        ram.write(DRAM + 0x1000, 8, 0x1111);
        FixedDevice dev = new FixedDevice(0x2222);
        bus.map("htif", DRAM + 0x1000, 8, dev);
        assertEquals(0x2222, bus.read(DRAM + 0x1000, 8));
        bus.write(DRAM + 0x1000, 8, 0x3333);
        assertEquals(1, dev.writes.size());
        assertEquals(0x1111, ram.read(DRAM + 0x1000, 8), "the RAM underneath is not written");
        assertEquals(0, bus.read(DRAM + 0x1008, 8), "the rest of the page is still RAM");
    }

    @Test
    void pageUnderADeviceIsNotPlainRam() {
        bus.map("htif", DRAM + 0x1FF8, 8, new FixedDevice(0));
        assertTrue(bus.isPlainRamPage(DRAM));
        assertFalse(bus.isPlainRamPage(DRAM + 0x1000));
        assertFalse(bus.isPlainRamPage(DRAM + 0x1000 + 5), "any address in the page");
        assertTrue(bus.isPlainRamPage(DRAM + 0x2000));
        assertFalse(bus.isPlainRamPage(0x1000), "nothing there");
        assertFalse(bus.isPlainRamPage(DRAM + (1 << 20)), "just past RAM");
    }

    @Test
    void unmappedAccessesReadZeroAndDropWrites() {
        assertFalse(bus.isMapped(0x4000, 4));
        assertEquals(0, bus.read(0x4000, 4));
        bus.write(0x4000, 4, 1);
        assertEquals(0, ram.allocatedPages());
    }

    @Test
    void romIsReadOnlyAndPaddedToPages() {
        byte[] contents = {1, 2, 3, 4, 5};
        Ram rom = bus.mapRom("mrom", 0x1000, contents);
        assertTrue(rom.isReadOnly());
        assertEquals(RamPage.SIZE, rom.size());
        assertSame(rom, bus.memoryAt(0x1000, 4));
        assertEquals(0x0403_0201L, bus.read(0x1000, 4));
        bus.write(0x1000, 4, 0xFFFF_FFFFL);
        assertEquals(0x0403_0201L, bus.read(0x1000, 4), "stores to ROM are ignored");
        assertTrue(bus.isPlainRamPage(0x1000));
        assertTrue(bus.isMapped(0x1FFC, 4));
        assertFalse(bus.isMapped(0x2000, 1));
    }

    @Test
    void romOverlappingRamOrADeviceIsRefused() {
        IllegalArgumentException inside = assertThrows(IllegalArgumentException.class,
                () -> bus.mapRom("boot", DRAM + 0x1000, new byte[16]));
        assertTrue(inside.getMessage().contains("boot") && inside.getMessage().contains("RAM"), inside.getMessage());
        assertThrows(IllegalArgumentException.class, () -> bus.mapRom("straddle", DRAM - 0x1000, new byte[0x1001]));
        bus.map("dev", 0x2000, 0x10, new FixedDevice(0));
        IllegalArgumentException dev = assertThrows(IllegalArgumentException.class,
                () -> bus.mapRom("rom", 0x2000, new byte[4]));
        assertTrue(dev.getMessage().contains("dev"), dev.getMessage());
        bus.mapRom("below", DRAM - 0x1000, new byte[0x1000]);           // ends exactly where RAM starts
    }

    /** A guest store to ROM does nothing and raises nothing, as on QEMU's MROM. */
    @Test
    void guestStoresToRomAreIgnored() {
        Machine m = new Machine(MachineConfig.builder().memoryMiB(1).build());
        m.bus().mapRom("mrom", 0x1000, new byte[] {0x11, 0x22, 0x33, 0x44});
        int[] program = {
            0x0062B023,     // sd  x6, 0(x5)
            0x0002B383,     // ld  x7, 0(x5)
            0x10500073,     // wfi
        };
        for (int i = 0; i < program.length; i++) m.ram().write(DRAM + 4L * i, 4, program[i]);
        m.hart(0).setX(5, 0x1000);
        m.hart(0).setX(6, -1L);
        RunResult r = m.run(1000);
        assertEquals(StopReason.WAITING, r.reason());
        assertEquals(0x4433_2211L, m.hart(0).x(7));
        assertEquals(0, m.hart(0).readCsr(CsrNames.MCAUSE), "no trap");
        assertEquals(DRAM + 12, m.hart(0).pc());
    }
}
