package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.Preset;

/** Labs over JSON ({@code /api/labs...}) and as form posts from the pages ({@code /labs...}). */
public final class LabController {
    private final LabService labs;
    private final Auth auth;

    public LabController(LabService labs, Auth auth) {
        this.labs = labs;
        this.auth = auth;
    }

    /** The lifecycle commands, by the path segment that names them. */
    private interface Command {
        Lab apply(LabService labs, User user, String id);
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "start", LabService::start,
            "stop", LabService::stop,
            "pause", LabService::pause,
            "resume", LabService::resume,
            "reset", LabService::reset);

    // ---- JSON API ----

    public void presets(Context ctx) {
        ctx.json(Preset.all().stream().map(LabController::json).toList());
    }

    public void list(Context ctx) {
        User u = auth.require(ctx).user();
        ctx.json(labs.list(u).stream().map(LabController::json).toList());
    }

    public void create(Context ctx) {
        User u = auth.require(ctx).user();
        JsonNode b = Json.object(ctx);
        ctx.status(201).json(json(labs.create(u, Json.text(b, "name"), Json.text(b, "preset"))));
    }

    public void get(Context ctx) {
        ctx.json(json(labs.view(auth.require(ctx).user(), ctx.pathParam("id"))));
    }

    public void delete(Context ctx) {
        labs.delete(auth.require(ctx).user(), ctx.pathParam("id"));
        ctx.status(204);
    }

    public void command(Context ctx) {
        Command c = COMMANDS.get(ctx.pathParam("command"));
        if (c == null) throw new ApiError(404, "unknown_command",
                "no lab command '" + ctx.pathParam("command") + "'; commands: start, stop, pause, resume, reset");
        ctx.json(json(c.apply(labs, auth.require(ctx).user(), ctx.pathParam("id"))));
    }

    /** The scroll-back as text: what a console replays on connect. */
    public void output(Context ctx) {
        Lab lab = labs.view(auth.require(ctx).user(), ctx.pathParam("id"));
        ctx.contentType("text/plain; charset=utf-8").result(lab.console().scrollback());
    }

    static Map<String, Object> json(Preset p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("title", p.title());
        m.put("stack", p.stack());
        m.put("image", p.image());
        m.put("harts", p.harts());
        m.put("memoryMiB", p.memoryMiB());
        m.put("machineMemoryMiB", p.machineMemoryMiB());
        if (p.isHypervisor()) {
            m.put("domains", p.domains());
            m.put("technique", p.technique());
        }
        return m;
    }

    static Map<String, Object> json(Lab lab) {
        Lab.Status s = lab.status();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", lab.record().id());
        m.put("name", lab.record().name());
        m.put("preset", lab.record().presetId());
        m.put("ownerId", lab.record().ownerId());
        m.put("state", s.state().name().toLowerCase(java.util.Locale.ROOT));
        m.put("instructions", s.instructions());
        m.put("uptimeMillis", s.uptimeMillis());
        m.put("blocksTranslated", s.blocksTranslated());
        m.put("translatedInstructions", s.translatedInstructions());
        m.put("machineInstructions", s.machineInstructions());
        m.put("stack", lab.preset().stack());
        m.put("viewers", lab.consoles().stream().mapToInt(c -> c.viewers().size()).sum());
        if (s.failure() != null) m.put("failure", s.failure());
        m.put("console", "/api/labs/" + lab.record().id() + "/console");
        if (lab.domains().count() > 0) {
            List<Map<String, Object>> domains = new java.util.ArrayList<>();
            for (int d = 0; d < lab.domains().count(); d++) {
                String base = "/api/labs/" + lab.record().id() + "/domains/" + d;
                domains.add(Map.of("id", d, "name", lab.domains().name(d), "console", base + "/console", "output", base + "/output"));
            }
            m.put("domains", domains);
        }
        m.put("createdAt", lab.record().createdAt().toString());
        return m;
    }

    // ---- pages (forms, HTMX-boosted) ----

    public void formCreate(Context ctx) {
        User u = requirePage(ctx);
        if (u == null) return;
        Lab lab = labs.create(u, ctx.formParam("name"), ctx.formParam("preset"));
        Pages.redirect(ctx, "/labs/" + lab.record().id());
    }

    public void formCommand(Context ctx) {
        User u = requirePage(ctx);
        if (u == null) return;
        String id = ctx.pathParam("id");
        String name = ctx.pathParam("command");
        if (name.equals("delete")) {
            labs.delete(u, id);
            Pages.redirect(ctx, "/labs");
            return;
        }
        Command c = COMMANDS.get(name);
        if (c == null) throw new ApiError(404, "unknown_command", "no lab command '" + name + "'");
        c.apply(labs, u, id);
        Pages.redirect(ctx, "/labs/" + id);
    }

    /** The signed-in user, or a redirect to the sign-in page (returns null). */
    User requirePage(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            Pages.redirect(ctx, "/signin");
            return null;
        }
        return p.get().user();
    }

    static List<Preset> presetList() {
        return Preset.all();
    }
}
