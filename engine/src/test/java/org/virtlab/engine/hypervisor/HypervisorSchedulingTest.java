package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.bench.GuestConsole;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;

/** Scheduling, lifecycle and containment of the hypervisor's domains. */
class HypervisorSchedulingTest {
    private static final long BOOT_BUDGET = 300_000_000;
    private static final long COMMAND_BUDGET = 1_000_000_000L;

    private static BoardConfig board(int harts, int weight0, int weight1) {
        HypervisorConfig hc = HypervisorConfig.of(List.of(
                new DomainSpec("dom0", VirtlabOsUnderFullVirtualizationTest.os(), Technique.FULL, weight0),
                new DomainSpec("dom1", VirtlabOsUnderFullVirtualizationTest.os(), Technique.FULL, weight1)));
        return BoardConfig.builder().harts(harts).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    /** Boots two virtlab-os domains and starts a CPU-bound loop in both. */
    private static GuestConsole spinningInBoth(BoardConfig board) throws InterruptedException {
        GuestConsole c = new GuestConsole(board);
        c.waitFor("[dom1] $ ", BOOT_BUDGET * 2);
        for (int d = 0; d < 2; d++) {
            c.runner().board().setInputDomain(d);
            c.command("spin &", COMMAND_BUDGET);
        }
        return c;
    }

    private static long[] retiredDuring(GuestConsole c, long instructions) throws InterruptedException {
        Hypervisor hv = c.runner().board().hypervisor();
        hv.sync();
        long a = hv.domain(0).retired(), b = hv.domain(1).retired();
        c.runner().run(instructions);
        hv.sync();
        return new long[] {hv.domain(0).retired() - a, hv.domain(1).retired() - b};
    }

    @Test
    void aWeightTwoDomainGetsTwiceTheTimeOfAWeightOneDomain() throws Exception {
        GuestConsole c = spinningInBoth(board(1, 2, 1));
        long[] r = retiredDuring(c, 100_000_000);
        double ratio = (double) r[0] / r[1];
        assertTrue(ratio > 1.7 && ratio < 2.3, "dom0 (weight 2) ran " + r[0] + ", dom1 (weight 1) " + r[1]);
    }

    @Test
    void anIdleDomainWaitingInWfiDoesNotRunWhileTheOtherComputes() throws Exception {
        GuestConsole c = new GuestConsole(board(1, 1, 1));
        c.waitFor("[dom1] $ ", BOOT_BUDGET * 2);
        c.runner().board().setInputDomain(0);
        c.command("spin &", COMMAND_BUDGET);
        long[] r = retiredDuring(c, 50_000_000);
        assertTrue(r[1] < r[0] / 100, "the idle domain ran " + r[1] + " instructions, the busy one " + r[0]);
    }

    @Test
    void aPausedDomainStopsWhereItIsAndResumes() throws Exception {
        GuestConsole c = spinningInBoth(board(1, 1, 1));
        Hypervisor hv = c.runner().board().hypervisor();
        hv.pause(1);
        long[] paused = retiredDuring(c, 30_000_000);
        assertEquals(0, paused[1], "a paused domain retires nothing");
        assertTrue(paused[0] > 25_000_000, "the other domain got the hart: " + paused[0]);
        hv.resume(1);
        long[] resumed = retiredDuring(c, 30_000_000);
        assertTrue(resumed[1] > 10_000_000, "dom1 runs again: " + resumed[1]);
    }

    @Test
    void twoDomainsOnTwoHartsAndAGuestWithTwoVcpus() throws Exception {
        GuestConsole c = spinningInBoth(board(2, 1, 1));
        long[] r = retiredDuring(c, 60_000_000);
        assertTrue(r[0] > 25_000_000 && r[1] > 25_000_000, "each domain has a hart of its own: " + r[0] + ", " + r[1]);

        BoardConfig smp = VirtlabOsUnderFullVirtualizationTest.os().toBuilder().harts(2).build();
        HypervisorConfig hc = HypervisorConfig.of(List.of(new DomainSpec("smp", smp, Technique.FULL, 1)));
        GuestConsole os = new GuestConsole(BoardConfig.builder().harts(2).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build());
        os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        String cpus = os.command("cat /proc/cpuinfo", COMMAND_BUDGET);
        assertTrue(cpus.contains("hart 0: running") && cpus.contains("hart 1: running"), cpus);
    }

    @Test
    void randomCodeInOneDomainOnlyHurtsThatDomain() throws Exception {
        Random random = new Random(42);
        for (int round = 0; round < 3; round++) {
            byte[] garbage = new byte[64 * 1024];
            random.nextBytes(garbage);
            BoardConfig wild = BoardConfig.builder().kernel(garbage, "garbage.bin").memoryMiB(8).noFirmware().build();
            HypervisorConfig hc = HypervisorConfig.of(List.of(
                    new DomainSpec("wild", wild, Technique.FULL, 1),
                    new DomainSpec("calm", FullVirtualizationTest.guestBoard("csr-count.elf", true), Technique.FULL, 1)));
            BoardConfig board = BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
            StringBuilder console = new StringBuilder();
            BoardRunner runner = new BoardRunner(board, b -> console.append((char) b), null);
            runner.run(4_000_000);
            Hypervisor hv = runner.board().hypervisor();
            assertEquals(Domain.State.OFF, hv.domain(1).state(), "round " + round + ":\n" + console);
            assertEquals(0, hv.domain(1).exitCode(), console.toString());
            assertTrue(console.toString().contains("[calm] hv-test csr-count: all passed"), console.toString());
        }
    }

    @Test
    void aGuestThatResetsItsBoardGetsAFreshDomainWhileTheOtherRunsOn() throws Exception {
        // lui t0,0x100; lui t1,0x7; addi t1,t1,0x777; sw t1,0(t0); j .  -- "reset" to the test finisher
        int[] code = {0x001002B7, 0x00007337, 0x77730313, 0x0062A023, 0x0000006F};
        byte[] image = new byte[code.length * 4];
        for (int i = 0; i < code.length; i++)
            for (int b = 0; b < 4; b++) image[4 * i + b] = (byte) (code[i] >>> (8 * b));
        BoardConfig resetting = BoardConfig.builder().kernel(image, "reset.bin").memoryMiB(8).noFirmware().build();
        HypervisorConfig hc = HypervisorConfig.of(List.of(
                new DomainSpec("resetting", resetting, Technique.FULL, 1),
                new DomainSpec("calm", FullVirtualizationTest.guestBoard("m-start.elf", false), Technique.FULL, 1)));
        BoardConfig board = BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
        StringBuilder console = new StringBuilder();
        BoardRunner runner = new BoardRunner(board, b -> console.append((char) b), null);
        Hypervisor hv = runner.board().hypervisor();
        for (long done = 0; hv.domain(1).state() != Domain.State.OFF && done < 5_000_000; done += 20_000) runner.run(20_000);
        // A reset takes 10 ms of machine time, so a guest resetting in a loop costs a rebuild per 10 ms, not per instruction.
        long resets = hv.counters().get("domain.reset_requested"), rebuilds = hv.counters().get("domain.reboot");
        long tenMsPeriods = hv.machine().time() / 100_000;
        assertTrue(rebuilds >= 2 && rebuilds <= resets && resets <= tenMsPeriods + 1,
                "resets " + resets + ", rebuilds " + rebuilds + " in " + tenMsPeriods + " periods of 10 ms");
        assertEquals(Domain.State.RUNNING, hv.domain(0).state());
        assertTrue(console.toString().contains("[calm] hv-test m-start: all passed"), console.toString());
    }
}
