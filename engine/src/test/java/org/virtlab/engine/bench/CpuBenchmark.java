package org.virtlab.engine.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.machine.Machine;

/**
 * Hart speed: how many emulated instructions per second one hart retires on the CPU benchmark
 * workload (guests/bench; about 1e9 instructions of CRC-32, sorting and matrix arithmetic).
 * {@code cpu-m.elf} runs it in M-mode with paging off, {@code cpu-s.elf} in S-mode under Sv39.
 *
 * <p>One invocation = a fresh machine running the program to its HTIF exit; it must pass.
 * Score: seconds per run (SingleShotTime); the secondary result {@code instructions} is the
 * number retired, so MIPS = instructions / score / 1e6, which {@link #main} prints per workload.
 *
 * <p>Run: {@code mvn -q -pl engine -Pbench test-compile exec:exec} or {@code scripts/bench-cpu.sh}
 * (docs/performance.md). Compiled with the tests; run by the bench profile (engine/pom.xml).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@State(Scope.Benchmark)
public class CpuBenchmark {

    /** No run of the full workload retires more (it retires about 1e9). */
    private static final long LIMIT = 4_000_000_000L;

    @Param({"cpu-m.elf", "cpu-s.elf"})
    public String workload;

    /** Translation threshold (docs/translator.md): 0 = the interpreter alone, for the A/B in one run. */
    @Param({"200", "0"})
    public int translation;

    private ElfImage image;
    private Machine machine;

    /** Instructions retired by the run of the current iteration (one run per iteration). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Retired {
        public long instructions;
    }

    @Setup(Level.Trial)
    public void loadImage() {
        image = CpuWorkloadTest.image(workload);
    }

    /** A fresh machine per run, outside the timed region (a whole run takes seconds). */
    @Setup(Level.Invocation)
    public void freshMachine() {
        machine = CpuWorkloadTest.machineWith(image, translation);
    }

    @Benchmark
    public long run(Retired retired) {
        long n = CpuWorkloadTest.runToPass(machine, workload, LIMIT);
        retired.instructions = n;
        return n;
    }

    /**
     * Runs the benchmark with JMH (arguments: JMH's command line options; by default every
     * workload) and prints the emulated MIPS of each measured iteration and their mean.
     */
    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cmd = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cmd);
        if (cmd.getIncludes().isEmpty()) {
            options.include(CpuBenchmark.class.getName() + "\\.");
        }
        Collection<org.openjdk.jmh.results.RunResult> results = new Runner(options.build()).run();

        System.out.println();
        System.out.println("Hart speed (emulated MIPS = instructions retired / wall time of the run)");
        System.out.printf(Locale.ROOT, "%-16s %-11s %14s %8s %8s %8s %8s  %s%n",
                "workload", "translation", "instructions", "runs", "mean", "min", "max", "seconds per run");
        for (org.openjdk.jmh.results.RunResult run : results) {
            BenchmarkParams params = run.getParams();
            List<Double> mips = new ArrayList<>();
            List<Double> seconds = new ArrayList<>();
            long instructions = 0;
            for (BenchmarkResult benchmark : run.getBenchmarkResults()) {
                for (IterationResult iteration : benchmark.getIterationResults()) {
                    double s = toSeconds(iteration.getPrimaryResult());
                    Result<?> count = iteration.getSecondaryResults().get("instructions");
                    instructions = (long) count.getScore();
                    seconds.add(s);
                    mips.add(instructions / s / 1e6);
                }
            }
            double mean = mips.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double min = mips.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            double max = mips.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            StringBuilder times = new StringBuilder();
            for (double s : seconds) {
                times.append(String.format(Locale.ROOT, "%.3f ", s));
            }
            String translation = params.getParam("translation");
            System.out.printf(Locale.ROOT, "%-16s %-11s %14d %8d %8.1f %8.1f %8.1f  %s%n",
                    params.getParam("workload"), "0".equals(translation) ? "off" : "after " + translation,
                    instructions, mips.size(), mean, min, max,
                    times.toString().trim());
        }
    }

    private static double toSeconds(Result<?> result) {
        String unit = result.getScoreUnit();
        double score = result.getScore();
        if (unit.startsWith("s/")) {
            return score;
        }
        if (unit.startsWith("ms/")) {
            return score / 1e3;
        }
        if (unit.startsWith("us/")) {
            return score / 1e6;
        }
        if (unit.startsWith("ns/")) {
            return score / 1e9;
        }
        throw new IllegalStateException("unexpected score unit " + unit);
    }
}
