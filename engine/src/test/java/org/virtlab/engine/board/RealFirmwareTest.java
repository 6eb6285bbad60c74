package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Real third-party firmware, unchanged, on the virt board: Debian bookworm's OpenSBI
 * {@code fw_dynamic} (package {@code opensbi}) entered from the boot ROM, then the S-mode
 * U-Boot for QEMU's virt machine (package {@code u-boot-qemu}) as its next stage — what
 * {@code virtlab run --bios fw_dynamic.elf --kernel u-boot.bin} does. Skipped (never passed)
 * when the packages are not installed.
 *
 * <p>Input is typed when U-Boot asks for it: a key when the autoboot countdown starts (U-Boot
 * eats it), then a command at each prompt. Typed earlier, it would be lost as on real hardware:
 * U-Boot's serial driver resets the 16550's FIFOs when it (re)initialises the UART. The console
 * callback queues the input on the machine thread, so every run is the same (guest time comes
 * from retired instructions).
 *
 * <p>CI installs the files with {@code apt-get install opensbi u-boot-qemu} (Debian bookworm:
 * OpenSBI 1.1, U-Boot 2023.01).
 */
class RealFirmwareTest {
    static final Path FW_DYNAMIC = Path.of("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.elf");
    static final Path FW_JUMP = Path.of("/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf");
    static final Path UBOOT_SMODE = Path.of("/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin");
    static final Path UBOOT_MMODE = Path.of("/usr/lib/u-boot/qemu-riscv64/u-boot.bin");

    /** Boot, commands and power-off take about 150 M instructions; a budget stops a hang. */
    private static final long BUDGET = 1_000_000_000L;
    private static final String AUTOBOOT = "Hit any key to stop autoboot: ";
    private static final String PROMPT = "\n=> ";

    private static byte[] require(Path file) throws IOException {
        assumeTrue(Files.isRegularFile(file), file + " is absent: apt-get install opensbi u-boot-qemu");
        return Files.readAllBytes(file);
    }

    /**
     * The console: records everything and, each time the output ends with the next expected
     * text, types the answer to it into the UART.
     */
    private static final class Script implements IntConsumer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Deque<String[]> steps = new ArrayDeque<>();
        private BoardRunner runner;
        private int matchedUpTo;

        Script when(String output, String input) {
            steps.add(new String[] {output, input});
            return this;
        }

        @Override
        public synchronized void accept(int b) {
            bytes.write(b);
            String[] step = steps.peek();
            if (step == null) return;
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            int at = text.indexOf(step[0], matchedUpTo);
            if (at >= 0 && text.endsWith(step[0])) {
                matchedUpTo = at + step[0].length();
                steps.poll();
                byte[] in = step[1].getBytes(StandardCharsets.US_ASCII);
                runner.receive(in, 0, in.length);
            }
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static BoardConfig.Builder openSbiAndUboot(Path firmware) throws IOException {
        return BoardConfig.builder()
                .externalFirmware(require(firmware), firmware.getFileName().toString())
                .kernel(require(UBOOT_SMODE), UBOOT_SMODE.getFileName().toString());
    }

    /** Stops the autoboot countdown with a key, runs {@code commands} one per prompt, then powers off. */
    private static String bootAndPowerOff(BoardConfig config, String... commands) throws InterruptedException {
        Script script = new Script().when(AUTOBOOT, " ");
        for (String c : commands) script.when(PROMPT, c + "\n");
        script.when(PROMPT, "poweroff\n");
        BoardRunner runner = new BoardRunner(config, script, null);
        script.runner = runner;
        BoardRunner.Outcome outcome = runner.run(BUDGET);
        String out = script.text();
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), out);
        assertEquals(0, outcome.exitCode(), out);
        assertTrue(out.contains("=> poweroff\r\npoweroff ..."), out);
        return out;
    }

    @Test
    void openSbiFwDynamicBootsSModeUbootWhichAnswersVersionAndPowersOff() throws Exception {
        String out = bootAndPowerOff(openSbiAndUboot(FW_DYNAMIC).build(), "version", "fdt addr $fdtcontroladdr",
                "fdt print /reserved-memory");
        // OpenSBI's banner: the platform it found in the device tree and the hand-over to U-Boot
        assertTrue(out.contains("OpenSBI v"), out);
        assertTrue(out.contains("Platform Name             : riscv-virtio,qemu"), out);
        assertTrue(out.contains("Platform HART Count       : 1"), out);
        assertTrue(out.contains("Platform Timer Device     : aclint-mtimer @ 10000000Hz"), out);
        assertTrue(out.contains("Platform Console Device   : uart8250"), out);
        assertTrue(out.contains("Platform Shutdown Device  : sifive_test"), out);
        assertTrue(out.contains("Firmware Base             : 0x80000000"), out);
        assertTrue(out.contains("Domain0 Next Address      : 0x0000000080200000"), out);
        assertTrue(out.contains("Domain0 Next Mode         : S-mode"), out);
        assertTrue(out.contains("Boot HART Base ISA        : rv64imach"), out);
        assertTrue(out.contains("Boot HART PMP Count       : 16"), out);
        // U-Boot in S-mode: started, found the board in the device tree, answered at its prompt
        assertTrue(out.contains("Model: riscv-virtio,qemu"), out);
        assertTrue(out.contains("DRAM:  128 MiB"), out);
        assertTrue(out.contains("In:    serial@10000000"), out);
        assertTrue(out.contains("=> version\r\nU-Boot 20"), out);
        // OpenSBI reserved the whole region its PMP guards (the board must not pre-empt its node)
        assertTrue(out.contains("mmode_resv0@80000000 {\r\n\t\treg = <0x00000000 0x80000000 0x00000000 0x00080000>;"), out);
    }

    @Test
    void ubootResetRebootsThroughOpenSbiOntoAFreshBoard() throws Exception {
        Script script = new Script().when(AUTOBOOT, " ").when(PROMPT, "reset\n")
                .when(AUTOBOOT, " ").when(PROMPT, "poweroff\n");
        BoardRunner runner = new BoardRunner(openSbiAndUboot(FW_DYNAMIC).build(), script, null);
        script.runner = runner;
        BoardRunner.Outcome outcome = runner.run(BUDGET);
        String out = script.text();
        assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), out);
        assertEquals(1, outcome.resets(), out);
        assertTrue(out.contains("=> reset\r\nresetting ..."), out);
        assertEquals(2, out.split("Platform Name             : riscv-virtio,qemu", -1).length - 1, out);
    }

    @Test
    void openSbiFwJumpHandsUbootItsRelocatedDeviceTree() throws Exception {
        String out = bootAndPowerOff(openSbiAndUboot(FW_JUMP).build(), "version");
        assertTrue(out.contains("Domain0 Next Address      : 0x0000000080200000"), out);
        assertTrue(out.contains("Domain0 Next Arg1         : 0x0000000082200000"), out);
        assertTrue(out.contains("=> version\r\nU-Boot 20"), out);
    }

    @Test
    void twoHartsAreBothInOpenSbisDomainAndInUbootsDeviceTree() throws Exception {
        String out = bootAndPowerOff(openSbiAndUboot(FW_DYNAMIC).harts(2).build(), "fdt addr $fdtcontroladdr",
                "fdt list /cpus");
        assertTrue(out.contains("Platform HART Count       : 2"), out);
        assertTrue(out.contains("Domain0 HARTs             : 0*,1*"), out);
        assertTrue(out.contains("cpu@1 {"), out);
    }

    @Test
    void withoutTheHExtensionOpenSbiSeesRv64imac() throws Exception {
        String out = bootAndPowerOff(openSbiAndUboot(FW_DYNAMIC).hExtension(false).build(), "version");
        assertTrue(out.contains("Boot HART Base ISA        : rv64imac\r\n"), out);
        assertTrue(out.contains("CPU:   rv64imac_"), out);
        assertTrue(out.contains("=> version\r\nU-Boot 20"), out);
    }

    @Test
    void machineModeUbootRunsWithBiosNone() throws Exception {
        BoardConfig config = BoardConfig.builder().noFirmware()
                .kernel(require(UBOOT_MMODE), UBOOT_MMODE.getFileName().toString()).build();
        String out = bootAndPowerOff(config, "version");
        assertFalse(out.contains("OpenSBI"), out);
        assertTrue(out.contains("Model: riscv-virtio,qemu"), out);
        assertTrue(out.contains("=> version\r\nU-Boot 20"), out);
    }
}
