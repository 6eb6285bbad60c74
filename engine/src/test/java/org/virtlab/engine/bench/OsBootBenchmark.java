package org.virtlab.engine.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.image.BuiltinImages;

/**
 * Boot time of the built-in teaching OS: from a fresh board (built inside the timed region, as
 * a user's {@code run --image virtlab-os} does) to the shell's first prompt, in wall time and
 * guest instructions. The bound is 50 million instructions.
 *
 * <p>Run: {@code mvn -q -pl engine -Pbench test-compile exec:exec -Dbench.main=org.virtlab.engine.bench.OsBootBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@State(Scope.Benchmark)
public class OsBootBenchmark {
    private static final long LIMIT = 50_000_000L;

    @Param({"1", "2"})
    public int harts;

    /** Guest instructions until the prompt (all harts). */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Booted {
        public long instructions;
    }

    @Benchmark
    public long bootToPrompt(Booted booted) throws InterruptedException {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os").orElseThrow();
        BoardConfig config = BoardConfig.builder().harts(harts)
                .kernel(image.kernel(), image.kernelName()).initrd(image.initrd(), image.initrdName()).build();
        StringBuilder console = new StringBuilder();
        BoardRunner[] runner = new BoardRunner[1];
        runner[0] = new BoardRunner(config, c -> {
            console.append((char) c);
            if (console.length() >= 2 && console.charAt(console.length() - 2) == '$' && c == ' ') runner[0].requestStop();
        }, null);
        BoardRunner.Outcome outcome = runner[0].run(LIMIT);
        if (outcome.stop() != BoardRunner.Stop.STOPPED)
            throw new IllegalStateException("no shell prompt within " + LIMIT + " instructions: " + outcome + "\n" + console);
        booted.instructions = outcome.instructions();
        return outcome.instructions();
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cmd = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cmd);
        if (cmd.getIncludes().isEmpty()) options.include(OsBootBenchmark.class.getName() + "\\.");
        Collection<org.openjdk.jmh.results.RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.println("virtlab-os boot to the shell prompt");
        System.out.printf(Locale.ROOT, "%-6s %14s %6s %10s %10s %10s%n", "harts", "instructions", "runs", "mean ms", "min ms", "max ms");
        for (org.openjdk.jmh.results.RunResult run : results) {
            double sum = 0, min = Double.MAX_VALUE, max = 0;
            int n = 0;
            long instructions = 0;
            for (BenchmarkResult b : run.getBenchmarkResults()) {
                for (IterationResult it : b.getIterationResults()) {
                    double ms = it.getPrimaryResult().getScore();
                    instructions = (long) it.getSecondaryResults().get("instructions").getScore();
                    sum += ms;
                    min = Math.min(min, ms);
                    max = Math.max(max, ms);
                    n++;
                }
            }
            System.out.printf(Locale.ROOT, "%-6s %14d %6d %10.1f %10.1f %10.1f%n",
                    run.getParams().getParam("harts"), instructions, n, sum / n, min, max);
        }
    }
}
