package org.virtlab.engine.bench;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.image.BuiltinImages;
import org.virtlab.engine.snapshot.SnapshotFormat;

/**
 * Snapshot cost on a booted machine: virtlab-os (built-in SBI, 1 hart, 128 MiB) run to its
 * first shell prompt, then saved, written, read back and restored, and forked 100 times. Prints
 * the median and minimum of several repetitions of each step, the file size, and the heap a
 * fork allocates (per-thread allocation counter, so no timing noise) before and after it
 * diverges. Plain Java, no JMH: each step runs for milliseconds, so wall-clock medians are
 * enough (docs/performance.md, "Snapshots").
 *
 * <p>Run: {@code mvn -q -pl engine -Pbench test-compile exec:exec -Dbench.main=org.virtlab.engine.bench.SnapshotBenchmark -Dbench.args=}
 */
public final class SnapshotBenchmark {
    private static final int REPEAT = 15;
    private static final int FORKS = 100;

    private SnapshotBenchmark() { }

    public static void main(String[] args) throws Exception {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os").orElseThrow();
        BoardConfig config = BoardConfig.builder().memoryMiB(128).builtinFirmware()
                .kernel(image.kernel(), image.kernelName()).initrd(image.initrd(), image.initrdName()).build();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        VirtBoard board = VirtBoard.boot(config, console::write);
        long booted = 0;
        while (!console.toString(StandardCharsets.ISO_8859_1).contains("$ ") && booted < 100_000_000)
            booted += board.machine().run(100_000).instructions();
        System.out.printf(Locale.ROOT, "virtlab-os at its shell prompt after %,d instructions%n", booted);

        long[] save = new long[REPEAT], encode = new long[REPEAT], decode = new long[REPEAT], restore = new long[REPEAT];
        BoardSnapshot snapshot = null;
        byte[] file = null;
        long copiedByOriginal = 0;
        for (int i = 0; i < REPEAT; i++) {
            // The machine works between snapshots, as a lab does: each save sees pages written since the last.
            int copiedBefore = board.machine().ram().copiedPages();
            board.receive("ls\n".getBytes(StandardCharsets.US_ASCII), 0, 3);
            board.machine().run(2_000_000);
            copiedByOriginal += board.machine().ram().copiedPages() - copiedBefore;
            long t0 = System.nanoTime();
            snapshot = board.save();
            long t1 = System.nanoTime();
            file = SnapshotFormat.encode(snapshot);
            long t2 = System.nanoTime();
            BoardSnapshot back = SnapshotFormat.decode(file, "bench").requireBoard("bench");
            long t3 = System.nanoTime();
            VirtBoard.restore(back, b -> { });
            long t4 = System.nanoTime();
            save[i] = t1 - t0;
            encode[i] = t2 - t1;
            decode[i] = t3 - t2;
            restore[i] = t4 - t3;
        }
        var captured = snapshot.machine().ram();
        var ram = captured.deduplicated();
        System.out.printf(Locale.ROOT, "RAM: %d pages touched; %d non-zero (%.1f MiB), %d distinct; file %,d bytes (%.2f MiB)%n",
                captured.pageCount(), ram.pageCount(), ram.pageCount() / 256.0, ram.distinctPages(), file.length, file.length / 1048576.0);
        report("save (capture board; RAM shared copy-on-write)", save);
        report("encode (deflate + SHA-256)", encode);
        report("decode (SHA-256 + inflate + parse)", decode);
        report("restore (build board from snapshot)", restore);
        System.out.printf(Locale.ROOT, "the running machine copied %.0f pages (%.0f KiB) after each save while it ran `ls`%n",
                copiedByOriginal / (double) REPEAT, copiedByOriginal * 4.0 / REPEAT);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        List<VirtBoard> forks = new ArrayList<>();
        long a0 = threads.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        for (int i = 0; i < FORKS; i++) forks.add(VirtBoard.restore(snapshot, b -> { }));
        long t1 = System.nanoTime();
        long a1 = threads.getThreadAllocatedBytes(tid);
        System.out.printf(Locale.ROOT, "fork x%d: %.2f ms and %,d bytes allocated per fork; %d pages copied%n", FORKS,
                (t1 - t0) / 1e6 / FORKS, (a1 - a0) / FORKS, forks.get(0).machine().ram().copiedPages());
        long copied = 0;
        for (VirtBoard f : forks) {
            f.receive("ls\n".getBytes(StandardCharsets.US_ASCII), 0, 3);
            f.machine().run(2_000_000);
            copied += f.machine().ram().copiedPages();
        }
        System.out.printf(Locale.ROOT, "after each fork ran `ls` (2,000,000 instructions): %d pages copied per fork (%.0f KiB)%n",
                copied / FORKS, copied / (double) FORKS * 4);
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        System.out.printf(Locale.ROOT, "%-40s median %7.2f ms  min %7.2f ms%n", what, s[s.length / 2] / 1e6, s[0] / 1e6);
    }
}
