package org.virtlab.engine.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Boots the real virtlab-os images (guests/os) on the emulated virt board and uses its shell. */
class VirtlabOsTest {
    /** The bound: boot to the shell prompt in under 50 million guest instructions. */
    private static final long BOOT_BUDGET = 50_000_000;
    private static final long COMMAND_BUDGET = 200_000_000;

    private static OsSession booted() throws InterruptedException {
        OsSession os = new OsSession();
        os.waitFor(OsSession.PROMPT, BOOT_BUDGET);
        return os;
    }

    @Test
    void bootsToTheShellPromptInUnderFiftyMillionInstructions() throws Exception {
        OsSession os = new OsSession();
        String boot = os.waitFor(OsSession.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("virtlab-os: booting on hart 0"), boot);
        assertTrue(boot.contains("files unpacked"), boot);
        assertTrue(boot.contains("virtlab-os: no disk"), boot);
        assertTrue(os.instructions() < BOOT_BUDGET, "boot took " + os.instructions() + " instructions");
        System.out.println("virtlab-os: shell prompt after " + os.instructions() + " instructions");
    }

    @Test
    void aScriptedConsoleSessionRunsCommands() throws Exception {
        OsSession os = booted();
        String ls = os.command("ls /bin", COMMAND_BUDGET);
        for (String tool : List.of("sh", "ls", "cat", "echo", "mkdir", "rm", "cp", "wc", "grep", "ps", "kill",
                "sleep", "uptime", "free", "hostname", "poweroff", "selftest", "cpubench"))
            assertTrue(Pattern.compile("(?m)^" + tool + " +file").matcher(ls).find(), tool + " missing from:\n" + ls);
        assertEquals("hello virtual world\n", os.command("echo hello virtual world", COMMAND_BUDGET));
        assertEquals("1 3 20\n", os.command("echo hello virtual world | wc", COMMAND_BUDGET));
        assertEquals("", os.command("mkdir /tmp/work", COMMAND_BUDGET));
        assertEquals("", os.command("echo first > /tmp/work/notes; echo second >> /tmp/work/notes", COMMAND_BUDGET));
        assertEquals("", os.command("cp /tmp/work/notes /tmp/work/copy", COMMAND_BUDGET));
        assertEquals("first\nsecond\n", os.command("cat < /tmp/work/copy", COMMAND_BUDGET));
        assertEquals("second\n", os.command("cat /tmp/work/notes | grep sec", COMMAND_BUDGET));
        assertEquals("", os.command("rm /tmp/work/copy", COMMAND_BUDGET));
        assertTrue(os.command("cat /tmp/work/copy", COMMAND_BUDGET).contains("cannot open"));
        assertEquals("virtlab\n", os.command("hostname", COMMAND_BUDGET));
        assertEquals("", os.command("hostname lab1", COMMAND_BUDGET));
        assertEquals("lab1\n", os.command("hostname", COMMAND_BUDGET));
        String ps = os.command("ps", COMMAND_BUDGET);
        assertTrue(ps.contains("PID") && ps.contains(" init\n") && ps.contains(" sh\n") && ps.contains(" ps\n"), ps);
        assertTrue(os.command("free", COMMAND_BUDGET).contains("MemFree:"));
        assertTrue(os.command("uptime", COMMAND_BUDGET).matches("\\d+\\.\\d\\d seconds, \\d+ ticks\n"));
        assertTrue(os.command("nosuch", COMMAND_BUDGET).contains("nosuch: command not found"));
        String history = os.command("history", COMMAND_BUDGET);
        assertTrue(history.contains("echo hello virtual world | wc"), history);
        assertTrue(os.command("sleep 1 &", COMMAND_BUDGET).matches("\\[\\d+\\]\n"));
    }

    @Test
    void selftestPrintsOnlyPass() throws Exception {
        OsSession os = booted();
        String out = os.command("selftest", 2_000_000_000L);
        long passes = out.lines().filter(l -> l.startsWith("PASS ")).count();
        assertTrue(passes >= 25, out);
        assertFalse(out.contains("FAIL"), out);
        assertTrue(out.contains("selftest: all passed (0 failures)"), out);
        // the faulting children were killed with a message, and the kernel kept running
        assertTrue(out.contains("store page fault at address 0x10"), out);
        // program text is R-X, constants R--, data RW-: stores and jumps into them are caught
        for (String check : List.of("a store into program text kills the process",
                "a store into read-only data kills the process", "executing data kills the process",
                "text and constants unchanged", "read() into program text fails"))
            assertTrue(out.contains("PASS " + check + "\n"), check + " missing:\n" + out);
        assertTrue(Pattern.compile("selftest\\[\\d+\\]: store page fault at address 0x4[0-9a-f]+ \\(read-only program text\\)")
                .matcher(out).find(), out);
        assertTrue(out.contains("(not executable)"), out);
        assertEquals("still here\n", os.command("echo still here", COMMAND_BUDGET));
    }

    @Test
    void everyBenchmarkPrintsSaneNumbers() throws Exception {
        OsSession os = booted();
        Pattern line = Pattern.compile("(\\w+): (\\d+) [a-z ]+ in (\\d+) us = (\\d+) [a-z ]+/s");
        for (String bench : List.of("cpubench", "syscallbench", "forkbench", "pfbench", "ctxbench")) {
            String out = os.command(bench, 2_000_000_000L);
            Matcher m = line.matcher(out);
            assertTrue(m.find(), bench + " printed:\n" + out);
            assertEquals(bench, m.group(1));
            assertTrue(Long.parseLong(m.group(2)) > 0 && Long.parseLong(m.group(3)) > 0
                    && Long.parseLong(m.group(4)) > 0, out);
        }
        String io = os.command("iobench", 2_000_000_000L);
        assertTrue(io.matches("(?s)iobench: ramfs write 512 KiB in \\d+ us = [1-9]\\d* KiB/s\n"
                + "iobench: ramfs read 512 KiB in \\d+ us = [1-9]\\d* KiB/s\n"
                + "iobench: no disk \\(boot with --disk FILE for virtio-blk figures\\)\n"), io);
    }

    @ParameterizedTest(name = "{0} hart(s)")
    @ValueSource(ints = {1, 2, 4})
    void bootsAndSharesWorkOnSeveralHarts(int harts) throws Exception {
        OsSession os = new OsSession(harts, true);
        os.waitFor(OsSession.PROMPT, BOOT_BUDGET * harts);
        String cpus = os.command("cat /proc/cpuinfo", COMMAND_BUDGET);
        for (int h = 0; h < harts; h++) assertTrue(cpus.contains("hart " + h + ": running"), cpus);
        assertFalse(cpus.contains("stopped"), cpus);
        String out = os.command("spin 1 & spin 1 & forkbench 50; ctxbench 200", 2_000_000_000L);
        assertTrue(out.contains("forkbench: 50 forks") && out.contains("ctxbench: 200 round trips"), out);
    }

    @Test
    void ctrlCKillsARunawayLoop() throws Exception {
        OsSession os = booted();
        os.type("spin\n");
        os.waitFor("spin\r\n", COMMAND_BUDGET);
        os.runFor(30_000_000);
        assertFalse(os.pending().contains(OsSession.PROMPT), "spin ended by itself: " + os.pending());
        os.type("\u0003");
        os.waitFor("^C", COMMAND_BUDGET);
        os.waitFor(OsSession.PROMPT, COMMAND_BUDGET);
        assertEquals("alive\n", os.command("echo alive", COMMAND_BUDGET));
        assertFalse(os.command("ps", COMMAND_BUDGET).contains("spin"));
    }

    @Test
    void powerOffEndsTheMachineCleanly() throws Exception {
        OsSession os = booted();
        os.type("poweroff\n");
        assertEquals(0, os.runToPowerOff(COMMAND_BUDGET));
        assertTrue(os.output().endsWith("virtlab-os: power off\r\n"), os.output());
    }

    @Test
    void bootsWithoutFirmwareThroughTheMachineModeStub() throws Exception {
        OsSession os = new OsSession(1, false);
        String boot = os.waitFor(OsSession.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("no firmware"), boot);
        assertEquals("hi\n", os.command("echo hi", COMMAND_BUDGET));
        os.type("poweroff\n");
        assertEquals(0, os.runToPowerOff(COMMAND_BUDGET));
    }
}
