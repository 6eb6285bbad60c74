package org.virtlab.engine.board.fdt;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtMemoryMap;

class VirtBoardDeviceTreeTest {

    private static BoardDescription board(int harts) {
        return BoardDescription.builder()
                .harts(harts)
                .ramSize(256L << 20)
                .hExtension(harts > 1)
                .virtioSlots(harts == 1 ? 2 : 8)
                .bootargs("console=ttyS0 earlycon")
                .initrd(0x8800_0000L, 0x8810_0000L)
                .firmware(0x8000_0000L, 0x4_0000)
                .build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void describesTheBoard(int harts) {
        DeviceTree dt = FdtReader.read(VirtBoardDeviceTree.dtb(board(harts)));
        assertEquals(List.of("riscv-virtio"), dt.root().strings("compatible"));
        assertArrayEquals(new int[] {0x0, 0x8000_0000, 0x0, 0x1000_0000}, dt.find("/memory@80000000").cells("reg"));
        assertArrayEquals(new int[] {10_000_000}, dt.find("/cpus").cells("timebase-frequency"));

        int[] intc = new int[harts];
        for (int h = 0; h < harts; h++) {
            DtNode cpu = dt.find("/cpus/cpu@" + h);
            assertNotNull(cpu, "cpu@" + h);
            assertArrayEquals(new int[] {h}, cpu.cells("reg"));
            assertEquals(List.of("cpu"), cpu.strings("device_type"));
            assertEquals(List.of("riscv,sv39"), cpu.strings("mmu-type"));
            assertEquals(List.of("rv64i"), cpu.strings("riscv,isa-base"));
            String isa = cpu.strings("riscv,isa").get(0);
            List<String> ext = cpu.strings("riscv,isa-extensions");
            if (harts > 1) {
                assertEquals("rv64imach_zicsr_zifencei_zicntr_sstc", isa);
                assertTrue(ext.contains("h"));
            } else {
                assertEquals("rv64imac_zicsr_zifencei_zicntr_sstc", isa);
                assertFalse(ext.contains("h"));
            }
            assertTrue(ext.containsAll(List.of("i", "m", "a", "c", "zicsr", "zifencei", "zicntr", "sstc")));
            DtNode ic = cpu.child("interrupt-controller");
            assertEquals(List.of("riscv,cpu-intc"), ic.strings("compatible"));
            assertTrue(ic.hasProperty("interrupt-controller"));
            intc[h] = ic.phandle();
        }

        int[] clint = dt.find("/soc/clint@2000000").cells("interrupts-extended");
        int[] plicIrqs = dt.find("/soc/plic@c000000").cells("interrupts-extended");
        assertEquals(4 * harts, clint.length);
        for (int h = 0; h < harts; h++) {
            assertArrayEquals(new int[] {intc[h], 3, intc[h], 7}, java.util.Arrays.copyOfRange(clint, 4 * h, 4 * h + 4));
            assertArrayEquals(new int[] {intc[h], 11, intc[h], 9}, java.util.Arrays.copyOfRange(plicIrqs, 4 * h, 4 * h + 4));
        }
        DtNode plic = dt.find("/soc/plic@c000000");
        assertEquals(List.of("sifive,plic-1.0.0", "riscv,plic0"), plic.strings("compatible"));
        assertArrayEquals(new int[] {95}, plic.cells("riscv,ndev"));
        assertArrayEquals(new int[] {0, 0x0c00_0000, 0, 0x60_0000}, plic.cells("reg"));

        DtNode uart = dt.find("/soc/serial@10000000");
        assertEquals(List.of("ns16550a"), uart.strings("compatible"));
        assertArrayEquals(new int[] {3_686_400}, uart.cells("clock-frequency"));
        assertArrayEquals(new int[] {10}, uart.cells("interrupts"));
        assertArrayEquals(new int[] {plic.phandle()}, uart.cells("interrupt-parent"));

        int slots = harts == 1 ? 2 : 8;
        for (int i = 0; i < 8; i++) {
            DtNode v = dt.find("/soc/virtio_mmio@" + Long.toHexString(0x1000_1000L + i * 0x1000L));
            if (i < slots) assertArrayEquals(new int[] {1 + i}, v.cells("interrupts"));
            else assertNull(v);
        }

        DtNode test = dt.find("/soc/test@100000");
        assertEquals(List.of("sifive,test1", "sifive,test0", "syscon"), test.strings("compatible"));
        assertArrayEquals(new int[] {test.phandle()}, dt.find("/poweroff").cells("regmap"));
        assertArrayEquals(new int[] {0x5555}, dt.find("/poweroff").cells("value"));
        assertArrayEquals(new int[] {0x7777}, dt.find("/reboot").cells("value"));
        assertArrayEquals(new int[] {11}, dt.find("/soc/rtc@101000").cells("interrupts"));

        DtNode chosen = dt.find("/chosen");
        assertEquals(List.of("console=ttyS0 earlycon"), chosen.strings("bootargs"));
        assertEquals(List.of("/soc/serial@10000000"), chosen.strings("stdout-path"));
        assertNotNull(dt.find(chosen.strings("stdout-path").get(0)), "stdout-path names a real node");
        assertArrayEquals(new int[] {0, 0x8800_0000}, chosen.cells("linux,initrd-start"));
        assertArrayEquals(new int[] {0, 0x8810_0000}, chosen.cells("linux,initrd-end"));
        assertArrayEquals(new int[] {0, 0x8000_0000, 0, 0x4_0000}, dt.find("/reserved-memory/mmode_resv0@80000000").cells("reg"));
    }

    @Test
    void minimalBoardHasNoOptionalNodes() {
        DeviceTree dt = FdtReader.read(VirtBoardDeviceTree.dtb(BoardDescription.builder().build()));
        assertNull(dt.find("/reserved-memory"));
        assertFalse(dt.find("/chosen").hasProperty("bootargs"));
        assertFalse(dt.find("/chosen").hasProperty("linux,initrd-start"));
        assertTrue(dt.find("/soc").children().stream().noneMatch(n -> n.name().startsWith("virtio")));
    }

    @Test
    void addressesComeFromTheMemoryMap() {
        DeviceTree dt = VirtBoardDeviceTree.build(BoardDescription.builder().virtioSlots(8).build());
        long[][] expected = {
            {VirtMemoryMap.CLINT_BASE, VirtMemoryMap.CLINT_SIZE},
            {VirtMemoryMap.PLIC_BASE, VirtMemoryMap.PLIC_SIZE},
            {VirtMemoryMap.UART0_BASE, VirtMemoryMap.UART0_SIZE},
            {VirtMemoryMap.TEST_BASE, VirtMemoryMap.TEST_SIZE},
            {VirtMemoryMap.RTC_BASE, VirtMemoryMap.RTC_SIZE},
            {VirtMemoryMap.virtioBase(7), VirtMemoryMap.VIRTIO_SIZE},
        };
        for (long[] region : expected) {
            DtNode n = dt.find("/soc").children().stream()
                    .filter(c -> c.name().endsWith("@" + Long.toHexString(region[0]))).findFirst().orElseThrow();
            int[] reg = n.cells("reg");
            assertEquals(region[0], ((long) reg[0] << 32) | (reg[1] & 0xffff_ffffL), n.name());
            assertEquals(region[1], ((long) reg[2] << 32) | (reg[3] & 0xffff_ffffL), n.name());
        }
    }

    @Test
    void invalidDescriptionsSayWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoardDescription.builder().harts(0).build());
        assertTrue(e.getMessage().contains("harts"));
        assertThrows(IllegalArgumentException.class, () -> BoardDescription.builder().virtioSlot(8).build());
        assertThrows(IllegalArgumentException.class, () -> BoardDescription.builder().virtioSlot(1).virtioSlot(1).build());
        assertThrows(IllegalArgumentException.class, () -> BoardDescription.builder().initrd(10, 5).build());
    }

    /** dtc, the reference compiler, must read the blob back without complaint. */
    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void dtcDecompilesWithoutWarnings(int harts, @TempDir Path dir) throws Exception {
        assumeTrue(onPath("dtc"), "dtc (Debian package device-tree-compiler) is not installed");
        Path dtb = dir.resolve("virt" + harts + ".dtb");
        Files.write(dtb, VirtBoardDeviceTree.dtb(board(harts)));
        Process p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", dtb.toString()).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), stderr);
        assertEquals("", stderr.trim(), "dtc warnings");
        String dts = new String(stdout, StandardCharsets.UTF_8);
        for (String node : List.of("cpu@0", "cpu@" + (harts - 1), "interrupt-controller {", "clint@2000000",
                "plic@c000000", "serial@10000000", "virtio_mmio@10001000", "test@100000", "poweroff {", "reboot {",
                "rtc@101000", "chosen {", "memory@80000000", "reserved-memory {"))
            assertTrue(dts.contains(node), "missing " + node + " in\n" + dts);
        assertTrue(dts.contains("riscv,ndev = <0x5f>"), dts);
        assertTrue(dts.contains("timebase-frequency = <0x989680>"), dts);
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String dir : path.split(File.pathSeparator))
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        return false;
    }
}
