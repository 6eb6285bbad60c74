package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.engine.board.fdt.DeviceTree;
import org.virtlab.engine.board.fdt.FdtReader;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.image.ImageException;
import org.virtlab.engine.machine.Machine;

/** Where the board puts things (QEMU's placement), the boot ROM, and the device tree it passes. */
class BootLayoutTest {
    private static final long MIB = 1L << 20;

    /** A minimal valid Linux Image: header + a little code, image_size covering a bss. */
    static byte[] linuxImage(int fileSize, long imageSize) {
        ByteBuffer b = ByteBuffer.allocate(fileSize).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, 0x0000006f);                 // code0: j .
        b.putLong(0x08, 0x200000);               // text_offset
        b.putLong(0x10, imageSize);
        b.putInt(0x20, 2);                       // version 0.2
        b.put(0x30, "RISCV\0\0\0".getBytes(StandardCharsets.ISO_8859_1));
        b.put(0x38, new byte[] {'R', 'S', 'C', 5});
        return b.array();
    }

    @Test
    void withFirmwareALinuxImageGoesToTheNext2MiBBoundaryAndTheRestLikeQemu() {
        byte[] initrd = new byte[3 * (int) MIB + 5];
        BoardConfig config = BoardConfig.builder().builtinFirmware().memoryMiB(128)
                .kernel(linuxImage(4096, 8 * MIB), "Image").initrd(initrd, "initrd").bootargs("console=ttyS0").build();
        BootLayout layout = BootLayout.plan(config);
        assertEquals(0x8020_0000L, layout.kernel().start());
        assertEquals(0x8020_0000L, layout.kernelEntry());
        assertEquals(0x8020_0000L + 64 * MIB, layout.initrdStart());        // kernel + min(RAM/2, 128 MiB)
        assertEquals(layout.initrdStart() + initrd.length, layout.initrdEnd());
        assertEquals(0x8000_0000L + 128 * MIB - 2 * MIB, layout.fdtAddress()); // top of RAM, 2 MiB-aligned
        assertTrue(layout.fdtAddress() + layout.dtb().length <= 0x8000_0000L + 128 * MIB);

        DeviceTree dt = FdtReader.read(layout.dtb());
        assertEquals("console=ttyS0", dt.find("/chosen").strings("bootargs").get(0));
        assertEquals(layout.initrdStart(), u64(dt.find("/chosen").property("linux,initrd-start")));
        assertEquals(layout.initrdEnd(), u64(dt.find("/chosen").property("linux,initrd-end")));
        assertEquals("/soc/serial@10000000", dt.find("/chosen").strings("stdout-path").get(0));
    }

    @Test
    void withoutFirmwareTheKernelStartsAtTheBaseOfRam() {
        BoardConfig config = BoardConfig.builder().noFirmware().kernel(new byte[] {0x6f, 0, 0, 0}, "raw.bin").build();
        BootLayout layout = BootLayout.plan(config);
        assertEquals(0x8000_0000L, layout.kernelEntry());
        assertEquals(0x8000_0000L, layout.romStart());
    }

    @Test
    void externalFirmwareLoadsAtTheBaseOfRamAndTheKernelFollows() {
        byte[] firmware = new byte[300 * 1024];
        firmware[0] = 0x6f;
        BoardConfig config = BoardConfig.builder().externalFirmware(firmware, "fw_dynamic.bin")
                .kernel(linuxImage(4096, 4096), "Image").build();
        BootLayout layout = BootLayout.plan(config);
        assertEquals(0x8000_0000L, layout.romStart());
        assertEquals(0x8020_0000L, layout.kernelEntry());
        DeviceTree dt = FdtReader.read(layout.dtb());
        // As with QEMU, the firmware reserves its own memory: OpenSBI adds mmode_resv0@80000000 for its
        // PMP region, which fails if the node already exists (RealFirmwareTest boots the real one).
        assertNull(dt.find("/reserved-memory"), "the firmware, not the board, reserves firmware memory");
    }

    @Test
    void initrdThatDoesNotFitAtItsUsualPlaceGoesBelowTheDeviceTree() {
        byte[] initrd = new byte[(int) (5 * MIB)];
        BoardConfig config = BoardConfig.builder().noFirmware().memoryMiB(16)
                .kernel(new byte[4096], "raw.bin").initrd(initrd, "initrd").build();
        BootLayout layout = BootLayout.plan(config);
        assertTrue(layout.initrdEnd() <= layout.fdtAddress(), "initrd below the FDT");
        assertTrue(layout.initrdStart() >= 0x8000_0000L + 4096, "initrd above the kernel");
    }

    @Test
    void malformedPlacementsAreRefusedWithClearMessages() {
        ImageException big = assertThrows(ImageException.class, () -> BootLayout.plan(BoardConfig.builder().noFirmware()
                .memoryMiB(4).kernel(new byte[(int) (5 * MIB)], "huge.bin").build()));
        assertEquals("huge.bin: kernel image of 5 MiB does not fit in 4 MiB of RAM; give the machine more memory (--mem)",
                big.getMessage());

        ImageException bss = assertThrows(ImageException.class, () -> BootLayout.plan(BoardConfig.builder()
                .builtinFirmware().memoryMiB(16).kernel(linuxImage(4096, 15 * MIB), "Image").build()));
        assertTrue(bss.getMessage().contains("lies outside RAM"), bss.getMessage());

        ImageException initrd = assertThrows(ImageException.class, () -> BootLayout.plan(BoardConfig.builder()
                .noFirmware().memoryMiB(8).kernel(new byte[(int) (2 * MIB)], "raw.bin")
                .initrd(new byte[(int) (5 * MIB)], "initrd.img").build()));
        assertTrue(initrd.getMessage().startsWith("initrd.img: initrd of 5 MiB overlaps the kernel raw.bin"),
                initrd.getMessage());

        ImageException overlap = assertThrows(ImageException.class, () -> BootLayout.plan(BoardConfig.builder()
                .externalFirmware(new byte[3 * (int) MIB], "fw.bin")
                .kernel(BoardGuests.load("m-hello.elf"), "m-hello.elf").build()));
        assertTrue(overlap.getMessage().contains("overlaps the firmware fw.bin"), overlap.getMessage());
    }

    @Test
    void aBoardThatDoesNotFitIsNeverBuilt() {
        BoardConfig config = BoardConfig.builder().noFirmware().memoryMiB(4)
                .kernel(new byte[(int) (5 * MIB)], "huge.bin").build();
        assertThrows(ImageException.class, () -> VirtBoard.boot(config, b -> { }));
    }

    @Test
    void configurationErrorsSayWhichFlagIsWrong() {
        assertEquals("--harts must be 1..16, not 17", assertThrows(IllegalArgumentException.class,
                () -> BoardConfig.builder().harts(17).noFirmware().kernel(new byte[4], "k").build()).getMessage());
        assertEquals("--mem must be between 1M and 16G, not 512 KiB", assertThrows(IllegalArgumentException.class,
                () -> BoardConfig.builder().memoryBytes(512 * 1024).noFirmware().kernel(new byte[4], "k").build())
                .getMessage());
        assertEquals("--kernel is required with --bios builtin", assertThrows(IllegalArgumentException.class,
                () -> BoardConfig.builder().build()).getMessage());
    }

    @Test
    void theRomResetVectorPassesHartIdDeviceTreeAndFwDynamicInfo() {
        BoardConfig config = BoardConfig.builder().harts(2).noFirmware().sliceInstructions(BootRom.INSTRUCTIONS)
                .kernel(BoardGuests.load("m-hello.elf"), "m-hello.elf").build();
        VirtBoard board = VirtBoard.boot(config, b -> { });
        Machine m = board.machine();
        for (int h = 0; h < 2; h++) assertEquals(0x1000L, m.hart(h).pc());
        m.run(2 * BootRom.INSTRUCTIONS);                       // one round: each hart runs the six instructions
        long fdt = board.layout().fdtAddress();
        for (int h = 0; h < 2; h++) {
            Hart hart = m.hart(h);
            assertEquals(0x8000_0000L, hart.pc(), "hart " + h + " jumped to the kernel");
            assertEquals(h, hart.x(10), "a0 = mhartid");
            assertEquals(fdt, hart.x(11), "a1 = FDT");
            assertEquals(0x1000L + BootRom.FW_DYNAMIC_INFO_OFFSET, hart.x(12), "a2 = fw_dynamic_info");
        }
        long info = 0x1000L + BootRom.FW_DYNAMIC_INFO_OFFSET;
        assertEquals(BootRom.FW_DYNAMIC_INFO_MAGIC, m.bus().read(info, 8));
        assertEquals(2L, m.bus().read(info + 8, 8), "version");
        assertEquals(0x8000_0000L, m.bus().read(info + 16, 8), "next_addr");
        assertEquals(1L, m.bus().read(info + 24, 8), "next_mode S");
        assertEquals(0L, m.bus().read(info + 32, 8), "options");
        assertEquals(0L, m.bus().read(info + 40, 8), "boot_hart");
        assertEquals(0xd00dfeedL, Integer.toUnsignedLong(Integer.reverseBytes((int) m.bus().read(fdt, 4))));
        byte[] inRam = new byte[board.layout().dtb().length];
        m.ram().readBytes(fdt, inRam, 0, inRam.length);
        assertArrayEquals(board.layout().dtb(), inRam);
    }

    @Test
    void theBootRomIsReadOnly() {
        VirtBoard board = VirtBoard.boot(BoardConfig.builder().noFirmware()
                .kernel(BoardGuests.load("m-hello.elf"), "m-hello.elf").build(), b -> { });
        long before = board.machine().bus().read(0x1000, 4);
        board.machine().bus().write(0x1000, 4, 0);
        assertEquals(before, board.machine().bus().read(0x1000, 4));
    }

    @Test
    void theDeviceTreeOfABuiltBoardParsesWithDtcAndMatchesTheMemoryMap(@TempDir Path dir) throws Exception {
        assumeTrue(new File("/usr/bin/dtc").canExecute() || onPath("dtc"), "dtc is not installed");
        BoardConfig config = BoardConfig.builder().harts(2).memoryMiB(256).noFirmware()
                .kernel(BoardGuests.load("m-hello.elf"), "m-hello.elf").bootargs("console=ttyS0 earlycon").build();
        VirtBoard board = VirtBoard.boot(config, b -> { });
        Path dtb = dir.resolve("board.dtb");
        Files.write(dtb, board.layout().dtb());
        Process p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", dtb.toString()).redirectErrorStream(true).start();
        String dts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), dts);
        assertTrue(dts.contains("bootargs = \"console=ttyS0 earlycon\""), dts);

        DeviceTree dt = FdtReader.read(board.layout().dtb());
        assertReg(dt, "/memory@80000000", VirtMemoryMap.DRAM_BASE, 256 * MIB);
        assertReg(dt, "/soc/clint@2000000", VirtMemoryMap.CLINT_BASE, VirtMemoryMap.CLINT_SIZE);
        assertReg(dt, "/soc/plic@c000000", VirtMemoryMap.PLIC_BASE, VirtMemoryMap.PLIC_SIZE);
        assertReg(dt, "/soc/serial@10000000", VirtMemoryMap.UART0_BASE, VirtMemoryMap.UART0_SIZE);
        assertReg(dt, "/soc/test@100000", VirtMemoryMap.TEST_BASE, VirtMemoryMap.TEST_SIZE);
        assertReg(dt, "/soc/rtc@101000", VirtMemoryMap.RTC_BASE, VirtMemoryMap.RTC_SIZE);
        assertEquals(VirtMemoryMap.UART0_IRQ, dt.find("/soc/serial@10000000").cells("interrupts")[0]);
        assertEquals(VirtMemoryMap.RTC_IRQ, dt.find("/soc/rtc@101000").cells("interrupts")[0]);
        assertTrue(dt.find("/cpus/cpu@1") != null);
        // and the devices really are there on the bus
        for (String name : new String[] {"clint", "plic", "uart0", "test", "rtc"})
            assertTrue(board.machine().bus().regions().stream().anyMatch(r -> r.name().equals(name)), name);
    }

    private static void assertReg(DeviceTree dt, String path, long base, long size) {
        int[] reg = dt.find(path).cells("reg");
        assertEquals(base, ((long) reg[0] << 32) | Integer.toUnsignedLong(reg[1]), path + " base");
        assertEquals(size, ((long) reg[2] << 32) | Integer.toUnsignedLong(reg[3]), path + " size");
    }

    private static long u64(byte[] be) {
        return ByteBuffer.wrap(be).order(ByteOrder.BIG_ENDIAN).getLong();
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            if (new File(d, tool).canExecute()) return true;
        return false;
    }
}
