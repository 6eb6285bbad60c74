package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.fdt.DeviceTree;
import org.virtlab.engine.board.fdt.FdtReader;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.image.ImageException;
import org.virtlab.engine.memory.Ram;

/** A domain's images placed at guest-physical addresses in its slice of host RAM, with its own device tree. */
class DomainImageTest {
    private static final long MIB = 1L << 20;
    private static final long HOST_BASE = 0x8000_0000L;
    /** The domain: 4 MiB at host 0x8020_0000, guest 0x8000_0000. */
    private static final long SLICE = HOST_BASE + 2 * MIB, SIZE = 4 * MIB;

    private final Ram host = new Ram(HOST_BASE, 8 * MIB);
    private final GuestRam ram = new GuestRam(new DomainMemory(host, SLICE, SIZE));

    private static BoardConfig.Builder domain() {
        return BoardConfig.builder().harts(3).memoryBytes(SIZE).hExtension(false);
    }

    /** A minimal Linux Image header (RISC-V boot image header) whose image_size covers a bss. */
    private static byte[] linuxImage(int fileSize, long imageSize) {
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x0000006f);
        b.putLong(0x08, 0x200000);
        b.putLong(0x10, imageSize);
        b.putInt(0x20, 2);
        b.put(0x30, "RISCV\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        b.put(0x38, new byte[] {'R', 'S', 'C', 5});
        for (int i = 0x40; i < fileSize; i++) b.put(i, (byte) i);
        return b.array();
    }

    private byte[] hostBytes(long gpa, int n) {
        byte[] out = new byte[n];
        host.readBytes(SLICE + (gpa - 0x8000_0000L), out, 0, n);
        return out;
    }

    @Test
    void withoutFirmwareTheKernelStartsInMachineModeAtTheBaseOfTheDomain() {
        byte[] kernel = {0x6f, 0, 0, 0, 1, 2, 3, 4};
        DomainImage image = DomainImage.load(domain().noFirmware().kernel(kernel, "xv6").build(), ram);
        assertEquals(0x8000_0000L, image.kernelEntry());
        assertTrue(image.startsInMachineMode());
        assertArrayEquals(kernel, hostBytes(0x8000_0000L, kernel.length));
        assertEquals(0, host.read(HOST_BASE, 8), "nothing at the host's own 0x8000_0000");
    }

    @Test
    void withBuiltinFirmwareTheKernelIsEnteredInSupervisorModeAndItsBssIsZeroed() {
        byte[] kernel = linuxImage(8192, 64 * 1024);
        long bss = 0x8020_0000L + 8192;
        // Garbage where the bss will be, as a previous domain might have left.
        ram.writeBytes(bss, new byte[] {-1, -1, -1, -1}, 0, 4);
        ram.writeBytes(0x8020_0000L + 64 * 1024 - 4, new byte[] {-1, -1, -1, -1}, 0, 4);

        DomainImage image = DomainImage.load(domain().builtinFirmware().kernel(kernel, "Image").build(), ram);
        assertEquals(0x8020_0000L, image.kernelEntry());
        assertFalse(image.startsInMachineMode());
        assertArrayEquals(kernel, hostBytes(0x8020_0000L, kernel.length));
        assertEquals(0, host.read(SLICE + (bss - 0x8000_0000L), 4), "bss start zeroed");
        assertEquals(0, host.read(SLICE + 2 * MIB + 64 * 1024 - 4, 4), "bss end zeroed");
    }

    @Test
    void theDeviceTreeDescribesTheDomainsVirtualBoard() {
        byte[] initrd = new byte[5000];
        for (int i = 0; i < initrd.length; i++) initrd[i] = (byte) (i * 3);
        BoardConfig config = domain().builtinFirmware().kernel(linuxImage(4096, 4096), "Image").initrd(initrd, "initrd")
                .bootargs("console=ttyS0").disk(new MemoryDisk(new byte[4096], false, "d")).virtioConsole(true).build();
        DomainImage image = DomainImage.load(config, ram);

        assertTrue(image.fdtAddress() >= 0x8000_0000L && image.fdtAddress() < 0x8000_0000L + SIZE);
        assertEquals(image.layout().fdtAddress(), image.fdtAddress());
        byte[] blob = hostBytes(image.fdtAddress(), image.layout().dtb().length);
        DeviceTree dt = FdtReader.read(blob);
        assertArrayEquals(new int[] {0, 0x8000_0000, 0, (int) SIZE}, dt.find("/memory@80000000").cells("reg"),
                "the domain's memory, not the host's");
        for (int v = 0; v < 3; v++) assertNotNull(dt.find("/cpus/cpu@" + v), "vCPU " + v);
        assertNull(dt.find("/cpus/cpu@3"));
        assertEquals("rv64imac_zicsr_zifencei_zicntr_sstc", dt.find("/cpus/cpu@0").strings("riscv,isa").get(0));
        for (long slot = 0; slot < 3; slot++)
            assertNotNull(dt.find("/soc/virtio_mmio@" + Long.toHexString(0x1000_1000L + 0x1000 * slot)), "slot " + slot);
        assertNull(dt.find("/soc/virtio_mmio@10004000"));
        assertEquals("console=ttyS0", dt.find("/chosen").strings("bootargs").get(0));

        long start = image.layout().initrdStart();
        assertTrue(start >= 0x8000_0000L && image.layout().initrdEnd() <= image.fdtAddress());
        assertArrayEquals(initrd, hostBytes(start, initrd.length));
    }

    @Test
    void aKernelTooBigForTheDomainIsRefusedBeforeAnythingIsWritten() {
        byte[] kernel = new byte[(int) (5 * MIB)];
        kernel[0] = 0x6f;
        ImageException e = assertThrows(ImageException.class,
                () -> DomainImage.load(domain().noFirmware().kernel(kernel, "big.bin").build(), ram));
        assertTrue(e.getMessage().contains("does not fit in 4 MiB"), e.getMessage());
        assertEquals(0, host.allocatedPages(), "no page of host RAM was written");
    }

    @Test
    void anInitrdTooBigForTheDomainIsRefusedBeforeAnythingIsWritten() {
        BoardConfig config = domain().builtinFirmware().kernel(linuxImage(4096, 4096), "Image")
                .initrd(new byte[(int) (3 * MIB)], "initrd").build();
        assertThrows(ImageException.class, () -> DomainImage.load(config, ram));
        assertEquals(0, host.allocatedPages(), "no page of host RAM was written");
    }

    @Test
    void externalFirmwareAndMismatchedMemoryAreRefused() {
        BoardConfig external = domain().externalFirmware(new byte[] {0x6f, 0, 0, 0}, "fw.bin").build();
        assertThrows(IllegalArgumentException.class, () -> DomainImage.load(external, ram));
        BoardConfig bigger = domain().memoryBytes(8 * MIB).noFirmware().kernel(new byte[4], "k").build();
        assertThrows(IllegalArgumentException.class, () -> DomainImage.load(bigger, ram));
        assertEquals(0, host.allocatedPages());
    }
}
