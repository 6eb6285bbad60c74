package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.EventCounters;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.memory.LittleEndian;
import org.virtlab.engine.memory.Ram;

/**
 * Hardware-assisted virtualization end to end: the reference guests (guests/hv-tests), which
 * pass on the bare board and under full virtualization, must pass unmodified in VS-mode, and
 * the exits the hypervisor counts must be exactly those the H extension leaves it.
 */
class HardwareVirtualizationTest {

    private static void assertPassed(HwRun r, String name) {
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(0, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("hv-test " + name + ": all passed"), r.console());
        assertFalse(r.console().contains("FAIL"), r.console());
    }

    @Test
    void csrAccessesInVsModeCauseNoExitAtAll() throws Exception {
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, HwRun.hw("dom0", "csr-count.elf")));
        assertPassed(r, "csr-count");
        // guests/hv-tests/README.md: 1001 privileged instructions (full virtualization traps on each) and 1 ecall
        EventCounters c = r.hypervisor().domain(0).counters();
        Map<String, Long> all = c.snapshot();
        assertEquals(0, c.total("exit.virtual_instruction"), all.toString());
        assertEquals(0, c.total("emulate"), all.toString());
        assertEquals(0, c.total("trap"), "hw counts exits, never traps: " + all);
        assertEquals(1, c.get("exit.sbi.SRST"), all.toString());
        assertEquals(1, c.get("sbi.SRST.system_reset"), all.toString());
        // every other exit is the UART printing
        long uart = c.get("exit.guest_page_fault.uart0");
        assertTrue(uart > 0 && uart == c.get("mmio.uart0"), all.toString());
        assertEquals(1 + uart, c.total("exit") - c.total("exit.interrupt"), all.toString());
        // the guest's 2 703 instructions (README): each one either retired in VS-mode in hardware or exited
        GuestModeRetired retired = r.hw(0).retired();
        assertEquals(2703, retired.vs() + uart + 1, retired + ", " + uart + " UART exits, 1 SBI exit");
        assertEquals(0, retired.vu(), retired.toString());
    }

    @Test
    void sbiCallsAndMmioExitAndAreTraced() throws Exception {
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, HwRun.hw("dom0", "csr-count.elf")));
        var exits = r.hypervisor().trace().events("exit");
        assertTrue(exits.stream().anyMatch(e -> e.action().startsWith("environment call from VS-mode: a7=0x53525354")),
                exits.toString());
        assertTrue(exits.stream().anyMatch(e -> e.action().startsWith("store/AMO guest-page fault") && e.action().contains("uart0")),
                exits.toString());
        var sbi = r.hypervisor().trace().events("sbi");
        assertEquals(1, sbi.size(), sbi.toString());
        assertTrue(sbi.get(0).action().startsWith("SBI SRST.system_reset"), sbi.toString());
        assertTrue(r.hypervisor().trace().events("mmio").stream().allMatch(e -> e.action().startsWith("uart0: ")));
    }

    @Test
    void twoStagePagingKeepsEveryPermissionRuleOfTheGuest() throws Exception {
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, HwRun.hw("dom0", "shadow-tests.elf")));
        assertPassed(r, "shadow-tests");
        assertTrue(r.console().contains("A/D set by hardware"), r.console());
        EventCounters c = r.hypervisor().domain(0).counters();
        // the guest's own page faults go to its handler without an exit
        assertEquals(0, c.total("inject"), c.snapshot().toString());
        assertEquals(0, c.total("shadow"), c.snapshot().toString());
    }

    @Test
    void systemCallsAndAddressSpaceSwitchesNeedNoExit() throws Exception {
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, HwRun.hw("dom0", "priv-mix.elf")));
        assertPassed(r, "priv-mix");
        EventCounters c = r.hypervisor().domain(0).counters();
        assertEquals(0, c.total("inject"), c.snapshot().toString());
        assertEquals(0, c.total("exit.virtual_instruction"), c.snapshot().toString());
        GuestModeRetired retired = r.hw(0).retired();
        assertTrue(retired.vu() > 100, "the process ran in VU-mode: " + retired);
    }

    @Test
    void aHostileGuestReachesNothingOutsideItsGStageAndTheOtherDomainIsUnaffected() throws Exception {
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, HwRun.hw("hostile", "hostile.elf"), HwRun.hw("victim", "shadow-tests.elf")));
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertTrue(r.console().contains("[victim] hv-test shadow-tests: all passed"), r.console());
        assertTrue(r.console().contains("[hostile] hv-test hostile: all passed"), r.console());
        assertTrue(r.console().contains("[hostile] hostile: b gigapages ok=1 faulted=255 other=0"), r.console());
        Hypervisor hv = r.hypervisor();
        DomainMemory own = hv.domain(0).memory();
        Ram host = own.hostRam();
        byte[] page = new byte[4096];
        for (long a = host.base(); a < host.base() + host.size(); a += 4096) {
            if (own.ownsHost(a, 4096)) continue;
            host.readBytes(a, page, 0, page.length);
            for (int i = 0; i < page.length; i += 8)
                assertNotEquals(0xBADC0FFEE0DDF00DL, LittleEndian.read(page, i, 8),
                        String.format("the hostile guest's marker is at host 0x%x", a + i));
        }
        EventCounters c = hv.domain(0).counters();
        assertTrue(c.get("exit.guest_page_fault.unmapped") >= 255 + 7, c.snapshot().toString());
        assertEquals(c.get("exit.guest_page_fault.unmapped"), c.get("inject.load_access_fault")
                + c.get("inject.store_access_fault") + c.get("inject.instruction_access_fault"), c.snapshot().toString());
    }

    @Test
    void twoDomainsInterleavedOnOneHartHaveTheirOwnVmidsAndTranslations() throws Exception {
        // A 200-tick quantum switches domains every ~2000 instructions; both run the same guest at the same addresses.
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, true, 200,
                HwRun.hw("a", "priv-mix.elf"), HwRun.hw("b", "priv-mix.elf"), HwRun.hw("c", "shadow-tests.elf")));
        assertEquals(0, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("[a] hv-test priv-mix: all passed"), r.console());
        assertTrue(r.console().contains("[b] hv-test priv-mix: all passed"), r.console());
        assertTrue(r.console().contains("[c] hv-test shadow-tests: all passed"), r.console());
        assertNotEquals(r.hw(0).vmid(), r.hw(1).vmid());
        assertNotEquals(r.hw(1).vmid(), r.hw(2).vmid());
        assertNotEquals(r.hw(0).hgatp(), r.hw(1).hgatp());
        for (Domain d : r.hypervisor().domains()) {
            assertEquals(Domain.State.OFF, d.state(), d.toString());
            assertTrue(d.counters().get("switch.vcpu") > 3, "interleaved: " + d.counters().snapshot());
        }
    }

    @Test
    void aMachineWithoutTheHExtensionRefusesTheTechniqueAndSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HwRun.run(HwRun.hypervisorBoard(1, false, 100_000, HwRun.hw("dom0", "csr-count.elf"))));
        assertTrue(e.getMessage().contains("needs the hypervisor extension (misa.H)"), e.getMessage());
        assertTrue(e.getMessage().contains("--technique full"), e.getMessage());
    }

    @Test
    void aKernelThatStartsInMachineModeIsRefusedWithAHintAtFullVirtualization() {
        DomainSpec mStart = new DomainSpec("dom0", HwRun.guestBoard("m-start.elf", false), Technique.HW, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HwRun.run(HwRun.hypervisorBoard(1, mStart)));
        assertTrue(e.getMessage().contains("starts in M-mode"), e.getMessage());
        assertTrue(e.getMessage().contains("--technique full"), e.getMessage());
    }

    @Test
    void fullAndHwDomainsShareAHart() throws Exception {
        HwRun r = HwRun.run(HwRun.hypervisorBoard(1, true, 200,
                new DomainSpec("full", HwRun.guestBoard("priv-mix.elf", true), Technique.FULL, 1),
                HwRun.hw("hw", "priv-mix.elf"),
                new DomainSpec("m", HwRun.guestBoard("m-start.elf", false), Technique.FULL, 1)));
        assertEquals(0, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("[full] hv-test priv-mix: all passed"), r.console());
        assertTrue(r.console().contains("[hw] hv-test priv-mix: all passed"), r.console());
        assertTrue(r.console().contains("[m] hv-test m-start: all passed"), r.console());
        assertTrue(r.hypervisor().domain(0).counters().get("inject.environment_call_from_u_mode") >= 100);
        assertEquals(0, r.hypervisor().domain(1).counters().total("inject"));
    }
}
