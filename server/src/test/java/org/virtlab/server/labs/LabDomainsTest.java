package org.virtlab.server.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtBoard;

/**
 * A two-domain hypervisor board as a lab sees it: a console per domain (and the board's, prefixed),
 * live counters and trace, the trace's pause kept across boots, and the last run's numbers kept
 * once the machine is gone.
 */
class LabDomainsTest {
    static final long BOOT_INSTRUCTIONS = 6_000_000;

    @Test
    void consolesCountersTraceAndTheLastRun() {
        Preset preset = Preset.HYPERVISOR_FULL_TWO;
        LabDomains domains = new LabDomains(preset.domainNames());
        assertEquals(2, domains.count());
        assertFalse(domains.live());
        assertTrue(domains.reports().isEmpty(), "no numbers before the first boot");
        domains.setTracePaused(true);                 // before boot: applies to the machine that boots

        ByteArrayOutputStream board = new ByteArrayOutputStream();
        VirtBoard b = VirtBoard.boot(preset.boardConfig(), board::write);
        domains.attach(b, board::write);
        assertTrue(domains.live());
        assertTrue(b.hypervisor().trace().paused(), "the pause survives a new boot");
        domains.setTracePaused(false);
        for (long run = 0; run < BOOT_INSTRUCTIONS; run += 500_000) {
            b.machine().run(500_000);
            domains.afterSlice();
        }

        String dom0 = new String(domains.console(0).scrollback(), StandardCharsets.UTF_8);
        String dom1 = new String(domains.console(1).scrollback(), StandardCharsets.UTF_8);
        assertTrue(dom0.contains("virtlab-os: booting") && !dom0.contains("[dom"), dom0);
        assertTrue(dom1.contains("virtlab-os: booting") && !dom1.contains("[dom"), dom1);
        assertTrue(board.toString(StandardCharsets.UTF_8).contains("[dom1] virtlab-os: booting"), "the board's console, prefixed");

        var reports = domains.reports();
        assertEquals(2, reports.size());
        DomainReport r = reports.get(1);
        assertEquals("dom1", r.name());
        assertEquals("running", r.state());
        assertTrue(r.guestInstructions() > 0 && r.totals().get("traps") > 0 && r.totals().get("emulated") > 0, r.toString());
        assertEquals(DomainReport.sum(r.counters(), "trap"), r.totals().get("traps"));
        assertTrue(r.modeledCycles() > r.guestInstructions());

        TraceReport t = domains.trace("emulate", 10);
        assertTrue(t.events().size() > 0 && t.events().size() <= 10, t.toString());
        assertTrue(t.events().stream().allMatch(e -> e.kind().equals("emulate")));
        assertTrue(t.recorded() > 10);

        domains.detach();
        assertFalse(domains.live());
        assertEquals(reports.get(1).guestInstructions(), domains.reports().get(1).guestInstructions(), "the last run's numbers stay");
        assertEquals(t.recorded(), domains.trace(null, 1).recorded());
        assertEquals(t.events(), domains.trace("emulate", 10).events(), "and so does its trace");
    }
}
