package org.virtlab.engine.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;

/**
 * End to end: the S-mode kernel guests/sbi-tests/src/sbi-smoke.S (built into
 * src/test/resources/sbi-tests/ by its Makefile) runs under the built-in SBI on 2 harts, uses
 * every extension including HSM to start hart 1, and must print its banner and "ok" and shut
 * down with exit code 0.
 */
class SbiElfTest {
    static final String DIR = "sbi-tests/";

    @Test
    void smokeKernelUsesEveryExtensionAndShutsDownCleanly() throws Exception {
        byte[] image = resource("sbi-smoke.elf");
        assertEquals(manifestSum("sbi-smoke.elf"), sha256(image),
                "sbi-smoke.elf differs from SHA256SUMS; rebuild with `make -C guests/sbi-tests`");
        ElfImage elf = ElfImage.parse(image, "sbi-smoke.elf");

        Machine machine = new Machine(MachineConfig.builder().harts(2).memoryMiB(64).sliceInstructions(1000).build());
        RecordingPlatform platform = new RecordingPlatform(machine);
        for (ElfImage.Segment s : elf.segments()) {
            machine.ram().writeBytes(s.address(), s.data(), 0, s.data().length);
            long zeros = s.memorySize() - s.data().length;
            if (zeros > 0) machine.ram().writeBytes(s.address() + s.data().length, new byte[(int) zeros], 0, (int) zeros);
        }
        BuiltinSbi sbi = new BuiltinSbi(machine, platform);
        sbi.boot(0, elf.entry(), 0x8300_0000L);

        RunResult r = machine.runToCompletion(10_000_000);

        assertEquals("sbi-smoke: hello from S-mode\nsbi-smoke: ok\n", platform.console.toString());
        assertEquals(StopReason.POWER_OFF, r.reason());
        assertEquals(0, r.exitCode());
        assertTrue(machine.hart(1).isHalted(), "hart 1 stopped itself");
        SbiCounters c = sbi.counters();
        assertEquals(1, c.calls("HSM", "hart_start"));
        assertEquals(1, c.calls("HSM", "hart_stop"));
        assertEquals(1, c.calls("IPI", "send_ipi"));
        assertEquals(2, c.calls("TIME", "set_timer"));
        assertEquals(1, c.calls("RFENCE", "remote_fence_i"));
        assertEquals(2, c.calls("LEGACY", "console_putchar"));
        assertEquals(1, c.calls("SRST", "system_reset"));
        assertEquals(0, c.unsupportedCalls() + c.redirectedTraps() + c.fatalTraps());
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SbiElfTest.class.getClassLoader().getResourceAsStream(DIR + name)) {
            if (in == null) throw new IllegalStateException(DIR + name + " is not on the test class path; build it with `make -C guests/sbi-tests`");
            return in.readAllBytes();
        }
    }

    private static String manifestSum(String name) throws IOException {
        for (String line : new String(resource("SHA256SUMS"), StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.trim().split("\\s+\\*?", 2);
            if (parts.length == 2 && parts[1].equals(name)) return parts[0].toLowerCase();
        }
        throw new IllegalStateException(name + " is missing from " + DIR + "SHA256SUMS");
    }

    private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
