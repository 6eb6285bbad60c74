package org.virtlab.engine.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtlab.engine.hypervisor.CostModel;

/**
 * The result of {@code virtlab bench}: one {@link BenchRow} per program and technique, shown as
 * a text table, JSON and an SVG chart. Ratios are to the bare row of the same program (or
 * blank without one).
 */
public record BenchReport(List<String> techniques, List<String> programs, List<BenchRow> rows, CostModel costs) {

    public BenchRow row(String program, String technique) {
        for (BenchRow r : rows) if (r.program().equals(program) && r.technique().equals(technique)) return r;
        return null;
    }

    /** Modeled cycles of this row over the bare row's, or NaN without a bare row. */
    public double modeledRatio(BenchRow r) {
        BenchRow bare = row(r.program(), "bare");
        return bare == null ? Double.NaN : (double) r.modeledCycles() / bare.modeledCycles();
    }

    /** Wall time of this row over the bare row's, or NaN without a bare row. */
    public double wallRatio(BenchRow r) {
        BenchRow bare = row(r.program(), "bare");
        return bare == null ? Double.NaN : (double) r.wallNanos() / bare.wallNanos();
    }

    /** The table printed by {@code virtlab bench}. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-12s %-12s %14s %9s %9s %9s %9s %9s %7s %10s %15s %9s %8s %8s%n", "program",
                "technique", "guest instr", "events", "traps", "exits", "emulated", "shadow", "mmio", "hypercalls", "modeled cycles",
                "wall ms", "cyc/bare", "wall/bare"));
        for (String p : programs) {
            for (String t : techniques) {
                BenchRow r = row(p, t);
                if (r == null) continue;
                sb.append(String.format(Locale.ROOT, "%-12s %-12s %,14d %,9d %,9d %,9d %,9d %,9d %,7d %,10d %,15d %,9.0f %8s %8s%n", p,
                        t, r.guestInstructions(), r.eventCount(), r.events("trap"), r.events("exit"), r.events("emulate"),
                        r.events("shadow"), r.events("mmio"), r.events("hypercall"), r.modeledCycles(), r.wallNanos() / 1e6,
                        ratio(modeledRatio(r)), ratio(wallRatio(r))));
            }
        }
        sb.append("modeled cycles = guest instructions + events priced by the cost model:");
        for (Map.Entry<String, CostModel.Price> e : costs.prices().entrySet())
            if (e.getValue().cycles() > 0) sb.append(String.format(Locale.ROOT, " %s %d;", e.getKey(), e.getValue().cycles()));
        sb.append('\n');
        return sb.toString();
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "" : String.format(Locale.ROOT, "%.2fx", r);
    }

    /** The report as JSON: the rows with every event count, and the prices with their sources. */
    public String json() {
        StringBuilder sb = new StringBuilder("{\n  \"techniques\": ").append(strings(techniques))
                .append(",\n  \"programs\": ").append(strings(programs)).append(",\n  \"prices\": {");
        boolean first = true;
        for (Map.Entry<String, CostModel.Price> e : costs.prices().entrySet()) {
            sb.append(first ? "\n" : ",\n").append("    ").append(quote(e.getKey())).append(": {\"cycles\": ")
                    .append(e.getValue().cycles()).append(", \"source\": ").append(quote(e.getValue().source())).append('}');
            first = false;
        }
        sb.append("\n  },\n  \"rows\": [");
        first = true;
        for (BenchRow r : rows) {
            sb.append(first ? "\n" : ",\n").append("    {\"program\": ").append(quote(r.program()))
                    .append(", \"technique\": ").append(quote(r.technique()))
                    .append(", \"guestInstructions\": ").append(r.guestInstructions())
                    .append(", \"modeledCycles\": ").append(r.modeledCycles())
                    .append(", \"wallNanos\": ").append(r.wallNanos())
                    .append(", \"modeledRatioToBare\": ").append(number(modeledRatio(r)))
                    .append(", \"wallRatioToBare\": ").append(number(wallRatio(r)))
                    .append(", \"output\": ").append(quote(r.output()))
                    .append(", \"events\": {");
            boolean firstEvent = true;
            for (Map.Entry<String, Long> e : r.events().entrySet()) {
                sb.append(firstEvent ? "" : ", ").append(quote(e.getKey())).append(": ").append(e.getValue());
                firstEvent = false;
            }
            sb.append("}}");
            first = false;
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    private static String number(double d) {
        return Double.isNaN(d) ? "null" : String.format(Locale.ROOT, "%.4f", d);
    }

    private static String strings(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) sb.append(i == 0 ? "" : ", ").append(quote(items.get(i)));
        return sb.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A bar chart: per program, one bar per technique for modeled cycles / bare and one for wall time / bare. */
    public String svg() {
        return new BenchChart(this).render();
    }
}
