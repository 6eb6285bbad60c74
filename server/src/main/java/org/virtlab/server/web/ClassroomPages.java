package org.virtlab.server.web;

import static org.virtlab.server.web.Pages.esc;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtlab.server.accounts.Role;
import org.virtlab.server.accounts.User;
import org.virtlab.server.classroom.Classroom;
import org.virtlab.server.classroom.ClassroomRecord;
import org.virtlab.server.classroom.ClassroomService;
import org.virtlab.server.classroom.DashboardService;
import org.virtlab.server.classroom.Handout;
import org.virtlab.server.classroom.Member;
import org.virtlab.server.classroom.RecordingInfo;
import org.virtlab.server.classroom.RecordingService;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;

/**
 * The classroom pages (docs/server.md "Classrooms"): the list with the join and create forms,
 * the join link's page, the classroom page — the stage's console for everyone, the
 * instructor's controls and dashboard, a member's raise-hand button and private lab — and the
 * recording player (asciinema-player, from npm at build time).
 *
 * <p>The live parts are HTMX fragments: {@code /classrooms/{id}/state} every second (message,
 * keyboard, hands, hand-out, members, recordings) and {@code /classrooms/{id}/dashboard} every
 * two seconds. Consoles and forms stay outside them, so polling never resets a terminal or a
 * half-typed message; {@code classroom.js} sends the buttons and forms to the JSON API and
 * swaps a console when the stage or the member's lab changes.
 */
public final class ClassroomPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    static final String PLAYER = "/static/vendor/asciinema-player/dist/bundle/";

    private final ClassroomController api;
    private final ClassroomService classrooms;
    private final DashboardService dashboard;
    private final RecordingService recordings;
    private final LabService labs;
    private final Auth auth;

    public ClassroomPages(ClassroomController api, ClassroomService classrooms, DashboardService dashboard,
                          RecordingService recordings, LabService labs, Auth auth) {
        this.api = api;
        this.classrooms = classrooms;
        this.dashboard = dashboard;
        this.recordings = recordings;
        this.labs = labs;
        this.auth = auth;
    }

    public void routes(RoutesConfig r) {
        r.get("/classrooms", this::list);
        r.post("/classrooms", this::formCreate);
        r.get("/join/{code}", this::joinPage);
        r.post("/join", this::formJoin);
        r.get("/classrooms/{id}", this::classroomPage);
        r.get("/classrooms/{id}/state", this::stateFragment);
        r.get("/classrooms/{id}/dashboard", this::dashboardFragment);
        r.get("/classrooms/{id}/recordings/{rec}", this::playerPage);
    }

    /** The signed-in principal, or a redirect to the sign-in page (null). */
    private Auth.Principal page(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) Pages.redirect(ctx, "/signin");
        return p.orElse(null);
    }

    private static String csrf(Auth.Principal p) {
        return p.session() == null ? "" : p.session().csrf();
    }

    // ---- list, create, join ----

    private void list(Context ctx) {
        Auth.Principal p = page(ctx);
        if (p != null) ctx.html(listHtml(p, null, null));
    }

    private String listHtml(Auth.Principal p, String error, String code) {
        User u = p.user();
        StringBuilder rows = new StringBuilder();
        for (Classroom c : classrooms.list(u)) {
            ClassroomRecord r = c.record();
            rows.append("<tr><td><a href=\"/classrooms/").append(esc(r.id())).append("\">").append(esc(r.name())).append("</a></td><td>")
                    .append(r.ownerId() == u.id() ? "you teach" : "taught by " + esc(r.ownerName())).append("</td><td>")
                    .append(r.isOpen(classrooms.now()) ? "open" : "closed").append("</td></tr>\n");
        }
        String csrf = esc(csrf(p));
        String create = u.role() == Role.STUDENT ? "" : """
                <h2>New classroom</h2>
                <form method="post" action="/classrooms" class="inline">
                  <input type="hidden" name="_csrf" value="%s">
                  <label>Name <input name="name" maxlength="80" required placeholder="OS course, week 3"></label>
                  <label>Expires in <input name="expiresInMinutes" type="number" min="1" max="43200" placeholder="minutes (optional)"></label>
                  <button type="submit">Create classroom</button>
                </form>
                """.formatted(csrf);
        return Pages.layout("Classrooms", u, csrf(p), """
                <h1>Classrooms</h1>
                %s
                <table class="labs"><thead><tr><th>Name</th><th>Instructor</th><th>State</th></tr></thead>
                <tbody>%s</tbody></table>
                <h2>Join a classroom</h2>
                <form method="post" action="/join" class="inline">
                  <input type="hidden" name="_csrf" value="%s">
                  <label>Join code <input name="code" maxlength="16" required autocomplete="off" value="%s" placeholder="K7QX3M"></label>
                  <button type="submit">Join</button>
                </form>
                %s
                """.formatted(error == null ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>",
                rows.length() == 0 ? "<tr><td colspan=\"3\">No classrooms yet.</td></tr>" : rows, csrf, esc(code == null ? "" : code), create));
    }

    private void formCreate(Context ctx) {
        Auth.Principal p = page(ctx);
        if (p == null) return;
        String minutes = ctx.formParam("expiresInMinutes");
        try {
            Long expiry = minutes == null || minutes.isBlank() ? null : Long.parseLong(minutes.strip());
            Classroom c = classrooms.create(p.user(), ctx.formParam("name"), expiry);
            Pages.redirect(ctx, "/classrooms/" + c.id());
        } catch (NumberFormatException e) {
            ctx.html(listHtml(p, "The expiry is a number of minutes.", null));
        } catch (ApiError e) {
            ctx.status(e.status()).html(listHtml(p, e.getMessage(), null));
        }
    }

    private void joinPage(Context ctx) {
        String code = ctx.pathParam("code");
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            ctx.html(Pages.layout("Join a classroom", null, null, """
                    <h1>Join a classroom</h1>
                    <p>Sign in (or sign up) first, then open this link again, or type the join code <strong>%s</strong>
                    on the <a href="/classrooms">Classrooms</a> page.</p>
                    <p><a href="/signin">Sign in</a> · <a href="/signup">Sign up</a></p>
                    """.formatted(esc(code))));
            return;
        }
        ctx.html(listHtml(p.get(), null, code));
    }

    private void formJoin(Context ctx) {
        Auth.Principal p = page(ctx);
        if (p == null) return;
        String code = ctx.formParam("code");
        try {
            Classroom c = classrooms.join(p.user(), code);
            Pages.redirect(ctx, "/classrooms/" + c.id());
        } catch (ApiError e) {
            ctx.status(e.status()).html(listHtml(p, e.getMessage(), code));
        }
    }

    // ---- the classroom page ----

    private void classroomPage(Context ctx) {
        Auth.Principal p = page(ctx);
        if (p == null) return;
        User u = p.user();
        Classroom c = classrooms.attend(u, ctx.pathParam("id"));
        ClassroomRecord r = c.record();
        boolean teaches = r.ownerId() == u.id();
        String id = esc(r.id());
        String controls = teaches ? instructorControls(c, u) : memberControls(c);
        ctx.html(Pages.layout(r.name(), u, csrf(p), """
                <h1>%s <span class="muted">classroom taught by %s</span></h1>
                <p id="class-error" class="error" role="alert"></p>
                <div id="class-state" class="class-state" hx-get="/classrooms/%s/state" hx-trigger="load, every 1s, refresh" hx-swap="innerHTML"></div>
                <div class="classroom">
                <section class="stage" aria-labelledby="stage-title"><h2 id="stage-title">Stage</h2>
                <div id="stage-slot" class="console-slot" data-placeholder="No lab is on the stage yet."></div></section>
                %s
                </div>
                <link rel="stylesheet" href="/static/vendor/xterm/css/xterm.css">
                <script src="/static/vendor/xterm/lib/xterm.js"></script>
                <script src="/static/vendor/addon-fit/lib/addon-fit.js"></script>
                <script src="/static/lab.js"></script>
                <script src="/static/classroom.js"></script>
                """.formatted(esc(r.name()), esc(r.ownerName()), id, controls)));
    }

    private String instructorControls(Classroom c, User u) {
        String id = esc(c.id());
        StringBuilder options = new StringBuilder();
        for (Lab lab : labs.list(u)) {
            options.append("<option value=\"").append(esc(lab.record().id())).append("\"")
                    .append(lab.record().id().equals(c.stageLabId()) ? " selected" : "").append(">")
                    .append(esc(lab.record().name())).append(" (").append(esc(lab.preset().title())).append(", ")
                    .append(lab.status().state().name().toLowerCase(Locale.ROOT)).append(")</option>");
        }
        String stagePicker = options.length() == 0
                ? "<p>You have no lab to put on the stage: <a href=\"/labs\">create and start one</a>, then come back.</p>"
                : """
                <form data-api="PUT /api/classrooms/%s/stage" class="inline" hx-boost="false">
                  <label>Lab <select name="labId">%s</select></label><button type="submit">Put on stage</button>
                </form>""".formatted(id, options);
        return """
                <section class="panel teach" aria-labelledby="teach-title"><h2 id="teach-title">Teach</h2>
                %s
                <div class="button-row">
                  <button type="button" data-api="DELETE /api/classrooms/%s/keyboard">Take the keyboard back</button>
                  <button type="button" data-api="POST /api/classrooms/%s/handout" id="handout-button">Hand out a snapshot</button>
                  <button type="button" data-api="POST /api/classrooms/%s/recordings">Start recording</button>
                  <button type="button" data-api="POST /api/classrooms/%s/recordings/stop">Stop recording</button>
                </div>
                <form data-api="PUT /api/classrooms/%s/message" class="inline" data-clear="true" hx-boost="false">
                  <label>Message <input name="text" maxlength="500" required placeholder="shown on every member's page"></label>
                  <button type="submit">Post message</button>
                  <button type="button" data-api="DELETE /api/classrooms/%s/message">Clear</button>
                </form>
                <div class="button-row"><button type="button" class="danger" data-api="POST /api/classrooms/%s/close"
                  data-confirm="Close the classroom? Members keep their labs and recordings, but the stage, keyboard and hand-out end."
                  data-reload="true">Close classroom</button></div>
                </section>
                <section class="dashboard-section" aria-labelledby="dash-title"><h2 id="dash-title">Dashboard</h2>
                <div id="dashboard" class="dashboard" hx-get="/classrooms/%s/dashboard" hx-trigger="load, every 2s, refresh" hx-swap="innerHTML"></div>
                </section>
                <section id="watch" class="watch" hidden aria-labelledby="watch-title"><h2 id="watch-title">Watching <span id="watch-name"></span></h2>
                <div id="watch-slot" class="console-slot" data-placeholder=""></div>
                <button type="button" data-watch-stop>Stop watching</button></section>
                """.formatted(stagePicker, id, id, id, id, id, id, id, id);
    }

    private static String memberControls(Classroom c) {
        String id = esc(c.id());
        return """
                <div class="button-row">
                  <button type="button" data-api="POST /api/classrooms/%s/hand" id="raise-hand">Raise hand</button>
                  <button type="button" data-api="DELETE /api/classrooms/%s/hand">Lower hand</button>
                </div>
                <section class="mylab" aria-labelledby="mylab-title"><h2 id="mylab-title">Your lab</h2>
                <div id="mylab-slot" class="console-slot" data-placeholder="When the instructor hands out a snapshot, your own copy of the stage appears here."></div>
                <div class="button-row">
                  <button type="button" data-api="POST /api/classrooms/%s/lab">Get my lab</button>
                  <button type="button" data-api="POST /api/classrooms/%s/lab/reset" id="reset-lab">Reset to the hand-out</button>
                </div></section>
                """.formatted(id, id, id, id);
    }

    /** {@code GET /classrooms/{id}/state}: the live part of the classroom page (polled every second). */
    private void stateFragment(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) throw new ApiError(401, "not_signed_in", "sign in first");
        User u = p.get().user();
        Classroom c = classrooms.attend(u, ctx.pathParam("id"));
        Map<String, Object> s = api.json(ctx, c);
        ClassroomRecord r = c.record();
        boolean teaches = r.ownerId() == u.id();
        String id = esc(r.id());
        StringBuilder h = new StringBuilder();
        @SuppressWarnings("unchecked") Map<String, Object> stage = (Map<String, Object>) s.get("stage");
        @SuppressWarnings("unchecked") Map<String, Object> myLab = (Map<String, Object>) s.get("myLab");
        h.append("<div class=\"class-facts\" hidden data-stage=\"").append(stage == null ? "" : esc((String) stage.get("console")))
                .append("\" data-mylab=\"").append(myLab == null ? "" : esc((String) myLab.get("console")))
                .append("\" data-open=\"").append("open".equals(s.get("state"))).append("\"></div>");
        Classroom.Message msg = c.message();
        if (msg != null)
            h.append("<p class=\"class-message\" id=\"class-message\" role=\"status\"><strong>Message from ")
                    .append(esc(r.ownerName())).append(":</strong> ").append(esc(msg.text())).append("</p>");
        if (!"open".equals(s.get("state"))) h.append("<p class=\"closed-note\">This classroom is closed. Its recordings stay below.</p>");
        h.append("<dl class=\"counters\">");
        if (teaches) {
            String link = (String) s.get("joinLink");
            h.append("<dt>Join code</dt><dd id=\"join-code\">").append(esc(r.joinCode())).append("</dd><dt>Join link</dt><dd><a id=\"join-link\" href=\"")
                    .append(esc(link)).append("\" hx-boost=\"false\">").append(esc(link)).append("</a></dd>");
        }
        h.append("<dt>Members</dt><dd id=\"member-count\">").append(c.members().size()).append("</dd>");
        if (stage != null) {
            @SuppressWarnings("unchecked") Map<String, Object> kb = (Map<String, Object>) stage.get("keyboard");
            h.append("<dt>Stage</dt><dd>").append(esc((String) stage.get("name"))).append(" (").append(stage.get("state")).append(")</dd>")
                    .append("<dt>Keyboard</dt><dd id=\"keyboard-holder\" data-you=\"").append(kb.get("you")).append("\">")
                    .append(esc((String) kb.get("holder"))).append(Boolean.TRUE.equals(kb.get("you")) ? " (you)" : "").append("</dd>");
        }
        Handout ho = c.handout();
        if (ho != null) h.append("<dt>Hand-out</dt><dd id=\"handout\">#").append(ho.number()).append(", ").append(TIME.format(ho.takenAt())).append("</dd>");
        RecordingInfo rec = recordings.current(c);
        if (rec != null) h.append("<dt>Recording</dt><dd id=\"recording\" class=\"recording\">since ").append(TIME.format(rec.startedAt())).append("</dd>");
        if (r.expiresAt() != null) h.append("<dt>Expires</dt><dd>").append(TIME.format(r.expiresAt())).append("</dd>");
        if (!teaches) {
            h.append("<dt>Your hand</dt><dd id=\"hand-state\">").append(Boolean.TRUE.equals(s.get("handRaised")) ? "raised" : "down").append("</dd>");
            if (myLab != null) {
                h.append("<dt>Your lab</dt><dd id=\"mylab-state\">").append(myLab.get("state")).append("</dd>");
                if (Boolean.TRUE.equals(myLab.get("helped")))
                    h.append("<dt>Help</dt><dd class=\"helping\" id=\"helped\">").append(esc(r.ownerName())).append(" has your lab's keyboard</dd>");
            }
        }
        h.append("</dl>");
        if (teaches) {
            StringBuilder hands = new StringBuilder();
            for (long who : c.hands()) {
                Member m = c.member(who);
                if (m == null) continue;
                hands.append("<li data-user=\"").append(who).append("\">").append(esc(m.username()))
                        .append(" <button type=\"button\" data-api=\"PUT /api/classrooms/").append(id).append("/keyboard\" data-body='{\"userId\":")
                        .append(who).append("}'>Give keyboard</button> <button type=\"button\" data-api=\"DELETE /api/classrooms/").append(id)
                        .append("/hands/").append(who).append("\">Lower</button></li>");
            }
            if (hands.length() > 0) h.append("<div class=\"hands\"><h3>Raised hands</h3><ul id=\"hands\">").append(hands).append("</ul></div>");
            StringBuilder members = new StringBuilder();
            for (Member m : c.members()) {
                members.append("<li data-user=\"").append(m.userId()).append("\">").append(esc(m.username()))
                        .append(" <button type=\"button\" data-api=\"PUT /api/classrooms/").append(id).append("/keyboard\" data-body='{\"userId\":")
                        .append(m.userId()).append("}'>Give keyboard</button>")
                        .append(" <button type=\"button\" class=\"danger\" data-api=\"DELETE /api/classrooms/").append(id).append("/members/")
                        .append(m.userId()).append("\" data-confirm=\"Remove ").append(esc(m.username())).append(" from the classroom?\">Remove</button></li>");
            }
            h.append("<details class=\"members\"><summary>Members (").append(c.members().size()).append(")</summary><ul id=\"members\">")
                    .append(members.length() == 0 ? "<li>Nobody has joined yet: give them the join code.</li>" : members).append("</ul></details>");
        }
        List<RecordingInfo> done = recordings.list(u, c.id()).stream().filter(i -> i.endedAt() != null).toList();
        if (!done.isEmpty()) {
            h.append("<div class=\"recordings\"><h3>Recordings</h3><ul>");
            for (RecordingInfo i : done) {
                String base = "/api/classrooms/" + id + "/recordings/" + esc(i.id());
                h.append("<li><a href=\"/classrooms/").append(id).append("/recordings/").append(esc(i.id())).append("\">")
                        .append(TIME.format(i.startedAt())).append("</a> (").append(i.durationMillis() / 1000).append(" s) · <a href=\"")
                        .append(base).append("/cast?download=1\" download hx-boost=\"false\">download .cast</a></li>");
            }
            h.append("</ul></div>");
        }
        ctx.html(h.toString());
    }

    /** {@code GET /classrooms/{id}/dashboard}: a card per member (instructor only; polled every 2 seconds). */
    private void dashboardFragment(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) throw new ApiError(401, "not_signed_in", "sign in first");
        User u = p.get().user();
        String id = esc(ctx.pathParam("id"));
        List<DashboardService.Card> cards = dashboard.cards(u, ctx.pathParam("id"));
        if (cards.isEmpty()) {
            ctx.html("<p class=\"muted\">No members yet.</p>");
            return;
        }
        StringBuilder h = new StringBuilder("<div class=\"cards\">");
        for (DashboardService.Card c : cards) {
            String name = esc(c.member().username());
            h.append("<article class=\"card").append(c.handRaised() ? " hand" : "").append("\" data-user=\"").append(c.member().userId())
                    .append("\"><h3>").append(name).append(c.handRaised() ? " <span class=\"badge\">hand raised</span>" : "")
                    .append(c.hasStage() ? " <span class=\"badge\">stage keyboard</span>" : "").append("</h3>");
            if (c.lab() == null) {
                h.append("<p class=\"muted\">No lab yet.</p></article>");
                continue;
            }
            Lab.Status s = c.lab().status();
            String lab = esc(c.lab().record().id());
            h.append("<p class=\"card-state\"><span class=\"state-").append(s.state().name().toLowerCase(Locale.ROOT)).append("\">")
                    .append(s.state().name().toLowerCase(Locale.ROOT)).append("</span> · ").append(String.format("%,d", s.instructions()))
                    .append(" instructions · ").append(s.uptimeMillis() / 1000).append(" s</p><pre class=\"tail\">");
            for (String line : c.lastLines()) h.append(esc(line)).append('\n');
            h.append("</pre><div class=\"button-row\"><button type=\"button\" data-watch=\"").append(lab).append("\" data-name=\"").append(name)
                    .append("\">Watch</button>");
            if (c.helping())
                h.append("<button type=\"button\" data-api=\"DELETE /api/classrooms/").append(id).append("/labs/").append(lab)
                        .append("/keyboard\">Give keyboard back</button><span class=\"badge\">you have the keyboard</span>");
            else
                h.append("<button type=\"button\" data-api=\"PUT /api/classrooms/").append(id).append("/labs/").append(lab)
                        .append("/keyboard\" data-watch-after=\"").append(lab).append("\" data-name=\"").append(name).append("\">Take keyboard to help</button>");
            h.append("</div></article>");
        }
        ctx.html(h.append("</div>").toString());
    }

    // ---- recordings ----

    private void playerPage(Context ctx) {
        Auth.Principal p = page(ctx);
        if (p == null) return;
        User u = p.user();
        RecordingInfo i = recordings.find(u, ctx.pathParam("id"), ctx.pathParam("rec"));
        Classroom c = classrooms.attend(u, ctx.pathParam("id"));
        String base = "/api/classrooms/" + esc(c.id()) + "/recordings/" + esc(i.id());
        ctx.html(Pages.layout("Recording", u, csrf(p), """
                <h1>Recording <span class="muted">%s · %s</span></h1>
                <p><a href="/classrooms/%s">Back to the classroom</a> · <a href="%s/cast?download=1" download hx-boost="false">Download (.cast, asciicast v2)</a></p>
                <link rel="stylesheet" href="%sasciinema-player.css">
                <div id="player" class="player" data-cast="%s/cast"></div>
                <script src="%sasciinema-player.min.js"></script>
                <script src="/static/player.js"></script>
                """.formatted(esc(c.record().name()), TIME.format(i.startedAt()), esc(c.id()), base, PLAYER, base, PLAYER)));
    }
}
