package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.EventCounters;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;

/**
 * The pv-test guests (guests/pv-tests) under the para technique: event masking through the
 * shared info page, page-table validation seen from a guest, and the kill of a PV kernel that
 * executes a privileged instruction.
 */
class PvGuestsTest {
    private static final long BUDGET = 200_000_000;

    static byte[] guest(String name) {
        try (InputStream in = PvGuestsTest.class.getResourceAsStream("/pv-tests/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource pv-tests/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static DomainSpec domain(String name, String image) {
        BoardConfig guest = BoardConfig.builder().kernel(guest(image), image).memoryMiB(32).builtinFirmware().build();
        return new DomainSpec(name, guest, Technique.PARA, 1);
    }

    record Run(BoardRunner runner, String console, BoardRunner.Outcome outcome) {
        Hypervisor hypervisor() {
            return runner.board().hypervisor();
        }

        EventCounters counters() {
            return hypervisor().domain(0).counters();
        }
    }

    static Run run(DomainSpec... domains) throws InterruptedException {
        HypervisorConfig hc = HypervisorConfig.of(List.of(domains));
        BoardConfig board = BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BoardRunner runner = new BoardRunner(board, out::write, null);
        BoardRunner.Outcome o = runner.run(BUDGET);
        return new Run(runner, out.toString(StandardCharsets.ISO_8859_1), o);
    }

    private static Map<String, Long> hypercalls(EventCounters c) {
        Map<String, Long> m = new TreeMap<>();
        c.snapshot().forEach((k, v) -> {
            if (k.startsWith("hypercall.")) m.put(k.substring("hypercall.".length()), v);
        });
        return m;
    }

    @Test
    void maskingAndUnmaskingEventsThroughTheSharedPageTakesNoHypercall() throws Exception {
        Run r = run(domain("dom0", "pv-events.elf"));
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(0, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("pv-events: all passed"), r.console());
        EventCounters c = r.counters();
        // Every hypercall the guest made, by name: setup, one timer, its messages, the return
        // from the one upcall and the power-off. Its 2002 stores to the mask word made none.
        assertEquals(Map.of("register_vcpu_info", 1L, "set_callbacks", 1L, "set_timer", 1L, "console_write", 13L,
                "iret", 1L, "shutdown", 1L), hypercalls(c), c.snapshot().toString());
        assertEquals(1, c.get("event.timer"), c.snapshot().toString());
        assertEquals(1, c.get("event.while_masked"), "the event arrived while masked: " + c.snapshot());
        assertEquals(1, c.get("bounce.event"), "one upcall, after the unmasking store: " + c.snapshot());
    }

    @Test
    void theValidatorRefusesForeignFramesAndWritableTablesAndAPrivilegedInstructionKillsTheDomain() throws Exception {
        Run r = run(domain("dom0", "pv-hostile.elf"));
        assertFalse(r.console().contains("FAIL"), r.console() + r.counters().snapshot());
        assertTrue(r.console().contains("pv-hostile: failures 0"), r.console());
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(ParaVirtualization.KILLED_EXIT_CODE, r.outcome().exitCode(), r.console());
        assertTrue(r.console().contains("[hypervisor] dom0: privileged instruction 'csrrs t0, sstatus, zero'"), r.console());
        assertTrue(r.console().contains("needs --technique full or hw"), r.console());
        Domain d = r.hypervisor().domain(0);
        assertEquals(Domain.State.OFF, d.state());
        EventCounters c = d.counters();
        assertEquals(3, c.get("refuse.outside_domain"), c.snapshot().toString());
        assertEquals(1, c.get("refuse.writable_page_table"), c.snapshot().toString());
        assertEquals(1, c.get("refuse.mapped_writable"), c.snapshot().toString());
        assertEquals(1, c.get("refuse.store_to_page_table"), c.snapshot().toString());
        assertEquals(1, c.get("pv.killed"), c.snapshot().toString());
        assertFalse(r.console().contains("still running"), r.console());
    }

    @Test
    void vcpusStartYieldAndStopAndMalformedRequestsGetTheirErrors() throws Exception {
        BoardConfig guest = BoardConfig.builder().kernel(guest("pv-calls.elf"), "pv-calls.elf").memoryMiB(32).harts(2)
                .builtinFirmware().build();
        Run r = run(new DomainSpec("dom0", guest, Technique.PARA, 1));
        assertFalse(r.console().contains("FAIL"), r.console());
        assertTrue(r.console().contains("pv-calls: all passed"), r.console());
        assertEquals(0, r.outcome().exitCode(), r.console());
        EventCounters c = r.counters();
        assertEquals(2, c.get("hypercall.vcpu_down"), c.snapshot().toString());
        assertTrue(c.get("sched.yield") >= 2, c.snapshot().toString());
        assertEquals(1, c.get("hypercall.unknown"), c.snapshot().toString());
        assertEquals(0, c.get("pv.killed"), c.snapshot().toString());
    }

    @Test
    void aKilledDomainDoesNotStopTheOthers() throws Exception {
        HypervisorConfig hc = HypervisorConfig.of(List.of(domain("dom0", "pv-hostile.elf"),
                new DomainSpec("dom1", VirtlabOsUnderParaTest.pvOs(), Technique.PARA, 1)));
        org.virtlab.engine.bench.GuestConsole console = new org.virtlab.engine.bench.GuestConsole(
                BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build());
        String boot = console.waitFor("[dom1] $ ", 300_000_000);
        Hypervisor hv = console.runner().board().hypervisor();
        assertEquals(Domain.State.OFF, hv.domain(0).state(), boot);
        assertEquals(ParaVirtualization.KILLED_EXIT_CODE, hv.domain(0).exitCode());
        assertTrue(boot.contains("domain killed"), boot);
        console.runner().board().setInputDomain(1);
        String out = console.command("echo still here", 3_000_000_000L);
        assertTrue(out.contains("[dom1] still here"), out);
        assertEquals(Domain.State.RUNNING, hv.domain(1).state());
    }
}
