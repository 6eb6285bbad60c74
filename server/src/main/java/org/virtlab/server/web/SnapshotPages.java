package org.virtlab.server.web;

import static org.virtlab.server.web.Pages.esc;

import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.snapshots.SnapshotRecord;
import org.virtlab.server.snapshots.SnapshotService;
import org.virtlab.server.snapshots.SnapshotSettings;
import org.virtlab.server.snapshots.SnapshotStore;

/**
 * The snapshot parts of the pages (docs/snapshots.md, "Server"): the lab page's snapshot panel
 * (an HTMX fragment, {@code /labs/{id}/snapshots}: take a snapshot with a name and a note, and
 * the user's snapshots for this kind of lab, each restored in one click, forked into a new lab,
 * downloaded or deleted) and the page of all the user's snapshots ({@code /snapshots}, with the
 * upload form). Labs of every preset have the panel: a hypervisor lab's snapshot holds every domain. Every form is a plain HTML form with the CSRF token, boosted by HTMX.
 */
public final class SnapshotPages {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final SnapshotService snapshots;
    private final LabService labs;
    private final Auth auth;

    public SnapshotPages(SnapshotService snapshots, LabService labs, Auth auth) {
        this.snapshots = snapshots;
        this.labs = labs;
        this.auth = auth;
    }

    /** {@code GET /labs/{id}/snapshots}: the lab page's snapshot panel. */
    public void labPanel(Context ctx) {
        Auth.Principal p = auth.resolve(ctx).orElseThrow(() -> new ApiError(401, "not_signed_in", "sign in first"));
        User u = p.user();
        Lab lab = labs.view(u, ctx.pathParam("id"));
        String id = esc(lab.record().id());
        String csrf = esc(p.session() == null ? "" : p.session().csrf());
        StringBuilder h = new StringBuilder("<section class=\"panel snapshots\" aria-labelledby=\"snapshots-title\">"
                + "<h2 id=\"snapshots-title\">Snapshots</h2>");
        if (lab.record().ownerId() != u.id()) {
            ctx.html(h.append("<p class=\"muted\">Snapshots belong to the lab's owner.</p></section>").toString());
            return;
        }
        if (lab.status().state() == Lab.State.SUSPENDED)
            h.append("<p class=\"notice\">Suspended to disk: <strong>start</strong> resumes it where it was.</p>");
        h.append("""
                <form method="post" action="/labs/%s/snapshots" class="inline snapshot-take">
                  <input type="hidden" name="_csrf" value="%s">
                  <label>Name <input name="name" maxlength="80" placeholder="before the experiment"></label>
                  <label>Note <input name="note" maxlength="500" placeholder="what it is for"></label>
                  <button type="submit">Take snapshot</button>
                </form>
                """.formatted(id, csrf));
        List<SnapshotRecord> mine = newestFirst(snapshots.list(u).stream()
                .filter(r -> r.presetId().equals(lab.record().presetId())).toList());
        if (mine.isEmpty()) {
            h.append("<p class=\"muted\">No snapshots yet. A snapshot keeps the whole machine: take one, break something, restore it.</p>");
        } else {
            h.append("<table class=\"snapshots\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Note</th>"
                    + "<th scope=\"col\">Taken</th><th scope=\"col\">Size</th><th scope=\"col\">From</th><th scope=\"col\"></th></tr></thead><tbody>");
            for (SnapshotRecord r : mine) {
                String sid = esc(r.id());
                String from = r.labId() == null ? "upload" : r.labId().equals(lab.record().id()) ? "this lab"
                        : "<a href=\"/labs/" + esc(r.labId()) + "\">another lab</a>";
                h.append("<tr data-snapshot=\"").append(sid).append("\"><td>").append(esc(r.name())).append("</td><td>")
                        .append(esc(r.note())).append("</td><td>").append(WHEN.format(r.createdAt())).append("</td><td>")
                        .append(SnapshotSettings.human(r.sizeBytes())).append("</td><td>").append(from).append("</td><td class=\"actions\">")
                        .append(form("/labs/" + id + "/restore", csrf, "<input type=\"hidden\" name=\"snapshot\" value=\"" + sid + "\">",
                                "Restore", "restore", "Put this lab back to " + esc(r.name())))
                        .append(form("/snapshots/" + sid + "/fork", csrf, "", "New lab", "", "Start a new lab from " + esc(r.name())))
                        .append("<a href=\"/api/snapshots/").append(sid).append("/file\" download>Download</a> ")
                        .append(form("/snapshots/" + sid + "/delete", csrf, "<input type=\"hidden\" name=\"back\" value=\"/labs/" + id + "\">",
                                "Delete", "danger", "Delete " + esc(r.name())))
                        .append("</td></tr>");
            }
            h.append("</tbody></table>");
        }
        h.append(quota(u));
        ctx.html(h.append("</section>").toString());
    }

    /** {@code GET /snapshots}: all the user's snapshots and the upload form. */
    public void page(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            Pages.redirect(ctx, "/signin");
            return;
        }
        User u = p.get().user();
        String csrf = esc(p.get().session() == null ? "" : p.get().session().csrf());
        StringBuilder rows = new StringBuilder();
        for (SnapshotRecord r : newestFirst(snapshots.list(u))) {
            String sid = esc(r.id());
            String from = r.labId() == null ? "upload" : "<a href=\"/labs/" + esc(r.labId()) + "\">" + esc(r.labId()) + "</a>";
            rows.append("<tr data-snapshot=\"").append(sid).append("\"><td>").append(esc(r.name())).append("</td><td>")
                    .append(esc(r.note())).append("</td><td>").append(esc(r.presetId())).append("</td><td>").append(from)
                    .append("</td><td>").append(WHEN.format(r.createdAt())).append("</td><td>").append(SnapshotSettings.human(r.sizeBytes()))
                    .append("</td><td class=\"actions\">")
                    .append(form("/snapshots/" + sid + "/fork", csrf, "", "New lab", "", "Start a new lab from " + esc(r.name())))
                    .append("<a href=\"/api/snapshots/").append(sid).append("/file\" download>Download</a> ")
                    .append(form("/snapshots/" + sid + "/delete", csrf, "", "Delete", "danger", "Delete " + esc(r.name())))
                    .append("</td></tr>\n");
        }
        ctx.html(Pages.layout("Snapshots", u, p.get().session() == null ? "" : p.get().session().csrf(), """
                <h1>Your snapshots</h1>
                <p class="muted">Take snapshots on a lab's page. A snapshot can be restored into its lab in one click, started as a
                new lab, or downloaded and run with <code>virtlab run --restore FILE</code>.</p>
                <table class="labs snapshots"><thead><tr><th>Name</th><th>Note</th><th>Preset</th><th>From lab</th><th>Taken</th>
                <th>Size</th><th></th></tr></thead>
                <tbody>%s</tbody></table>
                %s
                <h2>Upload a snapshot</h2>
                <form method="post" action="/snapshots/upload" enctype="multipart/form-data" class="inline" hx-encoding="multipart/form-data">
                  <input type="hidden" name="_csrf" value="%s">
                  <label>File <input type="file" name="file" accept=".vlsnap" required></label>
                  <label>Name <input name="name" maxlength="80" placeholder="from the file name"></label>
                  <label>Note <input name="note" maxlength="500"></label>
                  <button type="submit">Upload</button>
                </form>
                """.formatted(rows.length() == 0 ? "<tr><td colspan=\"7\">No snapshots yet.</td></tr>" : rows, quota(u), csrf)));
    }

    private static List<SnapshotRecord> newestFirst(List<SnapshotRecord> oldestFirst) {
        List<SnapshotRecord> l = new java.util.ArrayList<>(oldestFirst);
        java.util.Collections.reverse(l);
        return l;
    }

    private String quota(User u) {
        SnapshotStore.Usage used = snapshots.store().usage(u.id());
        SnapshotSettings s = snapshots.settings();
        return "<p class=\"muted quota\">You keep " + used.count() + " of " + s.perUser() + " snapshots, "
                + SnapshotSettings.human(used.bytes()) + " of " + SnapshotSettings.human(s.bytesPerUser()) + ".</p>";
    }

    private static String form(String action, String csrf, String fields, String label, String cssClass, String title) {
        return "<form method=\"post\" action=\"" + action + "\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"" + csrf
                + "\">" + fields + "<button type=\"submit\"" + (cssClass.isEmpty() ? "" : " class=\"" + cssClass + "\"")
                + " title=\"" + title + "\">" + label + "</button></form>";
    }
}
