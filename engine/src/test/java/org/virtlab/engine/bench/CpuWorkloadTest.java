package org.virtlab.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;

/**
 * Runs the quick variants of the CPU benchmark workload (guests/bench, about 2e7 instructions
 * each) and checks that they pass: the workload checks its own results (CRC two ways, two sorts,
 * Freivalds' test, a digest known from a native build and QEMU). Correctness only, never timing:
 * the speed is measured by {@link CpuBenchmark} (docs/performance.md).
 *
 * <p>The static helpers are shared with {@code CpuBenchmark}.
 */
class CpuWorkloadTest {

    /** RAM for the workloads: the image, stack and page tables all sit in the first 2 MiB. */
    static final long MEMORY_BYTES = 32L << 20;

    /** Instructions one {@link Machine#run} call may retire before the loop checks in again. */
    static final long SLICE_BUDGET = 1L << 30;

    /** Exit codes of the workload (guests/bench/src/common.h, workload.c). */
    static String describeExit(int code) {
        if (code >= 0x400) {
            return "unexpected trap in M-mode, mcause " + (code & 0xff);
        }
        if (code == 0x300) {
            return "satp did not accept Sv39";
        }
        if (code >= 0x200) {
            return "unexpected trap in S-mode, scause " + (code & 0xff);
        }
        return "workload check " + code + " failed";
    }

    /** Reads a benchmark program from the test resources (engine/src/test/resources/bench). */
    static byte[] resource(String name) {
        try (InputStream in = CpuWorkloadTest.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource /bench/" + name
                        + " (built by guests/bench/Makefile)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ElfImage image(String name) {
        return ElfImage.parse(resource(name), name);
    }

    /** A fresh one-hart machine with the program loaded. */
    static Machine machineWith(ElfImage image) {
        return machineWith(image, org.virtlab.engine.cpu.Hart.DEFAULT_TRANSLATION_THRESHOLD);
    }

    /** The same with a given translation threshold (0: interpret only; docs/translator.md). */
    static Machine machineWith(ElfImage image, int translationThreshold) {
        Machine machine = new Machine(MachineConfig.builder()
                .harts(1)
                .memoryBytes(MEMORY_BYTES)
                .translationThreshold(translationThreshold)
                .build());
        machine.loadElf(image);
        return machine;
    }

    /**
     * Runs until the guest powers off and returns the instructions retired in total. Throws
     * AssertionError when the guest failed, waits for an interrupt, or exceeds {@code limit}.
     */
    static long runToPass(Machine machine, String name, long limit) {
        long attempted = 0;
        while (true) {
            RunResult r = machine.run(Math.min(SLICE_BUDGET, limit - attempted));
            attempted += r.instructions();
            long retired = machine.hart(0).retired();
            if (r.reason() == StopReason.POWER_OFF) {
                if (r.exitCode() != 0) {
                    throw new AssertionError(name + " failed with exit code 0x"
                            + Integer.toHexString(r.exitCode()) + " (" + describeExit(r.exitCode())
                            + ") after " + retired + " instructions, pc 0x"
                            + Long.toHexString(machine.hart(0).pc()));
                }
                return retired;
            }
            if (r.reason() != StopReason.BUDGET) {
                throw new AssertionError(name + " stopped with " + r.reason() + " after " + retired
                        + " instructions, pc 0x" + Long.toHexString(machine.hart(0).pc()));
            }
            if (attempted >= limit) {
                throw new AssertionError(name + " did not finish within " + limit
                        + " instructions, pc 0x" + Long.toHexString(machine.hart(0).pc()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu-m-quick.elf", "cpu-s-quick.elf"})
    void quickWorkloadPasses(String name) {
        Machine machine = machineWith(image(name));
        long retired = runToPass(machine, name, 200_000_000L);
        // About 2.0e7 on QEMU (docs/performance.md); a far smaller count means it did not run.
        assertTrue(retired > 10_000_000L, name + " retired only " + retired + " instructions");
        var c = machine.hart(0).counters();
        assertTrue(c.blocksTranslated > 0, "the hot loops were translated");
        assertTrue(c.translatedCalls > 0 && c.translatedInstructions >= 2 * c.translatedCalls
                && c.translatedInstructions <= retired, "translated instructions and calls counted: "
                + c.translatedInstructions + " in " + c.translatedCalls + " calls of " + retired);
    }

    /** Interpreted, and with every block translated on first entry: the same count, the same pass. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu-m-quick.elf", "cpu-s-quick.elf"})
    void quickWorkloadRetiresTheSameWithAndWithoutTranslation(String name) {
        Machine interpreted = machineWith(image(name), 0);
        long expected = runToPass(interpreted, name, 200_000_000L);
        assertEquals(0, interpreted.hart(0).counters().blocksTranslated);
        Machine eager = machineWith(image(name), 1);
        assertEquals(expected, runToPass(eager, name, 200_000_000L), "instructions retired");
        assertEquals(interpreted.hart(0).pc(), eager.hart(0).pc(), "final pc");
        for (int r = 1; r < 32; r++) assertEquals(interpreted.hart(0).x(r), eager.hart(0).x(r), "x" + r);
    }

    /** The committed programs are the ones the manifest (and guests/bench/check-reproducible.sh) names. */
    @Test
    void programsMatchTheirManifest() throws NoSuchAlgorithmException {
        String manifest = new String(resource("SHA256SUMS"), StandardCharsets.US_ASCII);
        int lines = 0;
        for (String line : manifest.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.trim().split("\\s+\\*?", 2);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(resource(parts[1]));
            assertEquals(parts[0], HexFormat.of().formatHex(hash), "SHA-256 of " + parts[1]);
            lines++;
        }
        if (lines != 4) {
            fail("expected 4 programs in bench/SHA256SUMS, found " + lines);
        }
    }
}
