package org.virtlab.server.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.virtlab.engine.bench.BenchReport;
import org.virtlab.engine.bench.VirtualizationBench;

/**
 * {@code virtlab bench [--techniques bare,full] [--programs LIST] [--json FILE] [--svg FILE]}:
 * runs the teaching OS's benchmark programs under each technique and prints the comparison
 * (shared/DESIGN.md section 8).
 */
final class BenchCommand {
    private BenchCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        List<String> techniques = List.of("bare", "full");
        List<String> programs = VirtualizationBench.PROGRAMS;
        String json = null, svg = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i], value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (!List.of("--techniques", "--programs", "--json", "--svg").contains(arg))
                throw new UsageException("bench: unknown option " + arg + " (try 'virtlab help')");
            if (value == null) {
                if (i + 1 >= args.length) throw new UsageException("bench: " + arg + " needs a value");
                value = args[++i];
            }
            switch (arg) {
                case "--techniques" -> techniques = list(value);
                case "--programs" -> programs = list(value);
                case "--json" -> json = value;
                default -> svg = value;
            }
        }
        BenchReport report;
        try {
            report = VirtualizationBench.run(techniques, programs, err);
        } catch (IllegalArgumentException e) {
            throw new UsageException("bench: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        out.print(report.table());
        write(json, report.json(), "--json", err);
        write(svg, report.svg(), "--svg", err);
        return 0;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static void write(String file, String text, String flag, PrintStream err) throws UsageException {
        if (file == null) return;
        try {
            Files.writeString(Path.of(file), text, StandardCharsets.UTF_8);
            err.println("virtlab: wrote " + file);
        } catch (IOException e) {
            throw new UsageException("bench: " + flag + " " + file + ": cannot write it (" + e.getMessage() + ")");
        }
    }
}
