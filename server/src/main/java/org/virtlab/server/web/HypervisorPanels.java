package org.virtlab.server.web;

import static org.virtlab.server.web.Pages.esc;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtlab.engine.hypervisor.TraceEvent;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.DomainReport;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.TraceReport;

/**
 * The hypervisor part of a lab page (docs/server.md): one xterm.js console per domain, labelled
 * with the domain's name; the counters panel (a table, one column per domain); and the
 * event-trace panel (the last events, newest first, filtered by kind, paused and resumed by the
 * owner through the JSON API). Both are pushed every second by {@link LiveSocket} (the kind
 * filter is a message on that socket) and are also fragments, {@code /labs/{id}/domains} and
 * {@code /labs/{id}/trace}, fetched at once after a button. So a student can watch a CSR write trap and be
 * emulated. The counters panel also shows each domain's state and gives the owner <em>Pause</em>,
 * <em>Resume</em> and <em>Destroy</em> buttons for it (the JSON API's domain commands).
 */
public final class HypervisorPanels {
    /** Trace rows a page shows. */
    static final int TRACE_ROWS = 50;
    /** Individual counters in the "top counters" table. */
    static final int TOP_COUNTERS = 12;

    private final LabService labs;
    private final Auth auth;

    public HypervisorPanels(LabService labs, Auth auth) {
        this.labs = labs;
        this.auth = auth;
    }

    /** The consoles and the two panels, for the lab page. */
    static String section(Lab lab, boolean owner) {
        String id = esc(lab.record().id());
        StringBuilder consoles = new StringBuilder();
        for (int d = 0; d < lab.domains().count(); d++) {
            String name = esc(lab.domains().name(d));
            consoles.append("""
                    <figure class="console"><figcaption>%s <span class="muted">(%s)</span></figcaption>
                    <div class="terminal" data-console="/api/labs/%s/domains/%d/console" data-domain="%s" aria-label="Console of %s"></div></figure>
                    """.formatted(name, esc(lab.preset().technique(d).title()), id, d, name, name));
        }
        StringBuilder kinds = new StringBuilder("<option value=\"all\">all</option>");
        for (String k : TraceReport.KINDS) kinds.append("<option value=\"").append(k).append("\">").append(k).append("</option>");
        String pause = !owner ? "" : """
                <button type="button" hx-post="/api/labs/%s/trace/pause" hx-swap="none" data-refresh="#trace">Pause trace</button>
                <button type="button" hx-post="/api/labs/%s/trace/resume" hx-swap="none" data-refresh="#trace">Resume trace</button>
                """.formatted(id, id);
        return """
                <section class="consoles" aria-label="Domain consoles">%s</section>
                <div class="panels">
                <section class="panel" aria-labelledby="counters-title"><h2 id="counters-title">Counters</h2>
                <div id="domain-counters" hx-get="/labs/%s/domains" hx-trigger="refresh" hx-swap="innerHTML"></div></section>
                <section class="panel" aria-labelledby="trace-title"><h2 id="trace-title">Event trace</h2>
                <p class="muted">Pick <em>emulate</em> and pause: the guest kernel runs in U-mode, so each of its CSR
                instructions (csrr, csrw, ...) traps, and the hypervisor does it on the guest's virtual CSRs.</p>
                <div class="trace-controls"><label>Kind <select id="trace-kind" name="kind" ws-send hx-trigger="change">%s</select></label>
                %s</div>
                <div id="trace" hx-get="/labs/%s/trace" hx-include="#trace-kind" hx-trigger="refresh" hx-swap="innerHTML"></div></section>
                </div>
                """.formatted(consoles, id, kinds, pause, id);
    }

    /** {@code GET /labs/{id}/domains}: the counters table (an HTMX fragment). */
    public void counters(Context ctx) {
        User user = pageUser(ctx);
        ctx.html(counters(labs.viewHypervisor(user, ctx.pathParam("id")), user));
    }

    /** The counters table of a hypervisor lab as {@code user} sees it (the owner gets the domain buttons). */
    static String counters(Lab lab, User user) {
        List<DomainReport> reports = lab.domains().reports();
        if (reports.isEmpty()) return "<p class=\"muted\">Start the lab to see what the hypervisor does for each domain.</p>";
        StringBuilder h = new StringBuilder();
        if (!lab.domains().live()) h.append("<p class=\"muted\">The machine is not running: these are the counters of its last run.</p>");
        h.append("<table class=\"numbers\"><thead><tr><th scope=\"col\">Counter</th>");
        for (DomainReport r : reports)
            h.append("<th scope=\"col\">").append(esc(r.name())).append(" <span class=\"muted\">").append(esc(r.state())).append("</span></th>");
        h.append("</tr></thead><tbody>");
        boolean controls = lab.record().ownerId() == user.id() && lab.domains().live();
        h.append("<tr data-counter=\"state\"><th scope=\"row\">State</th>");
        for (DomainReport r : reports) {
            h.append("<td data-domain-state=\"").append(esc(r.state())).append("\"><strong>").append(esc(r.state())).append("</strong>");
            if (controls) h.append(domainButtons(lab, r));
            h.append("</td>");
        }
        h.append("</tr>");
        row(h, "guestInstructions", "Guest instructions", reports, DomainReport::guestInstructions);
        for (DomainReport.Total t : DomainReport.TOTALS) {
            row(h, t.key(), t.label(), reports, r -> r.totals().get(t.key()));
            if (t.key().equals("mmioExits")) {
                Map<String, Long> devices = new LinkedHashMap<>();
                for (DomainReport r : reports) r.mmio().forEach((dev, n) -> devices.merge(dev, n, Long::sum));
                for (String dev : largestFirst(devices, Integer.MAX_VALUE))
                    row(h, "mmio." + dev, "&nbsp;&nbsp;of which " + esc(dev), reports, r -> r.mmio().getOrDefault(dev, 0L));
            }
        }
        row(h, "modeledCycles", "Modeled cycles", reports, DomainReport::modeledCycles);
        h.append("</tbody></table><h3>Top counters</h3><table class=\"numbers\"><thead><tr><th scope=\"col\">Key</th>");
        for (DomainReport r : reports) h.append("<th scope=\"col\">").append(esc(r.name())).append("</th>");
        h.append("</tr></thead><tbody>");
        Map<String, Long> all = new LinkedHashMap<>();
        for (DomainReport r : reports) r.counters().forEach((k, v) -> all.merge(k, v, Long::sum));
        for (String key : largestFirst(all, TOP_COUNTERS)) {
            h.append("<tr><th scope=\"row\"><code>").append(esc(key)).append("</code></th>");
            for (DomainReport r : reports) h.append("<td>").append(String.format("%,d", r.counters().getOrDefault(key, 0L))).append("</td>");
            h.append("</tr>");
        }
        return h.append("</tbody></table>").toString();
    }

    /** {@code GET /labs/{id}/trace?kind=K}: the last events, newest first (an HTMX fragment). */
    public void trace(Context ctx) {
        Lab lab = labs.viewHypervisor(pageUser(ctx), ctx.pathParam("id"));
        ctx.html(trace(lab, HypervisorController.kind(ctx)));
    }

    /** The trace panel: the last {@link #TRACE_ROWS} events of {@code kind} (null: all), newest first. */
    static String trace(Lab lab, String kind) {
        TraceReport t = lab.domains().trace(kind, TRACE_ROWS);
        StringBuilder h = new StringBuilder("<p class=\"trace-state\" data-paused=\"").append(t.paused()).append("\">")
                .append(t.paused() ? "<strong>Paused</strong>" : "Recording").append(" &middot; ")
                .append(String.format("%,d", t.recorded())).append(" events since boot &middot; the last ")
                .append(t.events().size()).append(kind == null ? "" : " of kind " + esc(kind)).append(", newest first</p>");
        h.append("<table class=\"trace\"><thead><tr><th scope=\"col\">Time (s)</th><th scope=\"col\">Domain</th>"
                + "<th scope=\"col\">vCPU</th><th scope=\"col\">pc</th><th scope=\"col\">Instruction</th><th scope=\"col\">Kind</th>"
                + "<th scope=\"col\">What the hypervisor did</th></tr></thead><tbody>");
        List<TraceEvent> events = new ArrayList<>(t.events());
        Collections.reverse(events);
        for (TraceEvent e : events) {
            h.append("<tr data-kind=\"").append(esc(e.kind())).append("\"><td>")
                    .append(String.format("%.6f", HypervisorController.seconds(e.mtime()))).append("</td><td>")
                    .append(esc(HypervisorController.domainName(lab, e.domain()))).append("</td><td>").append(e.vcpu())
                    .append("</td><td><code>0x").append(Long.toHexString(e.pc())).append("</code></td><td><code>")
                    .append(esc(e.instruction())).append("</code></td><td>").append(esc(e.kind())).append("</td><td>")
                    .append(esc(e.action())).append("</td></tr>");
        }
        if (events.isEmpty()) h.append("<tr><td colspan=\"7\">No events").append(kind == null ? "" : " of this kind").append(" yet.</td></tr>");
        return h.append("</tbody></table>").toString();
    }

    /** The owner's buttons for one domain: the JSON API's domain commands, then the panel refreshes. */
    private static String domainButtons(Lab lab, DomainReport r) {
        String base = "/api/labs/" + esc(lab.record().id()) + "/domains/" + r.id() + "/";
        String name = esc(r.name());
        StringBuilder b = new StringBuilder(" ");
        if (r.state().equals("running")) b.append(button(base, "pause", "Pause", name, null));
        if (r.state().equals("paused")) b.append(button(base, "resume", "Resume", name, null));
        if (r.state().equals("running") || r.state().equals("paused"))
            b.append(button(base, "destroy", "Destroy", name, "Destroy " + name + "? Its vCPUs stop and its memory is freed;"
                    + " reset the lab to boot it again."));
        return b.toString();
    }

    private static String button(String base, String command, String label, String domain, String confirm) {
        return "<button type=\"button\" class=\"small" + (command.equals("destroy") ? " danger" : "") + "\" hx-post=\"" + base + command
                + "\" hx-swap=\"none\" data-refresh=\"#domain-counters\" aria-label=\"" + label + " " + domain + "\""
                + (confirm == null ? "" : " hx-confirm=\"" + confirm + "\"") + ">" + label + "</button>";
    }

    private interface Value {
        long of(DomainReport r);
    }

    private static void row(StringBuilder h, String key, String label, List<DomainReport> reports, Value value) {
        h.append("<tr data-counter=\"").append(esc(key)).append("\"><th scope=\"row\">").append(label).append("</th>");
        for (DomainReport r : reports) h.append("<td>").append(String.format("%,d", value.of(r))).append("</td>");
        h.append("</tr>");
    }

    /** The keys of the {@code n} largest counts, largest first (ties by key). */
    private static List<String> largestFirst(Map<String, Long> counts, int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).map(Map.Entry::getKey).toList();
    }

    private User pageUser(Context ctx) {
        return auth.resolve(ctx).orElseThrow(() -> new ApiError(401, "not_signed_in", "sign in first")).user();
    }
}
