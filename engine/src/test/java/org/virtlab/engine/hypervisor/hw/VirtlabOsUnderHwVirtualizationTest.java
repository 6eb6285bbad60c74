package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.bench.GuestConsole;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.HartCounters;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.EventCounters;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.image.BuiltinImages;

/** The unmodified teaching OS (guests/os) in VS-mode under hardware-assisted virtualization. */
class VirtlabOsUnderHwVirtualizationTest {
    private static final long BOOT_BUDGET = 300_000_000;
    private static final long COMMAND_BUDGET = 3_000_000_000L;

    static BoardConfig os() {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os").orElseThrow();
        return BoardConfig.builder().kernel(image.kernel(), image.kernelName())
                .initrd(image.initrd(), image.initrdName()).builtinFirmware().build();
    }

    static BoardConfig hypervisor(int domains, int harts, long quantumTicks) {
        List<DomainSpec> specs = new ArrayList<>();
        for (int i = 0; i < domains; i++) specs.add(new DomainSpec("dom" + i, os(), Technique.HW, 1));
        HypervisorConfig d = HypervisorConfig.of(specs);
        HypervisorConfig hc = new HypervisorConfig(d.domains(), quantumTicks, true, d.costs(), d.traceCapacity(), 0);
        return BoardConfig.builder().harts(harts).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    @Test
    void bootsInVsModeAndPassesItsSelftest() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(1, 1, HypervisorConfig.DEFAULT_QUANTUM_TICKS));
        String boot = os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("virtlab-os: booting on hart 0"), boot);
        Hypervisor hv = os.runner().board().hypervisor();
        EventCounters c = hv.domain(0).counters();
        String out = os.command("selftest", COMMAND_BUDGET);
        assertTrue(out.contains("selftest: all passed (0 failures)"), out);
        assertFalse(out.contains("FAIL"), out);
        assertEquals(0, c.total("emulate"), c.snapshot().toString());
        assertEquals(0, c.total("shadow"), c.snapshot().toString());
        assertTrue(c.total("mmio.uart0") > 0, c.snapshot().toString());
        // Sstc: the guest's timer is vstimecmp, in hardware; no SBI set_timer exit
        assertEquals(0, c.get("exit.sbi.TIME"), c.snapshot().toString());
        assertTrue(c.get("exit.virtual_instruction.wfi") > 0, "an idle guest gives its hart back: " + c.snapshot());
        // the typed command raised the UART's interrupt: the virtual PLIC's line, injected through hvip
        assertTrue(c.get("hvip.vseip") > 0, c.snapshot().toString());
        // timer ticks (vstimecmp) and the external interrupt were taken by the hardware in VS-mode
        HartCounters hart = hv.machine().hart(0).counters();
        assertTrue(hart.interrupts[Cause.VIRTUAL_SUPERVISOR_TIMER] > 0, "VS timer interrupts taken in hardware");
        assertTrue(hart.interrupts[Cause.VIRTUAL_SUPERVISOR_EXTERNAL] > 0, "VS external interrupts taken in hardware");
        GuestModeRetired retired = ((HardwareVirtualization) hv.domain(0).virtualization()).retired();
        assertTrue(retired.vs() > 0 && retired.vu() > 0, retired.toString());
    }

    @Test
    void runsEveryBenchmarkProgram() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(1, 1, HypervisorConfig.DEFAULT_QUANTUM_TICKS));
        os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        for (String bench : List.of("cpubench", "syscallbench", "forkbench", "pfbench", "ctxbench", "iobench")) {
            String out = os.command(bench, COMMAND_BUDGET);
            assertTrue(out.startsWith(bench + ": "), bench + " printed:\n" + out);
        }
    }

    @Test
    void twoDomainsInterleavedOnOneHartKeepTheirOwnState() throws Exception {
        GuestConsole console = new GuestConsole(hypervisor(2, 1, 2_000));
        console.waitFor("[dom1] $ ", BOOT_BUDGET * 2);
        console.runner().board().setInputDomain(1);
        console.command("hostname second", COMMAND_BUDGET);
        console.runner().board().setInputDomain(0);
        String out = console.command("hostname", COMMAND_BUDGET);
        assertTrue(out.contains("[dom0] virtlab"), "dom0 kept its own hostname:\n" + out);
        console.runner().board().setInputDomain(1);
        out = console.command("hostname", COMMAND_BUDGET);
        assertTrue(out.contains("[dom1] second"), "dom1 kept its own hostname:\n" + out);
    }

    @Test
    void twoVcpusOfOneDomainOnTwoHarts() throws Exception {
        BoardConfig guest = os().toBuilder().harts(2).build();
        HypervisorConfig hc = HypervisorConfig.of(List.of(new DomainSpec("dom0", guest, Technique.HW, 1)));
        GuestConsole os = new GuestConsole(BoardConfig.builder().harts(2).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build());
        String boot = os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("virtlab-os"), boot);
        assertTrue(os.command("echo two", COMMAND_BUDGET).contains("two"));
        EventCounters c = os.runner().board().hypervisor().domain(0).counters();
        assertTrue(c.get("sbi.HSM.hart_start") >= 1, c.snapshot().toString());
    }
}
