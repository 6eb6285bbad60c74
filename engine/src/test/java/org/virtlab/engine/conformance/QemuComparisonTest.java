package org.virtlab.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every ISA conformance program on the reference (qemu-system-riscv64, spike machine,
 * which implements the HTIF tohost mailbox) and on the engine, and requires the same outcome.
 *
 * <p>Enabled only with {@code -Dvirtlab.qemu=true} (Maven: {@code -P qemu}) and when
 * qemu-system-riscv64 is on the PATH; otherwise every case is reported as skipped (aborted by
 * an assumption), never as passed.
 *
 * <p>QEMU's exit status is the HTIF exit code truncated to 8 bits (an unexpected trap, code
 * 0x7ff, shows as 255). Where QEMU 7.2 legitimately or knowingly deviates from the RISC-V
 * specification that our programs test, {@link #KNOWN_QEMU_DIFFERENCES} records the exit status
 * QEMU gives; for those the engine must pass and QEMU must fail with exactly that status (so a
 * change in QEMU is noticed).
 */
class QemuComparisonTest {

    static final String QEMU = "qemu-system-riscv64";
    static final long QEMU_TIMEOUT_SECONDS = 120;

    /** Program -> QEMU 7.2 exit status, with the reason. */
    static final Map<String, Integer> KNOWN_QEMU_DIFFERENCES = Map.ofEntries(
            // QEMU 7.2 raises load-misaligned (cause 4) instead of store/AMO-misaligned (6) for
            // a misaligned AMO; check 132 is the first misaligned AMO. (Its misaligned SC with a
            // reservation elsewhere does not trap at all: check 156.)
            Map.entry("u-rv64a.elf", 132),
            // QEMU 7.2 does not raise illegal-instruction for CSRRS/CSRRC of a read-only CSR
            // when rs1 is not x0 but holds 0 (the spec says the write is attempted).
            Map.entry("u-zicsr.elf", 43),
            // The QEMU spike machine has no rdtime source: RDTIME traps as illegal (unexpected
            // trap 0x7ff -> 255). Without -icount minstret is not exact either.
            Map.entry("u-zicntr.elf", 255),
            // mstatus.MPP keeps the reserved value 2 (the spec makes MPP WARL over legal modes).
            Map.entry("p-csr-warl.elf", 10),
            // A misaligned SC with no reservation does not trap (spec: address-misaligned).
            Map.entry("p-traps.elf", 13),
            // The spike machine has no time source, so Sstc stimecmp gating cannot be checked.
            Map.entry("p-interrupts.elf", 23),
            // A page-table entry read from nonexistent memory gives a page fault, not the
            // access fault the spec requires.
            Map.entry("p-sv39.elf", 49),
            // Without H, mstatus.MPV/GVA stay writable and mideleg keeps the VS bits.
            Map.entry("noh-misa.elf", 14),
            // S-level CSR access from VU gives illegal instead of virtual instruction.
            Map.entry("h-virtinst.elf", 10),
            // hstatus.VGEIN keeps written values although GEILEN is 0.
            Map.entry("h-csrs.elf", 12),
            // GPAs with bit 40 set fault although Sv39x4 GPAs are 41 bits wide.
            Map.entry("h-gstage.elf", 5),
            // HLVX checks read instead of execute permission.
            Map.entry("h-hlv.elf", 20),
            // VSSI is delivered before VSEI (the spec orders VSEI, VSSI, VSTI).
            Map.entry("h-interrupts.elf", 45));

    /** Skips (never passes) the calling test unless the comparison is enabled and QEMU exists. */
    static void requireQemu() {
        assumeTrue(Boolean.getBoolean("virtlab.qemu"),
                "QEMU comparison disabled: run with -Dvirtlab.qemu=true (mvn -P qemu)");
        assumeTrue(onPath(QEMU), QEMU + " is not on the PATH");
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    static Stream<String> programs() {
        return IsaConformanceTest.programs();
    }

    /** Runs a program on QEMU; returns its exit status (0 = pass), or -1 on a timeout. */
    static int runOnQemu(String name) throws IOException, InterruptedException {
        Path elf = IsaConformanceTest.programDir().resolve(name).toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(QEMU,
                "-machine", "spike",
                "-cpu", IsaConformanceTest.withoutH(name) ? "rv64,h=false,sstc=true" : "rv64,h=true,sstc=true",
                "-bios", "none",
                "-nographic",
                "-monitor", "none",
                "-serial", "none",
                "-kernel", elf.toString()));
        if (IsaConformanceTest.isSmp(name)) {
            command.add("-smp");
            command.add("2");
        }
        Path log = Files.createTempFile("qemu-" + name, ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!process.waitFor(QEMU_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                return -1;
            }
            int status = process.exitValue();
            String output = Files.readString(log);
            assertTrue(!output.contains("HTIF tohost must be"),
                    name + ": QEMU did not accept the HTIF mailbox: " + output);
            return status;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void sameOutcomeAsQemu(String name) throws IOException, InterruptedException {
        requireQemu();
        byte[] bytes = IsaConformanceTest.readVerified(name);
        int qemuStatus = runOnQemu(name);
        IsaConformanceTest.EngineOutcome engine = IsaConformanceTest.runOnEngine(name, bytes);
        String qemuText = qemuStatus == 0 ? "passed"
                : qemuStatus < 0 ? "timed out after " + QEMU_TIMEOUT_SECONDS + " s"
                : "failed with exit status " + qemuStatus + " (check number mod 256)";
        Integer known = KNOWN_QEMU_DIFFERENCES.get(name);
        if (known != null) {
            assertEquals(known.intValue(), qemuStatus, name + ": QEMU's known deviation changed: QEMU "
                    + qemuText + "; update KNOWN_QEMU_DIFFERENCES");
            assertTrue(engine.passed(), engine.describe(name) + " (QEMU has a known deviation here)");
            return;
        }
        assertEquals(qemuStatus == 0, engine.passed(),
                name + ": different outcome: QEMU " + qemuText + ", engine: " + engine.describe(name));
    }
}
