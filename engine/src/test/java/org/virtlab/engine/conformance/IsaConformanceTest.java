package org.virtlab.engine.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;

/**
 * Runs every ISA conformance program (engine/src/test/resources/isa-tests/*.elf, built from
 * guests/isa-tests/src by its Makefile) on the engine and requires a pass through HTIF.
 *
 * <p>Conventions (guests/isa-tests/src/test.h): the program writes (code << 1) | 1 to `tohost`,
 * code 0 is a pass, any other code is the number of the failing check (0x7ff: an unexpected
 * trap). Programs whose name contains {@code smp} run on 2 harts with slices of 100
 * instructions; programs whose name starts with {@code noh-} run without the H extension.
 * Every file must match its SHA-256 in the committed manifest SHA256SUMS.
 */
class IsaConformanceTest {

    /** Instructions a program may retire before it counts as hung. */
    static final long BUDGET = 50_000_000L;

    static final String RESOURCE_DIR = "isa-tests";

    /** The directory with the programs and SHA256SUMS (on the test class path). */
    static Path programDir() {
        URL url = IsaConformanceTest.class.getClassLoader().getResource(RESOURCE_DIR + "/SHA256SUMS");
        if (url != null && "file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        Path fallback = Path.of("src", "test", "resources", RESOURCE_DIR);
        if (Files.isRegularFile(fallback.resolve("SHA256SUMS"))) {
            return fallback;
        }
        throw new IllegalStateException("isa-tests/SHA256SUMS not found on the test class path; "
                + "build the programs with `make -C guests/isa-tests`");
    }

    /** The manifest: file name -> lower-case hex SHA-256. */
    static Map<String, String> manifest() {
        Path sums = programDir().resolve("SHA256SUMS");
        Map<String, String> result = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+\\*?", 2);
                if (parts.length != 2 || parts[0].length() != 64) {
                    throw new IllegalStateException("malformed line in " + sums + ": " + line);
                }
                result.put(parts[1].trim(), parts[0].toLowerCase());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return result;
    }

    /** Names of all *.elf programs, sorted. */
    static Stream<String> programs() {
        try (Stream<Path> files = Files.list(programDir())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".elf"))
                    .sorted()
                    .toList();
            return names.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isSmp(String name) {
        return name.contains("smp");
    }

    static boolean withoutH(String name) {
        return name.startsWith("noh-");
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a program and checks it against SHA256SUMS; fails the test with a clear message. */
    static byte[] readVerified(String name) throws IOException {
        byte[] bytes = Files.readAllBytes(programDir().resolve(name));
        String expected = manifest().get(name);
        if (expected == null) {
            fail(name + " is not listed in isa-tests/SHA256SUMS; rebuild with `make -C guests/isa-tests`");
        }
        String actual = sha256(bytes);
        if (!expected.equals(actual)) {
            fail(name + ": SHA-256 " + actual + " differs from SHA256SUMS (" + expected
                    + "); the committed binary does not match its manifest: rebuild with "
                    + "`make -C guests/isa-tests` and check guests/isa-tests/check-reproducible.sh");
        }
        return bytes;
    }

    /** The outcome of one program on the engine. */
    record EngineOutcome(RunResult result, long pc, long testNumber) {
        boolean passed() {
            return result.reason() == StopReason.POWER_OFF && result.exitCode() == 0;
        }

        String describe(String name) {
            String where = "hart 0 pc=0x" + Long.toHexString(pc) + ", gp(check)=" + testNumber;
            if (result.reason() != StopReason.POWER_OFF) {
                return name + ": did not finish: stopped with " + result.reason() + " (" + where + ")";
            }
            int code = result.exitCode();
            if (code == 0) {
                return name + ": passed";
            }
            String what = code == 0x7ff ? "an unexpected trap (code 0x7ff)" : "check " + code;
            return name + ": failed " + what + " (" + where + ")";
        }
    }

    /** Runs a program on the engine with the configuration its name asks for. */
    static EngineOutcome runOnEngine(String name, byte[] bytes) {
        return runOnEngine(name, bytes, org.virtlab.engine.cpu.Hart.DEFAULT_TRANSLATION_THRESHOLD);
    }

    /** The same with a translation threshold: 0 interprets only, 1 translates every block at once. */
    static EngineOutcome runOnEngine(String name, byte[] bytes, int translationThreshold) {
        boolean h = !withoutH(name);
        MachineConfig config = (isSmp(name)
                ? MachineConfig.builder().harts(2).sliceInstructions(100).hExtension(h)
                : MachineConfig.builder().harts(1).hExtension(h))
                .translationThreshold(translationThreshold).build();
        Machine machine = new Machine(config);
        machine.loadElf(ElfImage.parse(bytes, name));
        RunResult result = machine.runToCompletion(BUDGET);
        return new EngineOutcome(result, machine.hart(0).pc(), machine.hart(0).x(3));
    }

    @Test
    void programsArePresentAndListed() {
        List<String> names = programs().toList();
        assertFalse(names.isEmpty(), "no *.elf in isa-tests; build them with `make -C guests/isa-tests`");
        Map<String, String> manifest = manifest();
        for (String listed : manifest.keySet()) {
            assertTrue(Files.isRegularFile(programDir().resolve(listed)),
                    "SHA256SUMS lists " + listed + " but the file is missing");
        }
        for (String name : names) {
            assertTrue(manifest.containsKey(name), name + " is not listed in SHA256SUMS");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void passesOnEngine(String name) throws IOException {
        byte[] bytes = readVerified(name);
        EngineOutcome outcome = runOnEngine(name, bytes);
        assertEquals(StopReason.POWER_OFF, outcome.result().reason(), () -> outcome.describe(name));
        assertEquals(0, outcome.result().exitCode(), () -> outcome.describe(name));
    }

    /**
     * Every program again with translation off and with every block translated on first entry
     * (docs/translator.md): both must pass and retire exactly as many instructions.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void passesTheSameInterpretedAndTranslated(String name) throws IOException {
        byte[] bytes = readVerified(name);
        EngineOutcome interpreted = runOnEngine(name, bytes, 0);
        EngineOutcome translated = runOnEngine(name, bytes, 1);
        assertEquals(0, interpreted.result().exitCode(), () -> "interpreted: " + interpreted.describe(name));
        assertEquals(StopReason.POWER_OFF, translated.result().reason(), () -> "translated: " + translated.describe(name));
        assertEquals(0, translated.result().exitCode(), () -> "translated: " + translated.describe(name));
        assertEquals(interpreted.result().instructions(), translated.result().instructions(),
                name + ": instructions retired, interpreted vs translated");
    }
}
