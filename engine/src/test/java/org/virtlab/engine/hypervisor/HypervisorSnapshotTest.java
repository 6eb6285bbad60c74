package org.virtlab.engine.hypervisor;

import org.virtlab.engine.board.BoardGuests.Console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.hypervisor.para.ParaSnapshot;
import org.virtlab.engine.image.BuiltinImages;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.engine.snapshot.StateHash;

/**
 * Snapshots of the hypervisor stack (docs/snapshots.md, "The hypervisor stack"): a lab of two
 * fully virtualized virtlab-os domains, one on the H extension and the paravirtualized build in
 * a fourth, on two physical harts, saved
 * while its guests run, goes on exactly as the original — same state hash (RAM, harts, devices,
 * every domain, vCPU, virtual device and counter) and same console output — whether restored in
 * memory or through the file format, and any number of times.
 */
class HypervisorSnapshotTest {
    private static final long BOOT_BUDGET = 600_000_000;
    /** Instructions run after the save, by the original and by each restore. */
    private static final long AFTER = 2_000_000;
    private static final String TYPED = "cat /tmp/f\n";

    /** The lab at its prompts with "hi" in dom1's /tmp/f, just saved. */
    private static BoardSnapshot saved;
    /** What the original did after the save: its state hash and its console output. */
    private static String originalHash;
    private static String originalOutput;

    /** virtlab-os with 32 MiB: less RAM to capture, hash and compress, so a quicker test. */
    static BoardConfig os() {
        return VirtlabOsUnderFullVirtualizationTest.os().toBuilder().memoryMiB(32).build();
    }

    /** The paravirtualized build, in 32 MiB too. */
    static BoardConfig pvOs() {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os-pv").orElseThrow();
        return BoardConfig.builder().kernel(image.kernel(), image.kernelName()).initrd(image.initrd(), image.initrdName())
                .builtinFirmware().memoryMiB(32).build();
    }

    static BoardConfig lab() {
        HypervisorConfig hc = HypervisorConfig.of(List.of(
                new DomainSpec("dom0", os(), Technique.FULL, 1),
                new DomainSpec("dom1", os(), Technique.FULL, 1),
                new DomainSpec("dom2", os(), Technique.HW, 1),
                new DomainSpec("dom3", pvOs(), Technique.PARA, 1)));
        return BoardConfig.builder().harts(2).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    @BeforeAll
    static void bootSaveAndGoOn() throws Exception {
        Console out = new Console();
        BoardRunner lab = new BoardRunner(lab(), out, null);
        for (String d : List.of("[dom0] $ ", "[dom1] $ ", "[dom2] $ ", "[dom3] $ ")) waitFor(lab, out, d);
        VirtBoard board = lab.board();
        board.setInputDomain(1);
        send(board, "echo hi > /tmp/f\n");
        waitFor(lab, out, "[dom1] $ ");
        // In the middle of things: dom0, dom2 and dom3 start commands and the machine runs on for a while.
        board.setInputDomain(0);
        send(board, "ls /\n");
        board.setInputDomain(2);
        send(board, "echo from the hw domain\n");
        board.setInputDomain(3);
        send(board, "ls /\n");
        lab.run(700_000);
        saved = board.save();
        ParaSnapshot pv = (ParaSnapshot) saved.hypervisor().domain(3).technique();
        assertTrue(pv.pinned().length > 0 && pv.views().length > 0, "the PV kernel's tables and user views are saved");
        int at = out.text().length();
        runAfterSave(lab);
        originalOutput = out.text().substring(at);
        originalHash = StateHash.of(board);
    }

    /** Runs until {@code text} appears after the text the last wait found. */
    private static void waitFor(BoardRunner runner, Console out, String text) throws InterruptedException {
        for (long spent = 0; out.text().indexOf(text, mark) < 0; spent += 1_000_000) {
            if (spent > BOOT_BUDGET) throw new IllegalStateException("no '" + text + "' in:\n" + out.text());
            runner.run(1_000_000);
        }
        mark = out.text().indexOf(text, mark) + text.length();
    }

    private static int mark;

    /** Types into dom1 and runs {@link #AFTER} instructions. */
    private static void runAfterSave(BoardRunner runner) throws InterruptedException {
        runner.board().setInputDomain(1);
        send(runner.board(), TYPED);
        runner.run(AFTER);
    }

    /** A restored board after {@link #runAfterSave}, and what it printed meanwhile. */
    private record Restored(VirtBoard board, String printed) { }

    private static Restored runRestored(BoardSnapshot s) throws InterruptedException {
        Console out = new Console();
        BoardRunner restored = new BoardRunner(s, out, null);
        assertEquals(StateHash.of(s), StateHash.of(restored.board()), "a restored board is the saved one");
        runAfterSave(restored);
        return new Restored(restored.board(), out.text());
    }

    private static void send(VirtBoard board, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(b.length, board.receive(b, 0, b.length));
    }

    @Test
    void aRestoreInMemoryGoesOnExactlyAsTheOriginal() throws Exception {
        Restored r = runRestored(saved);
        assertEquals(originalOutput, r.printed());
        assertTrue(r.printed().contains("[dom1] hi"), "dom1's file survived the snapshot:\n" + r.printed());
        assertEquals(originalHash, StateHash.of(r.board()));
    }

    @Test
    void aRestoreThroughTheFileFormatGoesOnExactlyAsTheOriginal() throws Exception {
        byte[] file = SnapshotFormat.encode(saved);
        BoardSnapshot back = SnapshotFormat.decode(file, "lab.vlsnap").requireBoard("lab.vlsnap");
        assertEquals(StateHash.of(saved), StateHash.of(back));
        Restored r = runRestored(back);
        assertEquals(originalOutput, r.printed());
        assertEquals(originalHash, StateHash.of(r.board()));
    }

    @Test
    void twoRestoresAreIndependentMachinesSharingRamCopyOnWrite() throws Exception {
        Console outA = new Console(), outB = new Console();
        BoardRunner a = new BoardRunner(saved, outA, null);
        BoardRunner b = new BoardRunner(saved, outB, null);
        assertTrue(command(a, outA, 1, "echo changed > /tmp/f").isEmpty());
        assertEquals("changed\n", command(a, outA, 1, "cat /tmp/f"));
        assertEquals("hi\n", command(b, outB, 1, "cat /tmp/f"), "the other restore still has the saved file");
        var ram = a.board().machine().ram();
        assertTrue(ram.sharedPages() > 10 * ram.copiedPages(), "most of RAM is still shared with the snapshot: "
                + ram.sharedPages() + " shared, " + ram.copiedPages() + " copied");
        assertNotEquals(StateHash.of(a.board()), StateHash.of(b.board()));
    }

    @Test
    void aRestoredLabKeepsDestroyedDomainsRebootsFromItsSavedImagesAndAllocatesAsTheOriginal() throws Exception {
        Console out = new Console();
        BoardRunner a = new BoardRunner(saved, out, null);
        Hypervisor hv = a.board().hypervisor();
        hv.destroy(1);
        byte[] file = SnapshotFormat.encode(a.board().save());
        BoardRunner b = new BoardRunner(SnapshotFormat.decode(file, "lab").requireBoard("lab"), new Console(), null);
        Hypervisor hv2 = b.board().hypervisor();
        assertEquals(Domain.State.DESTROYED, hv2.domain(1).state());
        assertEquals(4, hv2.domains().size());
        // The host allocator came back: a new domain takes dom1's range in both.
        DomainSpec spec = new DomainSpec("dom4", os(), Technique.HW, 1);
        assertEquals(hv.domain(1).memory().hostBase(), hv.createDomain(spec).memory().hostBase());
        assertEquals(hv.domain(1).memory().hostBase(), hv2.createDomain(spec).memory().hostBase());
        assertEquals(StateHash.of(a.board()), StateHash.of(b.board()));
        // A reboot after a restore boots the domain's kernel from the snapshot's copy of its images.
        Console rebooted = new Console();
        BoardRunner c = new BoardRunner(SnapshotFormat.decode(file, "lab").requireBoard("lab"), rebooted, null);
        c.board().hypervisor().requestReboot(c.board().hypervisor().domain(2));
        for (long spent = 0; !rebooted.text().contains("[dom2] $ "); spent += 1_000_000) {
            assertTrue(spent < BOOT_BUDGET, rebooted.text());
            c.run(1_000_000);
        }
        assertTrue(rebooted.text().contains("[dom2] virtlab-os: booting on hart 0"), rebooted.text());
        assertEquals(1, c.board().hypervisor().counters().get("domain.reboot"));
    }

    /** Types {@code line} into domain {@code domain} and runs until its next prompt; returns the command's output. */
    private static String command(BoardRunner runner, Console out, int domain, String line) throws InterruptedException {
        String prefix = "[dom" + domain + "] ";
        int from = out.text().length();
        runner.board().setInputDomain(domain);
        send(runner.board(), line + "\n");
        String echo = line + "\r\n", prompt = prefix + "$ ";
        for (long spent = 0; ; spent += 200_000) {
            String text = out.text();
            int start = text.indexOf(echo, from);
            int end = start < 0 ? -1 : text.indexOf(prompt, start + echo.length());
            if (end >= 0) return text.substring(start + echo.length(), end).replace("\r\n", "\n").replace(prefix, "");
            if (spent > BOOT_BUDGET) throw new IllegalStateException("no prompt after '" + line + "':\n" + text);
            runner.run(200_000);
        }
    }
}
