package org.virtlab.server.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.Preset;

/**
 * The server-rendered pages: sign-in, the lab list, the lab page with its xterm.js console.
 * Forms are plain HTML forms boosted by HTMX ({@code hx-boost}); every form carries the CSRF
 * token. Scripts and styles come from the jar: htmx from its webjar, xterm.js and htmx's
 * WebSocket extension from the npm packages copied in at build time, VirtLab's own from web/src/main/static. No CDN.
 *
 * <p>Rendering is plain Java with {@link #esc} on every value that came from a user.
 */
public final class Pages {
    static final String HTMX = "/webjars/htmx.org/2.0.8/dist/htmx.min.js";
    /** htmx's WebSocket extension (npm htmx-ext-ws, copied in at build time): the lab page's live panels. */
    static final String HTMX_WS = "/static/vendor/htmx-ext-ws/dist/ws.min.js";

    private final LabService labs;
    private final Auth auth;
    private final boolean signUpOpen;

    public Pages(LabService labs, Auth auth, boolean signUpOpen) {
        this.labs = labs;
        this.auth = auth;
        this.signUpOpen = signUpOpen;
    }

    public void home(Context ctx) {
        redirect(ctx, auth.resolve(ctx).isPresent() ? "/labs" : "/signin");
    }

    public void signInPage(Context ctx) {
        ctx.html(signIn(false, signUpOpen, null));
    }

    public void signUpPage(Context ctx) {
        ctx.html(signIn(true, signUpOpen, null));
    }

    public void labList(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            redirect(ctx, "/signin");
            return;
        }
        User u = p.get().user();
        StringBuilder rows = new StringBuilder();
        for (Lab lab : labs.list(u)) {
            Lab.Status s = lab.status();
            rows.append("<tr><td><a href=\"/labs/").append(esc(lab.record().id())).append("\">")
                    .append(esc(lab.record().name())).append("</a></td><td>").append(esc(lab.record().presetId()))
                    .append("</td><td class=\"state-").append(s.state().name().toLowerCase(java.util.Locale.ROOT)).append("\">")
                    .append(s.state().name().toLowerCase(java.util.Locale.ROOT)).append("</td></tr>\n");
        }
        StringBuilder options = new StringBuilder();
        for (Preset preset : Preset.all())
            options.append("<option value=\"").append(esc(preset.id())).append("\">").append(esc(preset.title())).append("</option>");
        String csrf = p.get().session() == null ? "" : p.get().session().csrf();
        ctx.html(layout("Labs", u, csrf, """
                <h1>Your labs</h1>
                <table class="labs"><thead><tr><th>Name</th><th>Preset</th><th>State</th></tr></thead>
                <tbody>%s</tbody></table>
                <h2>New lab</h2>
                <form method="post" action="/labs" class="inline">
                  <input type="hidden" name="_csrf" value="%s">
                  <label>Name <input name="name" maxlength="80" placeholder="my lab"></label>
                  <label>Preset <select name="preset">%s</select></label>
                  <button type="submit">Create lab</button>
                </form>
                """.formatted(rows.length() == 0 ? "<tr><td colspan=\"3\">No labs yet.</td></tr>" : rows, esc(csrf), options)));
    }

    public void labPage(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            redirect(ctx, "/signin");
            return;
        }
        User u = p.get().user();
        Lab lab = labs.view(u, ctx.pathParam("id"));
        String id = esc(lab.record().id());
        String csrf = p.get().session() == null ? "" : p.get().session().csrf();
        boolean owner = lab.record().ownerId() == u.id();
        StringBuilder controls = new StringBuilder();
        if (owner) {
            List<String> commands = List.of("start", "pause", "resume", "reset", "stop", "suspend", "delete");   // suspend: SnapshotController
            for (String c : commands) {
                controls.append("<form method=\"post\" action=\"/labs/").append(id).append('/').append(c)
                        .append("\" class=\"inline\"><input type=\"hidden\" name=\"_csrf\" value=\"").append(esc(csrf))
                        .append("\"><button type=\"submit\"").append(c.equals("delete") ? " class=\"danger\"" : "")
                        .append(">").append(c).append("</button></form>");
            }
        } else {
            controls.append("<p>You are watching another user's lab: no keyboard.</p>");
        }
        String consoles = lab.domains().count() > 0 ? HypervisorPanels.section(lab, owner)
                : "<div id=\"terminal\" class=\"terminal\" data-console=\"/api/labs/" + id + "/console\" aria-label=\"Lab console\"></div>";
        ctx.html(layout(lab.record().name(), u, csrf, """
                <h1>%s <span class="muted">%s</span></h1>
                <div class="controls" aria-label="Lab controls">%s</div>
                <div class="live" hx-ext="ws" ws-connect="/labs/%s/live">
                <div id="status" aria-live="off"></div>
                %s
                </div>
                <div id="lab-snapshots" hx-get="/labs/%s/snapshots" hx-trigger="load" hx-swap="innerHTML"></div>
                <link rel="stylesheet" href="/static/vendor/xterm/css/xterm.css">
                <script src="/static/vendor/xterm/lib/xterm.js"></script>
                <script src="/static/vendor/addon-fit/lib/addon-fit.js"></script>
                <script src="/static/lab.js"></script>
                """.formatted(esc(lab.record().name()), esc(lab.preset().title()), controls, id, consoles, id)));
    }

    /** {@code GET /labs/{id}/status}: the live state of the lab page (an HTMX fragment; the page gets it from {@link LiveSocket}). */
    public void statusFragment(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) throw new ApiError(401, "not_signed_in", "sign in first");
        ctx.html(status(labs.view(p.get().user(), ctx.pathParam("id"))));
    }

    /** The state line and counters of a lab: state, instructions, uptime, console viewers. */
    static String status(Lab lab) {
        Lab.Status s = lab.status();
        return "<dl class=\"counters\"><dt>State</dt><dd id=\"lab-state\">" + s.state().name().toLowerCase(java.util.Locale.ROOT)
                + "</dd><dt>Instructions</dt><dd id=\"lab-instructions\">" + String.format("%,d", s.instructions())
                + "</dd><dt title=\"hot guest code translated to JVM bytecode (docs/translator.md)\">Translated</dt>"
                + "<dd id=\"lab-translated\">" + translated(s) + "</dd>"
                + "<dt>Uptime</dt><dd>" + s.uptimeMillis() / 1000 + " s</dd><dt>Viewers</dt><dd id=\"lab-viewers\">"
                + lab.consoles().stream().mapToInt(c -> c.viewers().size()).sum() + "</dd>"
                + (s.failure() == null ? "" : "<dt>Failure</dt><dd>" + esc(s.failure()) + "</dd>") + "</dl>";
    }

    /** "33 blocks · 41% of instructions" (of the running machine). */
    static String translated(Lab.Status s) {
        long share = s.machineInstructions() == 0 ? 0 : Math.min(100, 100 * s.translatedInstructions() / s.machineInstructions());
        return String.format("%,d blocks · %d%% of instructions", s.blocksTranslated(), share);
    }

    static String signIn(boolean signUp, boolean signUpOpen, String error) {
        String title = signUp ? "Sign up" : "Sign in";
        String other = signUp ? "<p>Have an account? <a href=\"/signin\">Sign in</a></p>"
                : signUpOpen ? "<p>New here? <a href=\"/signup\">Sign up</a></p>" : "";
        return layout(title, null, null, """
                <h1>%s</h1>
                %s
                <form method="post" action="%s" class="account">
                  <label>User name <input name="username" autocomplete="username" required minlength="3" maxlength="32"></label>
                  <label>Password <input name="password" type="password" autocomplete="%s" required minlength="8"></label>
                  <button type="submit">%s</button>
                </form>
                %s
                """.formatted(title, error == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>",
                signUp ? "/signup" : "/signin", signUp ? "new-password" : "current-password", title, other));
    }

    static String layout(String title, User user, String csrf, String body) {
        String nav = user == null ? "" : """
                <nav><a href="/labs">Labs</a> <a href="/snapshots">Snapshots</a> <a href="/classrooms">Classrooms</a>%s <span>%s (%s)</span>
                <form method="post" action="/signout" class="inline"><input type="hidden" name="_csrf" value="%s"><button type="submit">Sign out</button></form></nav>
                """.formatted(user.role() == org.virtlab.server.accounts.Role.ADMIN ? " <a href=\"/admin/users\">Users</a>" : "",
                esc(user.username()), user.role().id(), esc(csrf == null ? "" : csrf));
        String headers = csrf == null ? "" : " hx-headers='{\"" + Auth.CSRF_HEADER + "\": \"" + esc(csrf) + "\"}'";
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · VirtLab</title><link rel="stylesheet" href="/static/app.css"><script src="%s"></script>
                <script src="%s"></script></head>
                <body hx-boost="true"%s><header><a class="brand" href="/">VirtLab</a>%s</header><main>
                %s</main></body></html>
                """.formatted(esc(title), HTMX, HTMX_WS, headers, nav, body);
    }

    static void redirect(Context ctx, String path) {
        ctx.redirect(path, HttpStatus.SEE_OTHER);
    }

    /** HTML escaping for text and attribute values. */
    static String esc(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
