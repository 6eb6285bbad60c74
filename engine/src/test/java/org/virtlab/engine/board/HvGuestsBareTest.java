package org.virtlab.engine.board;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;

/**
 * The hv-test guests (guests/hv-tests) on the bare virt board: the reference a hypervisor
 * running the same guests deprivileged is compared against. m-start boots with no firmware
 * (--bios none); the others are S-mode kernels behind the built-in SBI.
 */
class HvGuestsBareTest {
    private static final long BUDGET = 5_000_000;
    /** Every guest is short: the longest, hostile, retires about 280 000 instructions. */
    private static final long SHORT = 1_000_000;

    private record Run(BoardRunner.Outcome outcome, String console) {
        void assertPoweredOffWithStatusZero() {
            assertEquals(BoardRunner.Stop.POWER_OFF, outcome.stop(), console);
            assertEquals(0, outcome.exitCode(), console);
            assertTrue(outcome.instructions() < SHORT, "retired " + outcome.instructions() + " instructions");
        }
    }

    private static Run run(BoardConfig config) throws Exception {
        BoardGuests.Console console = new BoardGuests.Console();
        BoardRunner.Outcome outcome = new BoardRunner(config, console, null).run(BUDGET);
        return new Run(outcome, console.text());
    }

    private static BoardConfig.Builder behindSbi(String guest) {
        return BoardConfig.builder().builtinFirmware().kernel(HvGuests.load(guest), guest);
    }

    @Test
    void mStartBootsItselfFromMachineModeIntoSupervisorAndUserMode() throws Exception {
        Run run = run(BoardConfig.builder().noFirmware().kernel(HvGuests.load("m-start.elf"), "m-start.elf").build());
        run.assertPoweredOffWithStatusZero();
        assertEquals("""
                PASS mret-to-S
                PASS paging
                PASS timer-ticks
                PASS user-ecall
                hv-test m-start: all passed
                """, run.console());
    }

    @Test
    void mStartParksTheOtherHarts() throws Exception {
        BoardConfig config = BoardConfig.builder().noFirmware().harts(2)
                .kernel(HvGuests.load("m-start.elf"), "m-start.elf").build();
        Run run = run(config);
        run.assertPoweredOffWithStatusZero();
        assertTrue(run.console().endsWith("hv-test m-start: all passed\n"), run.console());
    }

    @Test
    void csrCountPrintsItsHandCountAndShutsDownWithSrst() throws Exception {
        Run run = run(behindSbi("csr-count.elf").build());
        run.assertPoweredOffWithStatusZero();
        assertEquals("""
                csr-count: K=1000
                csr-count: privileged=1001 ecalls=1
                hv-test csr-count: all passed
                """, run.console());
    }

    /** The hand count in csr-count's source is what the hart executes: traced, instruction by instruction. */
    @Test
    void csrCountExecutesExactlyTheDocumentedPrivilegedInstructionsAndEcalls() throws Exception {
        ByteArrayOutputStream trace = new ByteArrayOutputStream();
        BoardRunner runner = new BoardRunner(behindSbi("csr-count.elf").build(), new BoardGuests.Console(),
                new Tracer(new PrintStream(trace, true)));
        assertEquals(0, runner.run(BUDGET).exitCode());
        Set<String> privileged = Set.of("csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci", "sret", "mret",
                "wfi", "sfence.vma");
        long csrs = 0, ecalls = 0, supervisor = 0;
        for (String line : trace.toString(StandardCharsets.UTF_8).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 5 || !f[1].equals("S")) continue;     // h0 S  pc  raw  mnemonic operands
            supervisor++;
            if (privileged.contains(f[4])) csrs++;
            if (f[4].equals("ecall")) ecalls++;
        }
        assertTrue(supervisor > 2000, "the trace has " + supervisor + " S-mode instructions");
        assertEquals(1001, csrs, "privileged instructions");
        assertEquals(1, ecalls, "ecalls");
    }

    @Test
    void shadowTestsPassEverySv39Check() throws Exception {
        Run run = run(behindSbi("shadow-tests.elf").build());
        run.assertPoweredOffWithStatusZero();
        for (String check : List.of("paging", "store-ro", "fetch-nx", "load-u-sum0", "fetch-u-sum1", "load-u-sum1",
                "fetch-u-after-load", "load-xo-mxr0", "load-xo-mxr1", "fetch-xo", "ad-load", "ad-store", "remap",
                "user-ecall", "user-data", "user-load-s-page", "user-store-s-page"))
            assertTrue(run.console().contains("PASS " + check + "\n"), check + " in:\n" + run.console());
        assertFalse(run.console().contains("FAIL"), run.console());
        assertTrue(run.console().contains("shadow-tests: A/D set by hardware\n"), run.console());
        assertTrue(run.console().endsWith("hv-test shadow-tests: all passed\n"), run.console());
    }

    @Test
    void hostileFaultsOutsideItsRamAndReachesOnlyRamThroughGigapages() throws Exception {
        Run run = run(behindSbi("hostile.elf").build());
        run.assertPoweredOffWithStatusZero();
        String out = run.console();
        assertTrue(out.startsWith("hostile: RAM ends at 0x0000000088000000 (device tree)\n"), out);
        for (String outside : List.of("0x0000000000000000", "0x000000007ffff000", "0x0000000088000000",
                "0x0000000088001000", "0x0000000100000000", "0x0000003ffffff000", "0x0000004000000000"))
            assertTrue(out.contains("hostile: a " + outside + " load=fault(5) store=fault(7) readback=fault(5)\n"),
                    outside + " in:\n" + out);
        assertTrue(out.contains("hostile: b GiB 2 at 0x0000000080000000 took the marker\n"), out);
        assertTrue(out.contains("hostile: b gigapages ok=1 faulted=255 other=0\n"), out);
        assertTrue(out.contains("hostile: c no virtio-blk device\n"), out);
        assertTrue(out.contains("hostile: d 100000 iterations with interrupts off\n"), out);
        for (String phase : List.of("phys-probe", "gigapages", "virtio-wild", "busy-loop"))
            assertTrue(out.contains("PASS " + phase + "\n"), phase + " in:\n" + out);
        assertTrue(out.endsWith("hv-test hostile: all passed\n"), out);
    }

    @Test
    void hostileWildVirtioAddressesOnlyMakeTheDeviceAskForAReset() throws Exception {
        byte[] bytes = new byte[64 * 512];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31 + 7);
        byte[] original = bytes.clone();
        Run run = run(behindSbi("hostile.elf").disk(new MemoryDisk(bytes, false, "hostile-disk")).build());
        run.assertPoweredOffWithStatusZero();
        String out = run.console();
        assertTrue(out.contains("hostile: c virtio-blk in slot 0\n"), out);
        // DEVICE_NEEDS_RESET (0x40) on top of ACKNOWLEDGE | DRIVER | DRIVER_OK | FEATURES_OK; nothing used.
        assertTrue(out.contains("hostile: c wild-rings device-status=0x000000000000004f"), out);
        assertTrue(out.contains("hostile: c wild-buffers device-status=0x000000000000004f"), out);
        assertTrue(out.contains("used-idx=0 status-byte=0x00000000000000ff polls=bounded\n"), out);
        assertTrue(out.contains("hostile: c wild-data device-status=0x000000000000004f"), out);
        assertTrue(out.endsWith("hv-test hostile: all passed\n"), out);
        assertArrayEquals(original, bytes, "the disk changed");
    }

    @Test
    void privMixMakesItsSyscallsAndSwitchesAddressSpaces() throws Exception {
        Run run = run(behindSbi("priv-mix.elf").build());
        run.assertPoweredOffWithStatusZero();
        assertEquals("""
                priv-mix: ticks=100 exits=1 satp-switches=50 sum=150
                PASS syscalls
                PASS satp-switch
                hv-test priv-mix: all passed
                """, run.console());
    }
}
