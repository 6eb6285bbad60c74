package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;

/**
 * The hypervisor's full virtualization, end to end on the emulated board: our reference guests
 * (guests/hv-tests), which pass on the bare board (HvGuestsBareTest), must pass unmodified in
 * a domain, and the hypervisor's counters must match what they are known to do.
 */
class FullVirtualizationTest {
    private static final long BUDGET = 200_000_000;

    static byte[] guest(String name) {
        try (InputStream in = FullVirtualizationTest.class.getResourceAsStream("/hv-tests/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource hv-tests/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static BoardConfig guestBoard(String image, boolean firmware) {
        BoardConfig.Builder b = BoardConfig.builder().kernel(guest(image), image).memoryMiB(32);
        return (firmware ? b.builtinFirmware() : b.noFirmware()).build();
    }

    static BoardConfig hypervisorBoard(int harts, DomainSpec... domains) {
        HypervisorConfig hc = HypervisorConfig.of(List.of(domains));
        return BoardConfig.builder().harts(harts).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    /** A board, its console, and how its run ended. */
    record Run(BoardRunner runner, String console, BoardRunner.Outcome outcome) {
        Hypervisor hypervisor() {
            return runner.board().hypervisor();
        }
    }

    static Run run(BoardConfig board) throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BoardRunner runner = new BoardRunner(board, out::write, null);
        BoardRunner.Outcome o = runner.run(BUDGET);
        return new Run(runner, out.toString(StandardCharsets.ISO_8859_1), o);
    }

    private static void assertPassed(Run r, String name) {
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(0, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("hv-test " + name + ": all passed"), r.console());
        assertFalse(r.console().contains("FAIL"), r.console());
    }

    @Test
    void everyPrivilegedInstructionOfTheGuestTrapsExactlyOnceAndIsEmulated() throws Exception {
        Run r = run(hypervisorBoard(1, new DomainSpec("dom0", guestBoard("csr-count.elf", true), Technique.FULL, 1)));
        assertPassed(r, "csr-count");
        // guests/hv-tests/README.md: csr-count executes exactly 1001 privileged instructions and 1 ecall
        EventCounters c = r.hypervisor().domain(0).counters();
        assertEquals(1001, c.get("trap.illegal_instruction"), c.snapshot().toString());
        assertEquals(1001, c.total("emulate"), c.snapshot().toString());
        assertEquals(500, c.get("emulate.csr.sscratch") / 2, c.snapshot().toString());
        assertEquals(1, c.get("sbi.SRST.system_reset"), c.snapshot().toString());
    }

    @Test
    void aKernelThatStartsInMachineModeRunsWithoutFirmware() throws Exception {
        Run r = run(hypervisorBoard(1, new DomainSpec("dom0", guestBoard("m-start.elf", false), Technique.FULL, 1)));
        assertPassed(r, "m-start");
        EventCounters c = r.hypervisor().domain(0).counters();
        assertTrue(c.get("emulate.mret") >= 1, c.snapshot().toString());
        assertTrue(c.total("mmio.clint") > 0, "the M-mode timer goes through the virtual CLINT: " + c.snapshot());
        assertEquals(0, c.total("sbi"), "no SBI without firmware: " + c.snapshot());
    }

    @Test
    void shadowPagingKeepsEveryPermissionRuleOfTheGuest() throws Exception {
        Run r = run(hypervisorBoard(1, new DomainSpec("dom0", guestBoard("shadow-tests.elf", true), Technique.FULL, 1)));
        assertPassed(r, "shadow-tests");
        EventCounters c = r.hypervisor().domain(0).counters();
        assertTrue(c.get("shadow.fill") > 0 && c.get("shadow.guest_fault") > 0, c.snapshot().toString());
    }

    @Test
    void syscallsBounceThroughTheHypervisorAndAddressSpaceSwitchesAreEmulated() throws Exception {
        Run r = run(hypervisorBoard(1, new DomainSpec("dom0", guestBoard("priv-mix.elf", true), Technique.FULL, 1)));
        assertPassed(r, "priv-mix");
        EventCounters c = r.hypervisor().domain(0).counters();
        assertTrue(c.get("inject.environment_call_from_u_mode") >= 100, c.snapshot().toString());
        assertTrue(c.get("emulate.csr.satp") >= 50, c.snapshot().toString());
    }

    @Test
    void aHostileGuestReachesNothingOutsideItsOwnMemoryAndTheOtherDomainIsUnaffected() throws Exception {
        byte[] disk = new byte[64 * 1024];
        java.util.Arrays.fill(disk, (byte) 0x5A);
        BoardConfig hostile = guestBoard("hostile.elf", true).toBuilder()
                .disk(new org.virtlab.engine.devices.virtio.blk.MemoryDisk(disk.clone(), false, "hostile-disk")).build();
        Run r = run(hypervisorBoard(1,
                new DomainSpec("hostile", hostile, Technique.FULL, 1),
                new DomainSpec("victim", guestBoard("shadow-tests.elf", true), Technique.FULL, 1)));
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertTrue(r.console().contains("[victim] hv-test shadow-tests: all passed"), r.console());
        assertTrue(r.console().contains("[hostile] hv-test hostile: all passed"), r.console());
        // the marker the hostile guest writes everywhere it can must only be in its own RAM
        Hypervisor hv = r.hypervisor();
        DomainMemory own = hv.domain(0).memory();
        org.virtlab.engine.memory.Ram host = own.hostRam();
        byte[] page = new byte[4096];
        for (long a = host.base(); a < host.base() + host.size(); a += 4096) {
            if (own.ownsHost(a, 4096)) continue;
            host.readBytes(a, page, 0, page.length);
            for (int i = 0; i < page.length; i += 8) {
                long v = org.virtlab.engine.memory.LittleEndian.read(page, i, 8);
                assertFalse(v == 0xBADC0FFEE0DDF00DL, String.format("the hostile guest's marker is at host 0x%x", a + i));
            }
        }
        assertTrue(hv.domain(0).counters().total("inject") > 0, "its stray accesses were reflected as faults");
        assertTrue(hv.domain(0).counters().total("mmio.virtio0") > 0, "it programmed its virtio-blk: " + hv.domain(0).counters().snapshot());
        for (String request : new String[] {"wild-rings", "wild-buffers", "wild-data"})
            assertTrue(r.console().contains("[hostile] hostile: c " + request + " device-status=0x000000000000004f"),
                    request + " was refused with DEVICE_NEEDS_RESET, as on the bare board:\n" + r.console());
    }

    @Test
    void twoDomainsRunAtOnceOnOneHartAndEachPowersOffOnItsOwn() throws Exception {
        Run r = run(hypervisorBoard(1,
                new DomainSpec("a", guestBoard("priv-mix.elf", true), Technique.FULL, 1),
                new DomainSpec("b", guestBoard("m-start.elf", false), Technique.FULL, 1)));
        assertEquals(0, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("[a] hv-test priv-mix: all passed"), r.console());
        assertTrue(r.console().contains("[b] hv-test m-start: all passed"), r.console());
        for (Domain d : r.hypervisor().domains()) assertEquals(Domain.State.OFF, d.state(), d.toString());
    }
}
