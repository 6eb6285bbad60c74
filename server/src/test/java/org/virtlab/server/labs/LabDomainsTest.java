package org.virtlab.server.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtBoard;

/**
 * A two-domain hypervisor board as a lab sees it: a console per domain (and the board's, prefixed),
 * live counters and trace, the trace's pause kept across boots, the last run's numbers kept
 * once the machine is gone, and a restore that goes on with the consoles where a save left them.
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

    @Test
    void aRestoredBoardGoesOnMidLineWhereTheLabsConsoleWas() {
        Preset preset = Preset.HYPERVISOR_FULL_TWO;
        LabDomains domains = new LabDomains(preset.domainNames());
        VirtBoard b = VirtBoard.boot(preset.boardConfig(), x -> { });
        domains.attach(b, x -> { });
        for (long run = 0; run < BOOT_INSTRUCTIONS; run += 500_000) {
            b.machine().run(500_000);
            domains.afterSlice();
        }
        var saved = b.save();
        assertEquals(-1, saved.hypervisor().consoleLine(), "the board's own prefixer saw nothing since the lab took the consoles over");
        var taken = domains.withOpenLine(saved);
        int open = taken.hypervisor().consoleLine();
        assertTrue(open == 0 || open == 1, "a domain's prompt leaves its line open: " + open);
        assertEquals(List.of(domains.console(0).scrollback().length, domains.console(1).scrollback().length),
                domains.screens().stream().map(x -> x.length).toList());

        LabDomains again = new LabDomains(preset.domainNames());
        ByteArrayOutputStream board = new ByteArrayOutputStream();
        VirtBoard restored = VirtBoard.restore(taken, board::write);
        again.attach(restored, board::write, taken.hypervisor().consoleLine());
        again.replaceScreens(domains.screens());
        assertEquals(new String(domains.console(open).scrollback(), StandardCharsets.UTF_8),
                new String(again.console(open).scrollback(), StandardCharsets.UTF_8), "the domain's console shows its saved screen");
        restored.hypervisor().receive(open, "echo go\n".getBytes(StandardCharsets.UTF_8), 0, 8);
        for (int i = 0; i < 4; i++) {
            restored.machine().run(500_000);
            again.afterSlice();
        }
        String out = board.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("echo go"), "the open line goes on without a new prefix: " + out);
        assertTrue(out.contains("[dom" + open + "] go"), out);
    }
}
