package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.bench.GuestConsole;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.EventCounters;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.image.BuiltinImages;

/** The paravirtualized teaching OS (guests/os, make PV=1) in a domain under the para technique. */
class VirtlabOsUnderParaTest {
    private static final long BOOT_BUDGET = 300_000_000;
    private static final long COMMAND_BUDGET = 3_000_000_000L;

    static BoardConfig pvOs() {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os-pv").orElseThrow();
        return BoardConfig.builder().kernel(image.kernel(), image.kernelName())
                .initrd(image.initrd(), image.initrdName()).builtinFirmware().build();
    }

    static BoardConfig hypervisor(List<DomainSpec> domains) {
        HypervisorConfig hc = HypervisorConfig.of(domains);
        return BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    @Test
    void bootsAndPassesItsSelftest() throws Exception {
        GuestConsole os = new GuestConsole(hypervisor(List.of(new DomainSpec("dom0", pvOs(), Technique.PARA, 1))));
        String boot = os.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
        EventCounters c = os.runner().board().hypervisor().domain(0).counters();
        System.out.println(boot);
        System.out.println(c.snapshot());
        assertTrue(boot.contains("virtlab-os: booting on hart 0"), boot);
        String out = os.command("selftest", COMMAND_BUDGET);
        System.out.println(out);
        assertTrue(out.contains("selftest: all passed (0 failures)"), out);
        assertFalse(out.contains("FAIL"), out);
    }
}
