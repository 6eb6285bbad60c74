package org.virtlab.engine.hypervisor;

import org.virtlab.engine.board.BoardGuests.Console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.hypervisor.para.ParaSnapshot;
import org.virtlab.engine.hypervisor.para.ParaVirtualization;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.engine.snapshot.StateHash;

/**
 * The hv-test and pv-test guests (guests/hv-tests, guests/pv-tests) in seven domains on two
 * harts — full virtualization from S-mode behind the hypervisor's SBI and from virtual M-mode,
 * hardware-assisted from VS-mode, paravirtualized with events, vCPUs coming and going, and
 * pinned tables (one PV domain is killed on purpose) — saved at many points of their run: each restore runs to the end exactly as the saved
 * original does (same console, same final state hash), and the guests print what they print
 * when nobody saves them.
 */
class SnapshotCutPointsTest {
    private static final long BUDGET = 50_000_000;
    private static String unsaved;

    static BoardConfig lab() {
        BoardConfig pvCalls = pv("pv-calls.elf").toBuilder().harts(2).build();
        return FullVirtualizationTest.hypervisorBoard(2,
                new DomainSpec("mix", FullVirtualizationTest.guestBoard("priv-mix.elf", true), Technique.FULL, 1),
                new DomainSpec("mstart", FullVirtualizationTest.guestBoard("m-start.elf", false), Technique.FULL, 1),
                new DomainSpec("hwmix", FullVirtualizationTest.guestBoard("priv-mix.elf", true), Technique.HW, 1),
                new DomainSpec("shadow", FullVirtualizationTest.guestBoard("shadow-tests.elf", true), Technique.FULL, 2),
                new DomainSpec("pvevents", pv("pv-events.elf"), Technique.PARA, 1),
                new DomainSpec("pvcalls", pvCalls, Technique.PARA, 1),
                new DomainSpec("pvhostile", pv("pv-hostile.elf"), Technique.PARA, 1));
    }

    /** A guest of guests/pv-tests, in 32 MiB. */
    private static BoardConfig pv(String image) {
        try (java.io.InputStream in = SnapshotCutPointsTest.class.getResourceAsStream("/pv-tests/" + image)) {
            if (in == null) throw new IllegalStateException("missing test resource pv-tests/" + image);
            return BoardConfig.builder().kernel(in.readAllBytes(), image).memoryMiB(32).builtinFirmware().build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @BeforeAll
    static void runWithoutSaving() throws InterruptedException {
        Console out = new Console();
        BoardRunner.Outcome o = new BoardRunner(lab(), out, null).run(BUDGET);
        assertEquals(BoardRunner.Stop.POWER_OFF, o.stop(), out.text());
        assertTrue(o.instructions() > 100_000, "the lab runs past the last cut point: " + o.instructions());
        assertEquals(ParaVirtualization.KILLED_EXIT_CODE, o.exitCode(), "pv-hostile's domain is killed: " + out.text());
        unsaved = out.text();
        for (String guest : new String[] {"priv-mix", "m-start", "shadow-tests"})
            assertTrue(unsaved.contains("hv-test " + guest + ": all passed"), unsaved);
        for (String guest : new String[] {"pv-events", "pv-calls"}) assertTrue(unsaved.contains(guest + ": all passed"), unsaved);
        assertTrue(unsaved.contains("domain killed"), unsaved);
    }

    @ParameterizedTest(name = "saved after {0} instructions")
    @ValueSource(longs = {1, 2_000, 9_000, 20_000, 35_000, 55_000, 80_000, 100_000})
    void aSavedLabGoesOnExactlyAsTheOriginal(long cut) throws Exception {
        Console out = new Console();
        BoardRunner original = new BoardRunner(lab(), out, null);
        original.run(cut);
        BoardSnapshot saved = original.board().save();
        note(saved);
        int at = out.text().length();
        BoardRunner.Outcome a = original.run(BUDGET);
        String hashA = StateHash.of(original.board());
        // The save dropped the full domains' shadow tables: refilling them takes time, so domains
        // may interleave differently from a run that was never saved; each one's output is the same.
        assertEquals(perDomain(unsaved), perDomain(out.text()), "a save changes nothing a guest sees");

        // Half the cut points (1, 9 000, 35 000, 55 000) go through the file format.
        boolean viaFile = cut % 2_000 != 0;
        BoardSnapshot s = viaFile ? SnapshotFormat.decode(SnapshotFormat.encode(saved), "lab").requireBoard("lab") : saved;
        Console restoredOut = new Console();
        BoardRunner restored = new BoardRunner(s, restoredOut, null);
        BoardRunner.Outcome b = restored.run(BUDGET);
        assertEquals(a.stop(), b.stop());
        assertEquals(a.exitCode(), b.exitCode());
        assertEquals(out.text().substring(at), restoredOut.text());
        assertEquals(hashA, StateHash.of(restored.board()));
    }

    /** What the cut points have covered: the saved states the test is meant to exercise. */
    private static final java.util.Set<String> covered = new java.util.TreeSet<>();

    private static void note(BoardSnapshot s) {
        for (DomainSnapshot d : s.hypervisor().domains()) {
            if (d.technique() instanceof ParaSnapshot p && p.pinned().length > 0) covered.add("pinned tables");
            for (VcpuSnapshot v : d.vcpus()) if (v.state() == VCpu.State.WAITING) covered.add("waiting vCPU");
        }
        for (HypervisorSnapshot.PhysicalCpuState p : s.hypervisor().pcpus()) {
            if (p.current() != null) covered.add("running " + s.hypervisor().domain(p.current().domain()).spec().technique());
        }
        if (!s.hypervisor().runQueue().isEmpty()) covered.add("queued vCPUs");
    }

    @org.junit.jupiter.api.AfterAll
    static void theCutPointsCoverEveryKindOfState() {
        assertEquals(new java.util.TreeSet<>(java.util.List.of("pinned tables", "waiting vCPU", "running FULL",
                "running HW", "running PARA", "queued vCPUs")), covered);
    }

    /** What each domain printed, by name, with line breaks dropped (the shared console breaks lines where domains alternate). */
    private static java.util.Map<String, String> perDomain(String console) {
        java.util.Map<String, StringBuilder> text = new java.util.TreeMap<>();
        for (String line : console.split("\n")) {
            if (!line.startsWith("[") || line.indexOf("] ") < 0) continue;
            String name = line.substring(1, line.indexOf("] "));
            text.computeIfAbsent(name, k -> new StringBuilder()).append(line.substring(name.length() + 3).replace("\r", ""));
        }
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        text.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }
}
