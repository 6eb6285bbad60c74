package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.bench.GuestConsole;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.EventCounters;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.image.BuiltinImages;

/** The paravirtualized teaching OS (guests/os, make PV=1) in a domain under the para technique. */
class VirtlabOsUnderParaTest {
    private static final long BOOT_BUDGET = 300_000_000;
    private static final long COMMAND_BUDGET = 3_000_000_000L;

    static BoardConfig image(String name) {
        BuiltinImages.Image image = BuiltinImages.find(name).orElseThrow();
        return BoardConfig.builder().kernel(image.kernel(), image.kernelName())
                .initrd(image.initrd(), image.initrdName()).builtinFirmware().build();
    }

    static BoardConfig pvOs() {
        return image("virtlab-os-pv");
    }

    static BoardConfig hypervisor(BoardConfig guest) {
        HypervisorConfig hc = HypervisorConfig.of(List.of(new DomainSpec("dom0", guest, Technique.PARA, 1)));
        return BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    @Test
    void bootsAndPassesItsSelftestWithoutEmulationOrShadowTables() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(pvOs()));
        String boot = os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("virtlab-os: paravirtualized: PV ABI 1"), boot);
        assertTrue(boot.contains("virtlab-os: booting on hart 0"), boot);
        String out = os.command("selftest", COMMAND_BUDGET);
        assertTrue(out.contains("selftest: all passed (0 failures)"), out);
        assertFalse(out.contains("FAIL"), out);
        EventCounters c = os.runner().board().hypervisor().domain(0).counters();
        String all = c.snapshot().toString();
        assertTrue(c.total("hypercall") > 0 && c.get("bounce.syscall") > 0 && c.get("validate.entry") > 0, all);
        assertTrue(c.get("hypercall.mmu_update") > 0 && c.get("pv.pin") > 0 && c.get("bounce.event") > 0, all);
        assertEquals(0, c.total("emulate") + c.total("shadow") + c.total("refuse") + c.total("pv.killed"), all);
        assertEquals(1, c.get("bounce.exception.illegal_instruction"), "selftest's one illegal instruction goes to the kernel: " + all);
        assertEquals(0, c.total("mmio.uart0") + c.total("mmio.plic"), "console and interrupts need no device registers: " + all);
    }

    @Test
    void runsEveryBenchmarkProgram() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(pvOs()));
        os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        for (String bench : List.of("cpubench", "syscallbench", "forkbench", "pfbench", "ctxbench", "iobench")) {
            String out = os.command(bench, COMMAND_BUDGET);
            assertTrue(out.startsWith(bench + ": "), bench + " printed:\n" + out);
        }
    }

    @Test
    void theVirtioDiskWorksWithItsInterruptsAsEventsAndTwoVcpusComeUp() throws Exception {
        MemoryDisk disk = new MemoryDisk(new byte[1 << 20], false, "test-disk");
        BoardConfig guest = pvOs().toBuilder().disk(disk).harts(2).build();
        HypervisorConfig hc = HypervisorConfig.of(List.of(new DomainSpec("dom0", guest, Technique.PARA, 1)));
        GuestConsole os = new GuestConsole(BoardConfig.builder().harts(2).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build());
        String boot = os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        assertTrue(boot.contains("2 hart(s)"), boot);
        assertTrue(boot.contains("virtlab-os: disk /dev/disk0: virtio-blk in slot 0 (IRQ 1), 2048 sectors"), boot);
        os.command("disk write 3 hello from a PV guest", COMMAND_BUDGET);
        assertEquals("hello from a PV guest", new String(disk.bytes(), 3 * 512, 21, java.nio.charset.StandardCharsets.ISO_8859_1));
        String out = os.command("iobench", COMMAND_BUDGET);
        assertTrue(out.contains("iobench: disk0 read 512 KiB"), out);
        EventCounters c = os.runner().board().hypervisor().domain(0).counters();
        assertTrue(c.get("event.virtio0") > 100 && c.total("mmio.virtio0") > 100, c.snapshot().toString());
        assertEquals(1, c.get("hypercall.vcpu_up"), c.snapshot().toString());
        assertTrue(os.runner().board().hypervisor().domain(0).vcpuCounters().get("vcpu1").getOrDefault("bounce.syscall", 0L) > 0
                || os.runner().board().hypervisor().domain(0).vcpuCounters().get("vcpu1").getOrDefault("hypercall.block", 0L) > 0,
                "vCPU 1 runs: " + os.runner().board().hypervisor().domain(0).vcpuCounters().get("vcpu1"));
    }

    @Test
    void anUnmodifiedKernelIsRefusedWithAPointerToFullOrHw() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GuestConsole(hypervisor(image("virtlab-os"))));
        assertTrue(e.getMessage().contains("virtlab-os/kernel.elf is not a paravirtualized kernel"), e.getMessage());
        assertTrue(e.getMessage().contains("--technique full or --technique hw"), e.getMessage());
    }
}
