package org.virtlab.engine.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.hypervisor.CostModel;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.image.BuiltinImages;

/**
 * {@code virtlab bench} (shared/DESIGN.md sections 4 and 8): runs the teaching OS's benchmark
 * programs on the bare machine and under each virtualization technique, and reports per
 * program the guest instructions, the hypervisor events, modeled cycles and the emulator's
 * wall time, with ratios to bare. Under {@code hw} the events are the VM exits ("exit.*") and
 * the work they caused; under {@code full} the traps and emulation.
 *
 * <p>Every technique boots virtlab-os (deterministic time, 1 hart, 128 MiB; under para its PV
 * build, virtlab-os-pv, the same kernel with the paravirtual architecture layer), waits for the
 * shell, then runs the programs one after another at the prompt; each row is the difference
 * of the counters before and after its program. The whole round runs twice and only the
 * second is reported, so the JIT has compiled every technique's paths before anything is
 * timed; in it every program runs three times and the run with the median wall time is the
 * row. Guest instructions are the harts' retired instructions: exactly what the guest ran.
 */
public final class VirtualizationBench {
    /** The teaching OS's benchmark programs (guests/os/user/bench). */
    public static final List<String> PROGRAMS = List.of("cpubench", "syscallbench", "forkbench", "pfbench", "ctxbench", "iobench");
    /** Techniques in report order; "full-nocache" is full virtualization rebuilding shadows on every guest satp switch. */
    public static final List<String> TECHNIQUES = List.of("bare", "full", "full-nocache", "hw", "para");

    private static final long BOOT_BUDGET = 400_000_000L;
    private static final long PROGRAM_BUDGET = 4_000_000_000L;
    /** Measured runs of each program; the median by wall time is reported. */
    private static final int RUNS = 3;

    private VirtualizationBench() {
    }

    /**
     * Runs every program under every technique.
     *
     * @param progress one line per finished run, or null
     * @throws IllegalArgumentException an unknown technique or program, or one not available yet
     */
    public static BenchReport run(List<String> techniques, List<String> programs, PrintStream progress) throws InterruptedException {
        for (String t : techniques) {
            if (!TECHNIQUES.contains(t))
                throw new IllegalArgumentException("unknown technique '" + t + "' (known: " + String.join(", ", TECHNIQUES) + ")");
        }
        for (String p : programs) {
            if (!PROGRAMS.contains(p))
                throw new IllegalArgumentException("unknown program '" + p + "' (known: " + String.join(", ", PROGRAMS) + ")");
        }
        CostModel costs = CostModel.defaults();
        List<BenchRow> rows = new ArrayList<>();
        // A first round warms the JIT up for every technique; only the second round is reported.
        for (int round = 0; round < 2; round++) {
            boolean measured = round == 1;
            for (String technique : techniques) {
                GuestConsole console = new GuestConsole(board(technique, costs));
                console.waitFor(GuestConsole.PROMPT, BOOT_BUDGET);
                Hypervisor hv = console.runner().board().hypervisor();
                for (String program : programs) {
                    // Measured: three runs, the one with the median wall time reported.
                    List<BenchRow> runs = new ArrayList<>();
                    for (int i = 0; i < (measured ? RUNS : 1); i++) {
                        Map<String, Long> before = events(hv);
                        long retiredBefore = console.retired();
                        long start = System.nanoTime();
                        String out = console.command(program, PROGRAM_BUDGET);
                        long wall = System.nanoTime() - start;
                        long instructions = console.retired() - retiredBefore;
                        Map<String, Long> delta = difference(events(hv), before);
                        runs.add(new BenchRow(program, technique, instructions, delta,
                                costs.modeledCycles(instructions, delta), wall, out.strip()));
                    }
                    if (!measured) continue;
                    runs.sort(java.util.Comparator.comparingLong(BenchRow::wallNanos));
                    BenchRow row = runs.get(runs.size() / 2);
                    rows.add(row);
                    if (progress != null)
                        progress.printf("bench: %-12s %-12s %,14d instructions %,10d events %,8d ms%n", program, technique,
                                row.guestInstructions(), row.eventCount(), row.wallNanos() / 1_000_000);
                }
            }
            if (!measured && progress != null) progress.println("bench: warm-up round done; measuring");
        }
        return new BenchReport(techniques, programs, rows, costs);
    }

    private static BoardConfig board(String technique, CostModel costs) {
        boolean para = technique.equals("para");          // the para column runs the PV build of the same OS
        BuiltinImages.Image image = BuiltinImages.find(para ? "virtlab-os-pv" : "virtlab-os").orElseThrow();
        BoardConfig guest = BoardConfig.builder().kernel(image.kernel(), image.kernelName())
                .initrd(image.initrd(), image.initrdName()).builtinFirmware().build();
        if (technique.equals("bare")) return guest;
        Technique t = para ? Technique.PARA : technique.equals("hw") ? Technique.HW : Technique.FULL;
        HypervisorConfig hc = new HypervisorConfig(List.of(new DomainSpec("dom0", guest, t, 1)),
                HypervisorConfig.DEFAULT_QUANTUM_TICKS, !technique.equals("full-nocache"), costs, 16, 0);
        return BoardConfig.builder().memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
    }

    /** The events of domain 0 so far (none on bare). */
    private static Map<String, Long> events(Hypervisor hv) {
        if (hv == null) return Map.of();
        Domain d = hv.domain(0);
        return d.counters().snapshot();
    }

    private static Map<String, Long> difference(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> d = new HashMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long n = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (n != 0) d.put(e.getKey(), n);
        }
        return new java.util.TreeMap<>(d);
    }
}
