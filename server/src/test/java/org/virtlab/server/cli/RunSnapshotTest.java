package org.virtlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Main;

/** {@code virtlab run --snapshot-dir} (Ctrl-A S) and {@code virtlab run --restore}, on the bare and the hypervisor stack. */
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
        // Typed as a person would, after the guest answered: a snapshot asked for earlier would be
        // taken before the guest had printed anything (the race this test once lost in CI).
        Result first = new Script().when(out -> out.contains("uart-echo: ready"), "one\n")
                .when(out -> out.contains("echo: one"), "\u0001s")
                .run("run", "--bios", "none", "--kernel", echo, "--snapshot-dir", snaps.toString());
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

    @Test
    void aTwoDomainHypervisorRunIsSavedAndTheRestoreContinuesBothDomains(@TempDir Path dir) throws Exception {
        Path snaps = dir.resolve("snaps");
        Path disk = dir.resolve("disk.img");
        Files.write(disk, new byte[64 * 512]);
        // dom1 writes a file; Ctrl-A S saves both domains; Ctrl-A X quits. Each domain sees a copy-on-write view of the disk.
        Script first = new Script()
                .when(out -> out.contains("[dom0] $ ") && out.contains("[dom1] $ "), "\u00011echo hi > /tmp/f\n")
                .when(out -> out.contains("[dom1] $ echo hi > /tmp/f") && out.lastIndexOf("[dom1] $ ") > out.indexOf("/tmp/f"), "\u0001s")
                .whenErr(err -> err.contains("snapshot saved"), "\u0001x");
        Result saved = first.run("run", "--stack", "hypervisor", "--domains", "2", "--image", "virtlab-os", "--mem", "32M",
                "--disk", disk.toString(), "--snapshot-dir", snaps.toString());
        assertEquals(0, saved.status(), saved.err() + saved.out());
        List<Path> files = snapshots(snaps);
        assertEquals(1, files.size(), saved.err());

        // The domains' disks are saved as overlays: the image under them is named again, and must be the same size.
        Result noDisk = virtlab("", "run", "--restore", files.get(0).toString());
        assertEquals(2, noDisk.status());
        assertEquals("virtlab: run: --restore " + files.get(0) + ": the saved machine has the disk disk.img (of domain dom0);"
                + " give its image with --disk FILE\n", noDisk.err());
        Path small = dir.resolve("small.img");
        Files.write(small, new byte[32 * 512]);
        Result wrong = virtlab("", "run", "--restore", files.get(0).toString(), "--disk", small.toString());
        assertEquals(2, wrong.status());
        assertTrue(wrong.err().contains("had 32768 bytes, but"), wrong.err());

        // No --stack: the file says it. Both domains go on at their prompts; dom1 still has its file.
        Script second = new Script()
                .when(out -> true, "\u00011cat /tmp/f\n")
                .when(out -> out.contains("[dom1] hi"), "\u00010echo dom0-lives\n")
                .when(out -> out.contains("[dom0] dom0-lives"), "\u0001x");
        Result restored = second.run("run", "--restore", files.get(0).toString(), "--disk", disk.toString());
        assertEquals(0, restored.status(), restored.err() + restored.out());
        assertTrue(restored.out().contains("[dom1] hi"), restored.out());
        assertTrue(restored.out().contains("[dom0] dom0-lives"), restored.out());
        assertTrue(!restored.out().contains("virtlab-os: booting"), "it continues, it does not boot: " + restored.out());
        assertTrue(restored.err().contains("[virtlab: typing into dom1]"), restored.err());
    }

    @Test
    void aHypervisorRestoreRefusesFlagsThatWouldChangeTheMachine(@TempDir Path dir) {
        Result r = virtlab("", "run", "--restore", dir.resolve("any.vlsnap").toString(), "--domains", "2");
        assertEquals(2, r.status());
        assertEquals("virtlab: run: --restore continues a saved machine with its own configuration; drop --domains\n", r.err());
        Result s = virtlab("", "run", "--restore", dir.resolve("any.vlsnap").toString(), "--stack", "hypervisor");
        assertEquals(2, s.status());
        assertEquals("virtlab: run: --restore continues a saved machine with its own configuration; drop --stack\n", s.err());
    }

    /**
     * Console input that waits for the run's output: each step's bytes are typed once its
     * condition holds on what the guest printed (stdout) or VirtLab said (stderr) so far.
     */
    private static final class Script {
        private record Step(Predicate<String> onOut, Predicate<String> onErr, byte[] bytes) { }

        private final List<Step> steps = new java.util.ArrayList<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        Script when(Predicate<String> onOut, String type) {
            steps.add(new Step(onOut, null, type.getBytes(StandardCharsets.ISO_8859_1)));
            return this;
        }

        Script whenErr(Predicate<String> onErr, String type) {
            steps.add(new Step(null, onErr, type.getBytes(StandardCharsets.ISO_8859_1)));
            return this;
        }

        Result run(String... args) {
            InputStream in = new InputStream() {
                private int next;

                @Override
                public int read() {
                    throw new UnsupportedOperationException("ConsoleInput reads blocks");
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (next == steps.size()) return -1;
                    Step step = steps.get(next);
                    long deadline = System.currentTimeMillis() + 60_000;
                    while (!(step.onOut() != null ? step.onOut().test(text(out)) : step.onErr().test(text(err)))) {
                        if (System.currentTimeMillis() > deadline)
                            throw new AssertionError("timed out before step " + next + ":\n" + text(out) + "\n" + text(err));
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return -1;
                        }
                    }
                    next++;
                    System.arraycopy(step.bytes(), 0, b, off, step.bytes().length);
                    return step.bytes().length;
                }
            };
            int status = Main.run(args, in, new PrintStream(out, true), new PrintStream(err, true), false);
            return new Result(status, text(out), err.toString(StandardCharsets.UTF_8));
        }

        private static String text(ByteArrayOutputStream s) {
            return s.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
