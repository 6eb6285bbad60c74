package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.bench.GuestConsole;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.image.BuiltinImages;

/** The unmodified teaching OS (guests/os) in hypervisor domains under full virtualization. */
class VirtlabOsUnderFullVirtualizationTest {
    private static final long BOOT_BUDGET = 300_000_000;
    private static final long COMMAND_BUDGET = 3_000_000_000L;

    static BoardConfig os() {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os").orElseThrow();
        return BoardConfig.builder().kernel(image.kernel(), image.kernelName())
                .initrd(image.initrd(), image.initrdName()).builtinFirmware().build();
    }

    static BoardConfig hypervisor(int domains) {
        List<DomainSpec> specs = new java.util.ArrayList<>();
        for (int i = 0; i < domains; i++) specs.add(new DomainSpec("dom" + i, os(), Technique.FULL, 1));
        HypervisorConfig hc = HypervisorConfig.of(specs);
        return BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    @Test
    void bootsAndPassesItsSelftest() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(1));
        String boot = os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("virtlab-os: booting on hart 0"), boot);
        String out = os.command("selftest", COMMAND_BUDGET);
        assertTrue(out.contains("selftest: all passed (0 failures)"), out);
        assertFalse(out.contains("FAIL"), out);
        EventCounters c = os.runner().board().hypervisor().domain(0).counters();
        assertTrue(c.total("emulate") > 0 && c.total("shadow") > 0 && c.total("mmio.uart0") > 0, c.snapshot().toString());
    }

    @Test
    void runsEveryBenchmarkProgram() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(1));
        os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        for (String bench : List.of("cpubench", "syscallbench", "forkbench", "pfbench", "ctxbench", "iobench")) {
            String out = os.command(bench, COMMAND_BUDGET);
            assertTrue(out.startsWith(bench + ": "), bench + " printed:\n" + out);
        }
    }

    @Test
    void twoDomainsHaveIndependentConsolesAndDestroyingOneFreesItsMemory() throws Exception {
        GuestConsole console = new GuestConsole(hypervisor(2));
        console.waitFor("[dom1] $ ", BOOT_BUDGET * 2);
        Hypervisor hv = console.runner().board().hypervisor();
        console.runner().board().setInputDomain(1);
        console.command("hostname second", COMMAND_BUDGET);
        console.runner().board().setInputDomain(0);
        String out = console.command("hostname", COMMAND_BUDGET);
        assertTrue(out.contains("[dom0] virtlab"), "dom0 kept its own hostname:\n" + out);
        assertEquals(Domain.State.RUNNING, hv.domain(1).state());
        long allocated = hv.machine().ram().allocatedPages();
        hv.destroy(1);
        assertEquals(Domain.State.DESTROYED, hv.domain(1).state());
        // A booted virtlab-os touches a few hundred pages of its RAM (kalloc hands out untouched pages lazily).
        assertTrue(hv.machine().ram().allocatedPages() <= allocated - 500,
                "destroying dom1 released its pages: " + allocated + " -> " + hv.machine().ram().allocatedPages());
        assertTrue(console.command("echo still here", COMMAND_BUDGET).contains("[dom0] still here"));
    }
}
