package org.virtlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Main;

/** {@code virtlab run --snapshot-dir} (Ctrl-A S) and {@code virtlab run --restore}. */
class RunSnapshotTest {
    private static final Path GUESTS = Path.of("..", "engine", "src", "test", "resources", "board-tests");

    private record Result(int status, String out, String err) { }

    private static Result virtlab(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true), new PrintStream(err, true), false);
        return new Result(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    private static List<Path> snapshots(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".vlsnap")).toList();
        }
    }

    @Test
    void ctrlASSavesASnapshotThatRestoreContinuesToTheGuestsExitStatus(@TempDir Path dir) throws Exception {
        Path snaps = dir.resolve("snaps");
        String echo = GUESTS.resolve("uart-echo.elf").toString();
        Result first = virtlab("one\n\u0001s", "run", "--bios", "none", "--kernel", echo, "--snapshot-dir", snaps.toString());
        assertEquals(125, first.status(), first.err());            // stdin ended while the guest waits for a line
        List<Path> saved = snapshots(snaps);
        assertEquals(1, saved.size(), first.err());
        assertTrue(first.err().startsWith("virtlab: snapshot saved to " + saved.get(0)), first.err());

        Result restored = virtlab("two\nquit\n", "run", "--restore", saved.get(0).toString());
        assertEquals(0, restored.status(), restored.err());
        assertTrue(restored.out().contains("echo: two\nbye after"), restored.out());
        assertTrue(!restored.out().contains("uart-echo: ready"), "it continues, it does not boot: " + restored.out());
    }

    @Test
    void ctrlASWithoutADirectorySaysHowToGetOne() {
        String echo = GUESTS.resolve("uart-echo.elf").toString();
        Result r = virtlab("\u0001squit\n", "run", "--bios", "none", "--kernel", echo);
        assertEquals(0, r.status());
        assertTrue(r.err().contains("--snapshot-dir DIR"), r.err());
    }

    @Test
    void aDamagedSnapshotIsRefusedWithStatus2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.vlsnap");
        Files.write(bad, "not a snapshot".getBytes(StandardCharsets.US_ASCII));
        Result r = virtlab("", "run", "--restore", bad.toString());
        assertEquals(2, r.status());
        assertEquals("virtlab: run: --restore " + bad + " is not a VirtLab snapshot (it does not start with the snapshot magic)\n",
                r.err());
    }
}
