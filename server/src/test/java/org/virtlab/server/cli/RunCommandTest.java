package org.virtlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.virtlab.server.Main;

/** {@code virtlab run} in-process: console output, exit status, and one-line errors with status 2. */
class RunCommandTest {
    /** The board-test guests (guests/board-tests), committed with the engine's test resources. */
    private static final Path GUESTS = Path.of("..", "engine", "src", "test", "resources", "board-tests");

    private record Result(int status, String out, String err) { }

    private static Result virtlab(String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true), new PrintStream(err, true), false);
        return new Result(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    private static String guest(String name) {
        return GUESTS.resolve(name).toString();
    }

    @Test
    void runsMHelloWithBiosNone() {
        Result r = virtlab("", "run", "--bios", "none", "--kernel", guest("m-hello.elf"));
        assertEquals("Hello from M-mode on the VirtLab virt board\n", r.out());
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
    }

    @Test
    void runsWithEqualsSyntaxAndSeveralHarts() {
        Result r = virtlab("", "run", "--bios=none", "--kernel=" + guest("m-hello.elf"), "--harts=4", "--mem=64M",
                "--no-h-extension");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().startsWith("Hello from M-mode"));
    }

    @Test
    void feedsStdinToTheUartAndEndsWithTheGuestsStatus() {
        Result r = virtlab("one\ntwo\nquit\n", "run", "--bios", "none", "--kernel", guest("uart-echo.elf"));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("echo: one\necho: two\nbye after"), r.out());
    }

    @Test
    void ctrlAXQuitsWithAMessage() {
        Result r = virtlab("one\n\u0001x", "run", "--bios", "none", "--kernel", guest("uart-echo.elf"));
        assertEquals(0, r.status(), r.err());
        assertEquals("virtlab: quit (Ctrl-A X)\n", r.err());
    }

    @Test
    void ctrlAASendsALiteralCtrlA() {
        Result r = virtlab("a\u0001ab\nquit\n", "run", "--bios", "none", "--kernel", guest("uart-echo.elf"));
        assertTrue(r.out().contains("echo: a\u0001b\n"), r.out());
    }

    @Test
    void aGuestWaitingForInputAfterStdinEndsIsReported() {
        Result r = virtlab("", "run", "--bios", "none", "--kernel", guest("uart-echo.elf"));
        assertEquals(125, r.status());
        assertTrue(r.err().contains("stdin has ended"), r.err());
    }

    @Test
    void theBudgetStopsARun() {
        Result r = virtlab("", "run", "--bios", "none", "--kernel", guest("m-hello.elf"), "--budget", "3");
        assertEquals(124, r.status());
        assertTrue(r.err().startsWith("virtlab: stopped after"), r.err());
    }

    @Test
    void traceGoesToStderr() {
        Result r = virtlab("", "run", "--bios", "none", "--kernel", guest("m-hello.elf"), "--trace");
        assertEquals(0, r.status());
        assertTrue(r.err().startsWith("h0 M  0x0000000000001000  00000297  auipc"), r.err().lines().findFirst().orElse(""));
        assertEquals("Hello from M-mode on the VirtLab virt board\n", r.out());
    }

    @Test
    void theHypervisorStackRunsAnUnmodifiedKernelUnderFullVirtualization() {
        Result r = virtlab("", "run", "--stack", "hypervisor", "--technique", "full", "--kernel", guest("s-hello.elf"));
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().startsWith("Hello from S-mode"), r.out());
        Result two = virtlab("", "run", "--stack", "hypervisor", "--domains", "2", "--kernel", guest("s-hello.elf"));
        assertEquals(0, two.status(), two.err() + two.out());
        assertTrue(two.out().contains("[dom0] Hello from S-mode") && two.out().contains("[dom1] Hello from S-mode"), two.out());
    }

    @Test
    void theParaTechniqueBootsThePvBuildOfTheTeachingOsByDefault() {
        Result r = virtlab("poweroff\n", "run", "--stack", "hypervisor", "--technique", "para");
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().contains("virtlab-os: power off"), r.out());
    }

    @Test
    void sHelloRunsBehindTheBuiltinSbi() {
        Result r = virtlab("", "run", "--kernel", guest("s-hello.elf"));
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(r.out().startsWith("Hello from S-mode"), r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "run --kernel /nonexistent/k.elf | virtlab: run: --kernel /nonexistent/k.elf: no such file",
        "run --bios none | virtlab: run: --kernel is required with --bios none",
        "run --frobnicate | virtlab: run: unknown option --frobnicate (try 'virtlab help')",
        "run --harts 17 | virtlab: run: --harts must be 1..16, not '17'",
        "run --mem lots | virtlab: run: --mem must be a size such as 128M or 1G, not 'lots'",
        "run --kernel | virtlab: run: --kernel needs a value",
        "run --image nosuch | virtlab: run: --image nosuch: no such built-in image (available: virtlab-os, virtlab-os-pv)",
        "run --disk /nonexistent/d.img | virtlab: run: --disk /nonexistent/d.img: no such file",
        "run --stack hypervisor | virtlab: run: --stack hypervisor needs the guest's image: --image NAME or --kernel FILE",
        "run --stack kvm | virtlab: run: --stack must be bare or hypervisor, not 'kvm' (the kvm stack is not available yet)",
        "run --technique full | virtlab: run: --technique belongs to the hypervisor stack; add --stack hypervisor",
        "run --domains 2 | virtlab: run: --domains belongs to the hypervisor stack; add --stack hypervisor",
        "run --stack hypervisor --domains 9 | virtlab: run: --domains must be 1..8, not '9'",
        "run --restore s.vlsnap --stack hypervisor | virtlab: run: --restore continues a saved machine with its own configuration; drop --stack",
        "run --restore /nonexistent/s.vlsnap | virtlab: run: --restore /nonexistent/s.vlsnap: no such file",
        "run --restore s.vlsnap --harts 2 | virtlab: run: --restore continues a saved machine with its own configuration; drop --harts",
        "bench --techniques bare,quantum | virtlab: bench: unknown technique 'quantum' (known: bare, full, full-nocache, hw, para)",
        "bench --programs doom | virtlab: bench: unknown program 'doom' (known: cpubench, syscallbench, forkbench, pfbench, ctxbench, iobench)",
        "bench --json | virtlab: bench: --json needs a value",
        "serve --frobnicate | virtlab: serve: unknown option --frobnicate (try 'virtlab serve --help')",
        "console | virtlab: console: give the lab's URL, e.g. virtlab console http://localhost:7070/labs/ID",
        "console ftp://x/labs/1 --token t | virtlab: console: 'ftp://x/labs/1' is not an http(s) or ws(s) URL of a lab",
        "launch | virtlab: unknown command 'launch' (try 'virtlab help')",
    })
    void badInputIsOneLineOnStderrAndStatus2(String command, String message) {
        Result r = virtlab("", command.trim().split(" "));
        assertEquals(2, r.status(), r.err());
        assertEquals(message.trim() + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void imagesThatDoNotFitOrAreDamagedAreBadInput(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.bin");
        Files.write(big, new byte[3 << 20]);
        Result tooBig = virtlab("", "run", "--bios", "none", "--mem", "2M", "--kernel", big.toString());
        assertEquals(2, tooBig.status());
        assertEquals("virtlab: run: --kernel " + big + ": image of 3 MiB does not fit in 2 MiB of RAM; raise --mem\n",
                tooBig.err());

        byte[] elf = Files.readAllBytes(GUESTS.resolve("m-hello.elf"));
        Path cut = dir.resolve("cut.elf");
        Files.write(cut, java.util.Arrays.copyOf(elf, 40));
        Result truncated = virtlab("", "run", "--bios", "none", "--kernel", cut.toString());
        assertEquals(2, truncated.status());
        assertTrue(truncated.err().startsWith("virtlab: run: cut.elf: truncated ELF header"), truncated.err());

        Result outside = virtlab("", "run", "--kernel", guest("s-hello.elf"), "--bios", "none", "--mem", "1M");
        assertEquals(2, outside.status());
        assertTrue(outside.err().contains("lies outside RAM"), outside.err());
    }

    @Test
    void helpAndNoArgumentsPrintUsage() {
        assertTrue(virtlab("").out().startsWith("usage: virtlab <command>"));
        Result help = virtlab("", "help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("--no-h-extension"));
    }
}
