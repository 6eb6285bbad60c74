package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The build-time check of the PV image (guests/os/tools/check-no-privileged.sh): it passes the
 * PV kernel and fails an image that holds a privileged instruction, naming it. Needs the cross
 * toolchain's objdump (as building the guests does).
 */
class PrivilegedScanTest {
    private static final Path SCRIPT = Path.of("..", "guests", "os", "tools", "check-no-privileged.sh");
    private static final Path IMAGES = Path.of("src", "main", "resources", "org", "virtlab", "engine", "images");

    record Result(int status, String output) { }

    private static Result scan(Path image) throws Exception {
        Process p = new ProcessBuilder("bash", SCRIPT.toString(), image.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Result(p.waitFor(), out);
    }

    private static boolean objdumpAvailable() {
        try {
            return new ProcessBuilder("riscv64-unknown-elf-objdump", "--version").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void thePvKernelHasNoPrivilegedInstruction() throws Exception {
        assumeTrue(objdumpAvailable(), "riscv64-unknown-elf-objdump is not installed");
        Result r = scan(IMAGES.resolve("virtlab-os-pv").resolve("kernel.elf"));
        assertEquals(0, r.status(), r.output());
        assertTrue(r.output().contains("no privileged instructions"), r.output());
    }

    @Test
    void anImageWithAPrivilegedInstructionFailsAndTheScanNamesIt() throws Exception {
        assumeTrue(objdumpAvailable(), "riscv64-unknown-elf-objdump is not installed");
        Path hostile = Files.createTempFile("pv-hostile", ".elf");
        try {
            Files.write(hostile, PvGuestsTest.guest("pv-hostile.elf"));
            Result r = scan(hostile);
            assertEquals(1, r.status(), r.output());
            assertTrue(r.output().matches("(?s).*<test_main>:\\tcsrrs t0,sstatus,zero.*"), r.output());
        } finally {
            Files.delete(hostile);
        }
        Result nativeKernel = scan(IMAGES.resolve("virtlab-os").resolve("kernel.elf"));
        assertEquals(1, nativeKernel.status(), nativeKernel.output());
        assertTrue(nativeKernel.output().contains("csrrw zero,stvec,t0"), nativeKernel.output());
    }
}
