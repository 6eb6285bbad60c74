package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.virtlab.server.accounts.User;
import org.virtlab.server.classroom.Classroom;
import org.virtlab.server.classroom.ClassroomRecord;
import org.virtlab.server.classroom.ClassroomService;
import org.virtlab.server.classroom.DashboardService;
import org.virtlab.server.classroom.Handout;
import org.virtlab.server.classroom.HandoutService;
import org.virtlab.server.classroom.Member;
import org.virtlab.server.classroom.RecordingInfo;
import org.virtlab.server.classroom.RecordingService;
import org.virtlab.server.labs.Keyboard;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;

/**
 * Classrooms over JSON ({@code /api/classrooms...}, docs/api.md "Classrooms"). Every handler
 * names the acting user; the services check what that user may do.
 */
public final class ClassroomController {
    private final ClassroomService classrooms;
    private final HandoutService handouts;
    private final DashboardService dashboard;
    private final RecordingService recordings;
    private final LabService labs;
    private final Auth auth;

    public ClassroomController(ClassroomService classrooms, HandoutService handouts, DashboardService dashboard,
                               RecordingService recordings, LabService labs, Auth auth) {
        this.classrooms = classrooms;
        this.handouts = handouts;
        this.dashboard = dashboard;
        this.recordings = recordings;
        this.labs = labs;
        this.auth = auth;
    }

    /** The classroom routes of the one route table ({@code App.routes}). */
    public void routes(RoutesConfig r) {
        r.get("/api/classrooms", this::list);
        r.post("/api/classrooms", this::create);
        r.post("/api/classrooms/join", this::join);
        r.get("/api/classrooms/{id}", this::get);
        r.post("/api/classrooms/{id}/close", ctx -> ctx.json(json(ctx, classrooms.close(user(ctx), id(ctx)))));
        r.post("/api/classrooms/{id}/leave", ctx -> {
            classrooms.leave(user(ctx), id(ctx));
            ctx.status(204);
        });
        r.get("/api/classrooms/{id}/members", this::members);
        r.delete("/api/classrooms/{id}/members/{user}", ctx -> {
            classrooms.removeMember(user(ctx), id(ctx), longParam(ctx, "user"));
            ctx.status(204);
        });
        r.put("/api/classrooms/{id}/stage", ctx -> ctx.json(json(ctx, classrooms.setStage(user(ctx), id(ctx), Json.text(Json.object(ctx), "labId")))));
        r.delete("/api/classrooms/{id}/stage", ctx -> ctx.json(json(ctx, classrooms.clearStage(user(ctx), id(ctx)))));
        r.put("/api/classrooms/{id}/keyboard", ctx -> ctx.json(json(ctx, classrooms.giveKeyboard(user(ctx), id(ctx), userIdField(ctx)))));
        r.delete("/api/classrooms/{id}/keyboard", ctx -> ctx.json(json(ctx, classrooms.takeKeyboardBack(user(ctx), id(ctx)))));
        r.post("/api/classrooms/{id}/hand", ctx -> ctx.json(json(ctx, classrooms.raiseHand(user(ctx), id(ctx)))));
        r.delete("/api/classrooms/{id}/hand", ctx -> ctx.json(json(ctx, classrooms.lowerHand(user(ctx), id(ctx), null))));
        r.delete("/api/classrooms/{id}/hands/{user}", ctx -> ctx.json(json(ctx, classrooms.lowerHand(user(ctx), id(ctx), longParam(ctx, "user")))));
        r.put("/api/classrooms/{id}/message", ctx -> ctx.json(json(ctx, classrooms.postMessage(user(ctx), id(ctx), Json.text(Json.object(ctx), "text")))));
        r.delete("/api/classrooms/{id}/message", ctx -> ctx.json(json(ctx, classrooms.clearMessage(user(ctx), id(ctx)))));
        r.post("/api/classrooms/{id}/handout", this::handOut);
        r.get("/api/classrooms/{id}/lab", ctx -> {
            Lab lab = handouts.myLab(user(ctx), id(ctx));
            if (lab == null) throw new ApiError(404, "no_lab", "you have no hand-out lab in this classroom yet");
            ctx.json(LabController.json(lab));
        });
        r.post("/api/classrooms/{id}/lab", ctx -> ctx.json(LabController.json(handouts.takeMyLab(user(ctx), id(ctx)))));
        r.post("/api/classrooms/{id}/lab/reset", ctx -> ctx.json(LabController.json(handouts.resetMyLab(user(ctx), id(ctx)))));
        r.get("/api/classrooms/{id}/dashboard", this::dashboard);
        r.put("/api/classrooms/{id}/labs/{lab}/keyboard", ctx -> ctx.json(LabController.json(dashboard.help(user(ctx), id(ctx), ctx.pathParam("lab")))));
        r.delete("/api/classrooms/{id}/labs/{lab}/keyboard", ctx -> ctx.json(LabController.json(dashboard.stopHelping(user(ctx), id(ctx), ctx.pathParam("lab")))));
        r.get("/api/classrooms/{id}/recordings", ctx -> ctx.json(recordings.list(user(ctx), id(ctx)).stream().map(i -> json(i)).toList()));
        r.post("/api/classrooms/{id}/recordings", ctx -> ctx.status(201).json(json(recordings.start(user(ctx), id(ctx)))));
        r.post("/api/classrooms/{id}/recordings/stop", ctx -> ctx.json(json(recordings.stop(user(ctx), id(ctx)))));
        r.get("/api/classrooms/{id}/recordings/{rec}", ctx -> ctx.json(json(recordings.find(user(ctx), id(ctx), ctx.pathParam("rec")))));
        r.get("/api/classrooms/{id}/recordings/{rec}/cast", this::cast);
    }

    private User user(Context ctx) {
        return auth.require(ctx).user();
    }

    private static String id(Context ctx) {
        return ctx.pathParam("id");
    }

    private static long longParam(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.pathParam(name));
        } catch (NumberFormatException e) {
            throw new ApiError(400, "bad_user", "'" + ctx.pathParam(name) + "' is not a user id");
        }
    }

    private static long userIdField(Context ctx) {
        JsonNode v = Json.object(ctx).get("userId");
        if (v == null || !v.canConvertToLong()) throw new ApiError(400, "bad_user", "say who gets the keyboard: {\"userId\": N}");
        return v.asLong();
    }

    private void list(Context ctx) {
        User u = user(ctx);
        ctx.json(classrooms.list(u).stream().map(c -> summary(c, u)).toList());
    }

    private void create(Context ctx) {
        JsonNode b = Json.object(ctx);
        JsonNode minutes = b.get("expiresInMinutes");
        if (minutes != null && !minutes.isNull() && !minutes.canConvertToLong())
            throw new ApiError(400, "bad_expiry", "expiresInMinutes must be a whole number of minutes");
        Long expiry = minutes == null || minutes.isNull() ? null : minutes.asLong();
        ctx.status(201).json(json(ctx, classrooms.create(user(ctx), Json.text(b, "name"), expiry)));
    }

    private void join(Context ctx) {
        ctx.json(json(ctx, classrooms.join(user(ctx), Json.text(Json.object(ctx), "code"))));
    }

    private void get(Context ctx) {
        ctx.json(json(ctx, classrooms.attend(user(ctx), id(ctx))));
    }

    private void members(Context ctx) {
        Classroom c = classrooms.teach(user(ctx), id(ctx));
        ctx.json(members(c));
    }

    private void handOut(Context ctx) {
        HandoutService.Result r = handouts.handOut(user(ctx), id(ctx));
        Map<String, Object> m = json(r.handout());
        m.put("millis", r.millis());
        m.put("snapshotMillis", r.snapshotMillis());
        m.put("labs", r.labs().stream().map(l -> Map.of("userId", l.record().ownerId(), "labId", l.record().id())).toList());
        ctx.json(m);
    }

    private void dashboard(Context ctx) {
        List<Map<String, Object>> cards = new ArrayList<>();
        for (DashboardService.Card c : dashboard.cards(user(ctx), id(ctx))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("userId", c.member().userId());
            m.put("username", c.member().username());
            m.put("handRaised", c.handRaised());
            m.put("hasStageKeyboard", c.hasStage());
            if (c.lab() == null) {
                m.put("lab", null);
            } else {
                Lab.Status s = c.lab().status();
                Map<String, Object> lab = new LinkedHashMap<>();
                lab.put("id", c.lab().record().id());
                lab.put("state", s.state().name().toLowerCase(Locale.ROOT));
                lab.put("instructions", s.instructions());
                lab.put("uptimeMillis", s.uptimeMillis());
                lab.put("viewers", c.lab().console().viewers().size());
                lab.put("consoleBytes", c.lab().console().bytesWritten());
                lab.put("lastLines", c.lastLines());
                lab.put("helping", c.helping());
                lab.put("console", "/api/labs/" + c.lab().record().id() + "/console");
                m.put("lab", lab);
            }
            cards.add(m);
        }
        ctx.json(cards);
    }

    private void cast(Context ctx) {
        RecordingInfo info = recordings.find(user(ctx), id(ctx), ctx.pathParam("rec"));
        Path file = recordings.file(user(ctx), id(ctx), info.id());
        ctx.contentType("application/x-asciicast");
        if (ctx.queryParam("download") != null)
            ctx.header("Content-Disposition", "attachment; filename=\"virtlab-" + info.classroomId() + "-" + info.id() + ".cast\"");
        try {
            ctx.result(Files.newInputStream(file));             // Javalin streams and closes it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- JSON ----

    /** Everything a page shows about a classroom, as the user may see it. */
    Map<String, Object> json(Context ctx, Classroom c) {
        User u = user(ctx);
        ClassroomRecord r = c.record();
        boolean teaches = r.ownerId() == u.id();
        Map<String, Object> m = summary(c, u);
        if (teaches) {
            m.put("joinCode", r.joinCode());
            m.put("joinLink", ctx.scheme() + "://" + ctx.host() + "/join/" + r.joinCode());
            m.put("members", members(c));
            List<Map<String, Object>> hands = new ArrayList<>();
            for (long h : c.hands()) {
                Member mem = c.member(h);
                if (mem != null) hands.add(Map.of("id", h, "username", mem.username()));
            }
            m.put("hands", hands);
        } else {
            m.put("handRaised", c.hands().contains(u.id()));
        }
        Lab stage = c.stageLabId() == null ? null : labs.find(c.stageLabId()).orElse(null);
        if (stage == null) {
            m.put("stage", null);
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("labId", stage.record().id());
            s.put("name", stage.record().name());
            s.put("state", stage.status().state().name().toLowerCase(Locale.ROOT));
            s.put("console", "/api/labs/" + stage.record().id() + "/console");
            Keyboard k = stage.keyboard();
            Map<String, Object> kb = new LinkedHashMap<>();
            kb.put("holderId", k.holderId());
            kb.put("holder", k.lentTo() == null ? r.ownerName() : k.lentTo().username());
            kb.put("you", k.mayType(u.id()));
            s.put("keyboard", kb);
            m.put("stage", s);
        }
        Classroom.Message msg = c.message();
        m.put("message", msg == null ? null : Map.of("text", msg.text(), "postedAt", msg.postedAt().toString()));
        Handout h = c.handout();
        m.put("handout", h == null ? null : json(h));
        if (!teaches) {
            Lab mine = handouts.myLab(u, c.id());
            m.put("myLab", mine == null ? null : Map.of("id", mine.record().id(), "state",
                    mine.status().state().name().toLowerCase(Locale.ROOT), "console", "/api/labs/" + mine.record().id() + "/console",
                    "helped", mine.keyboard().lentTo() != null));
        }
        RecordingInfo rec = recordings.current(c);
        m.put("recording", rec == null ? null : json(rec));
        return m;
    }

    private Map<String, Object> summary(Classroom c, User u) {
        ClassroomRecord r = c.record();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("state", r.isOpen(classrooms.now()) ? "open" : "closed");
        m.put("role", r.ownerId() == u.id() ? "instructor" : "member");
        m.put("instructor", Map.of("id", r.ownerId(), "username", r.ownerName()));
        m.put("memberCount", c.members().size());
        m.put("createdAt", r.createdAt().toString());
        m.put("expiresAt", r.expiresAt() == null ? null : r.expiresAt().toString());
        m.put("closedAt", r.closedAt() == null ? null : r.closedAt().toString());
        return m;
    }

    private static List<Map<String, Object>> members(Classroom c) {
        List<Long> hands = c.hands();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Member m : c.members()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", m.userId());
            j.put("username", m.username());
            j.put("joinedAt", m.joinedAt().toString());
            j.put("labId", m.labId());
            j.put("handRaised", hands.contains(m.userId()));
            out.add(j);
        }
        return out;
    }

    static Map<String, Object> json(Handout h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", h.number());
        m.put("takenAt", h.takenAt().toString());
        m.put("fromLab", h.fromLab());
        m.put("preset", h.presetId());
        return m;
    }

    static Map<String, Object> json(RecordingInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("labId", i.labId());
        m.put("startedAt", i.startedAt().toString());
        m.put("endedAt", i.endedAt() == null ? null : i.endedAt().toString());
        m.put("durationMillis", i.durationMillis());
        m.put("bytes", i.bytes());
        String base = "/api/classrooms/" + i.classroomId() + "/recordings/" + i.id();
        m.put("cast", base + "/cast");
        m.put("download", base + "/cast?download=1");
        m.put("page", "/classrooms/" + i.classroomId() + "/recordings/" + i.id());
        return m;
    }
}
