package org.virtlab.engine.bench;

import java.util.Locale;
import org.virtlab.engine.cpu.HartCounters;
import org.virtlab.engine.machine.Machine;

/**
 * How much of the CPU workload runs translated (docs/performance.md, "Where the time goes now"):
 * runs each quick workload once and prints the hart's translation counters. Counts, not timing.
 *
 * <p>Run: {@code mvn -q -pl engine -Pbench test-compile exec:exec -Dbench.main=org.virtlab.engine.bench.TranslationStats -Dbench.args=}
 */
public final class TranslationStats {
    private TranslationStats() { }

    public static void main(String[] args) {
        System.out.printf(Locale.ROOT, "%-16s %12s %8s %14s %9s %10s %9s%n", "workload", "instructions", "blocks",
                "in blocks", "share", "calls", "per call");
        for (String name : new String[] {"cpu-m-quick.elf", "cpu-s-quick.elf"}) {
            Machine machine = CpuWorkloadTest.machineWith(CpuWorkloadTest.image(name));
            long retired = CpuWorkloadTest.runToPass(machine, name, 200_000_000L);
            HartCounters c = machine.hart(0).counters();
            System.out.printf(Locale.ROOT, "%-16s %,12d %8d %,14d %8.1f%% %,10d %9.1f%n", name, retired, c.blocksTranslated,
                    c.translatedInstructions, 100.0 * c.translatedInstructions / retired, c.translatedCalls,
                    (double) c.translatedInstructions / c.translatedCalls);
        }
    }
}
