package org.virtlab.engine.bench;

import java.util.List;
import java.util.Locale;

/**
 * Draws a {@link BenchReport} as SVG: two panels (modeled cycles relative to bare, and the
 * emulator's wall time relative to bare), a group of bars per program, one colour per
 * technique, on a logarithmic axis so that 1x, 10x and 100x are equally far apart.
 */
final class BenchChart {
    private static final String[] COLOURS = {"#6b7280", "#2563eb", "#f59e0b", "#10b981", "#db2777"};
    private static final int BAR = 14, GAP = 18, LEFT = 70, PANEL_HEIGHT = 220, TOP = 50;

    private final BenchReport report;

    BenchChart(BenchReport report) {
        this.report = report;
    }

    String render() {
        List<String> programs = report.programs();
        List<String> techniques = report.techniques();
        int groupWidth = techniques.size() * BAR + GAP;
        int width = LEFT + programs.size() * groupWidth + 40;
        int height = TOP + 2 * (PANEL_HEIGHT + 60) + 30;
        double max = 1;
        for (BenchRow r : report.rows()) {
            max = Math.max(max, safe(report.modeledRatio(r)));
            max = Math.max(max, safe(report.wallRatio(r)));
        }
        double decades = Math.max(1, Math.ceil(Math.log10(max)));
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">virtlab bench: cost relative to bare"
                + " (log scale)</text>%n", LEFT));
        for (int i = 0; i < techniques.size(); i++) {
            int x = LEFT + i * 110;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"30\" width=\"10\" height=\"10\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"39\">%s</text>%n", x, colour(i), x + 14, techniques.get(i)));
        }
        panel(s, "modeled cycles / bare", TOP + 20, decades, true);
        panel(s, "emulator wall time / bare", TOP + 20 + PANEL_HEIGHT + 60, decades, false);
        return s.append("</svg>\n").toString();
    }

    private void panel(StringBuilder s, String title, int top, double decades, boolean modeled) {
        int bottom = top + PANEL_HEIGHT;
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", LEFT, top - 6, title));
        for (int d = 0; d <= decades; d++) {
            double y = bottom - PANEL_HEIGHT * d / decades;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%sx</text>%n", LEFT, y,
                    LEFT + report.programs().size() * (report.techniques().size() * BAR + GAP), y, LEFT - 6, y + 4,
                    (long) Math.pow(10, d)));
        }
        int x = LEFT + GAP / 2;
        for (String p : report.programs()) {
            for (int i = 0; i < report.techniques().size(); i++) {
                BenchRow r = report.row(p, report.techniques().get(i));
                if (r != null) {
                    double ratio = safe(modeled ? report.modeledRatio(r) : report.wallRatio(r));
                    double h = PANEL_HEIGHT * Math.log10(Math.max(1, ratio)) / decades;
                    s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                            + "<title>%s %s: %.2fx</title></rect>%n", x + i * BAR, bottom - Math.max(h, 1), BAR - 2,
                            Math.max(h, 1), colour(i), p, report.techniques().get(i), ratio));
                }
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x + report.techniques().size() * BAR / 2, bottom + 14, p));
            x += report.techniques().size() * BAR + GAP;
        }
    }

    private static double safe(double ratio) {
        return Double.isNaN(ratio) || ratio <= 0 ? 1 : ratio;
    }

    private static String colour(int i) {
        return COLOURS[i % COLOURS.length];
    }
}
