package org.virtlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.virtlab.server.Main;

/** {@code virtlab run --image virtlab-os}: the built-in teaching OS, no paths needed. */
class RunImageTest {
    private record Result(int status, String out, String err) { }

    private static Result virtlab(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true), new PrintStream(err, true), false);
        return new Result(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theBuiltinOsBootsRunsACommandAndPowersOff() {
        Result r = virtlab("echo from the cli\npoweroff\n", "run", "--image", "virtlab-os", "--budget", "300000000");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("virtlab-os: booting on hart 0"), r.out());
        // The input thread types at wall-clock speed: the shell may echo the line after its prompt or
        // have read it typed ahead; either way the command's output is a line of its own.
        assertTrue(r.out().lines().map(String::strip).anyMatch(l -> l.equals("from the cli") || l.equals("$ from the cli")),
                r.out());
        assertTrue(r.out().endsWith("virtlab-os: power off\r\n"), r.out());
    }

    @Test
    void theOsPrintsTheSameWithTranslationOffAndEager() {
        String input = "echo same\ncpubench\npoweroff\n";
        Result off = virtlab(input, "run", "--image", "virtlab-os", "--budget", "300000000", "--translation", "off");
        Result eager = virtlab(input, "run", "--image", "virtlab-os", "--budget", "300000000", "--translation", "1");
        assertEquals(0, off.status(), off.out() + off.err());
        assertEquals(0, eager.status(), eager.out() + eager.err());
        // Input arrives on a thread, so prompts may interleave differently; the results may not.
        String result = off.out().lines().filter(l -> l.contains("primes below")).findFirst().orElseThrow();
        assertTrue(eager.out().contains(result), "translated on first entry, cpubench printed no '" + result + "':\n" + eager.out());
        assertTrue(eager.out().contains("same\r\n"), eager.out());
    }

    @Test
    void aBadTranslationThresholdIsBadInput() {
        Result r = virtlab("", "run", "--image", "virtlab-os", "--translation", "sometimes");
        assertEquals(2, r.status());
        assertEquals("virtlab: run: --translation must be off or a number of entries 1..1000000, not 'sometimes'\n", r.err());
    }

    @Test
    void imageAndKernelTogetherAreBadInput() {
        Result r = virtlab("", "run", "--image", "virtlab-os", "--kernel", "k.elf");
        assertEquals(2, r.status());
        assertEquals("virtlab: run: --image and --kernel both name a kernel; give one\n", r.err());
    }
}
