package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.snapshots.SnapshotRecord;
import org.virtlab.server.snapshots.SnapshotService;

/**
 * Snapshots over JSON ({@code /api/snapshots...}, {@code /api/labs/{id}/snapshots|restore|suspend})
 * and as form posts from the pages ({@code /snapshots...}, {@code /labs/{id}/snapshots|restore|suspend}).
 * The rules are {@link SnapshotService}'s; docs/api.md lists the endpoints.
 */
public final class SnapshotController {
    /** Media type of a snapshot file. */
    static final String FILE_TYPE = "application/vnd.virtlab.snapshot";
    /** What a multipart upload may add to the file: boundaries, the name and note fields. */
    static final long MAX_FORM_OVERHEAD = 64 * 1024;

    private final SnapshotService snapshots;
    private final Auth auth;

    public SnapshotController(SnapshotService snapshots, Auth auth) {
        this.snapshots = snapshots;
        this.auth = auth;
    }

    // ---- JSON API ----

    /** {@code GET /api/snapshots}: the user's snapshots. */
    public void list(Context ctx) {
        User u = auth.require(ctx).user();
        ctx.json(snapshots.list(u).stream().map(SnapshotController::json).toList());
    }

    /** {@code GET /api/labs/{id}/snapshots}: the user's snapshots of one lab. */
    public void listForLab(Context ctx) {
        User u = auth.require(ctx).user();
        ctx.json(snapshots.listForLab(u, ctx.pathParam("id")).stream().map(SnapshotController::json).toList());
    }

    /** {@code POST /api/labs/{id}/snapshots {name?, note?}}: takes a snapshot of a running lab. */
    public void take(Context ctx) {
        User u = auth.require(ctx).user();
        JsonNode b = Json.object(ctx);
        SnapshotService.Taken t = snapshots.take(u, ctx.pathParam("id"), Json.text(b, "name"), Json.text(b, "note"));
        Map<String, Object> m = json(t.snapshot());
        m.put("timings", Map.of("captureMillis", t.captureMillis(), "encodeMillis", t.encodeMillis(), "writeMillis", t.writeMillis(),
                "totalMillis", t.captureMillis() + t.encodeMillis() + t.writeMillis()));
        ctx.status(201).json(m);
    }

    /** {@code GET /api/snapshots/{sid}}. */
    public void get(Context ctx) {
        ctx.json(json(snapshots.get(auth.require(ctx).user(), ctx.pathParam("sid"))));
    }

    /** {@code DELETE /api/snapshots/{sid}}. */
    public void delete(Context ctx) {
        snapshots.delete(auth.require(ctx).user(), ctx.pathParam("sid"));
        ctx.status(204);
    }

    /** {@code GET /api/snapshots/{sid}/file}: the file, to keep or to run with {@code virtlab run --restore}. */
    public void download(Context ctx) throws IOException {
        User u = auth.require(ctx).user();
        SnapshotRecord r = snapshots.get(u, ctx.pathParam("sid"));
        Path file = snapshots.file(u, r.id());
        ctx.contentType(FILE_TYPE);
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(r) + "\"");
        ctx.header("Content-Length", Long.toString(Files.size(file)));
        ctx.result(Files.newInputStream(file));
    }

    /**
     * {@code POST /api/snapshots?name=N&note=T}: uploads a snapshot file, sent as the request body
     * (or as the multipart field {@code file}).
     */
    public void upload(Context ctx) {
        User u = auth.require(ctx).user();
        ctx.status(201).json(json(receive(ctx, u)));
    }

    /** {@code POST /api/snapshots/{sid}/fork {name?}}: a new lab, started from the snapshot. */
    public void fork(Context ctx) {
        User u = auth.require(ctx).user();
        JsonNode b = Json.object(ctx);
        ctx.status(201).json(LabController.json(snapshots.fork(u, ctx.pathParam("sid"), Json.text(b, "name"))));
    }

    /** {@code POST /api/labs/{id}/restore {snapshot}}: the lab continues from the snapshot. */
    public void restore(Context ctx) {
        User u = auth.require(ctx).user();
        JsonNode b = Json.object(ctx);
        String sid = Json.text(b, "snapshot");
        if (sid == null) throw new ApiError(400, "bad_json", "say which snapshot: {\"snapshot\": \"ID\"}");
        ctx.json(LabController.json(snapshots.restore(u, ctx.pathParam("id"), sid)));
    }

    /** {@code POST /api/labs/{id}/suspend}: saves the lab to disk and stops it; start resumes it. */
    public void suspend(Context ctx) {
        ctx.json(LabController.json(snapshots.resumePoints().suspend(auth.require(ctx).user(), ctx.pathParam("id"))));
    }

    static Map<String, Object> json(SnapshotRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("note", r.note());
        m.put("labId", r.labId());
        m.put("preset", r.presetId());
        m.put("sizeBytes", r.sizeBytes());
        m.put("sha256", r.sha256());
        m.put("createdAt", r.createdAt().toString());
        m.put("file", "/api/snapshots/" + r.id() + "/file");
        return m;
    }

    /** A download's file name: the snapshot's name in safe characters. */
    static String fileName(SnapshotRecord r) {
        String base = r.name().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[-.]+|-+$", "");
        return (base.isEmpty() ? r.id() : base) + ".vlsnap";
    }

    /** The uploaded file: a multipart field {@code file}, or the whole body. */
    private SnapshotRecord receive(Context ctx, User u) {
        long limit = snapshots.settings().maxUploadBytes();
        long length = ctx.contentLength();
        if (length > limit + MAX_FORM_OVERHEAD) {
            // Read what was sent (up to twice the limit) before answering, so that the client, still sending, gets the
            // answer instead of a reset connection; anything larger is cut off at once.
            if (length <= 2 * limit) SnapshotService.discard(ctx.bodyInputStream());
            throw new ApiError(413, "too_large", "snapshot files up to " + org.virtlab.server.snapshots.SnapshotSettings.human(limit)
                    + " can be uploaded");
        }
        String type = ctx.contentType();
        String name = ctx.queryParam("name");
        String note = ctx.queryParam("note");
        InputStream body;
        if (type != null && type.startsWith("multipart/form-data")) {
            UploadedFile file = ctx.uploadedFile("file");
            if (file == null) throw new ApiError(400, "bad_snapshot", "choose a snapshot file (form field 'file')");
            if (name == null) name = ctx.formParam("name");
            if (note == null) note = ctx.formParam("note");
            if ((name == null || name.isBlank()) && file.filename() != null) name = file.filename().replaceFirst("\\.vlsnap$", "");
            body = file.content();
        } else {
            body = ctx.bodyInputStream();
        }
        return snapshots.upload(u, name, note, body);
    }

    // ---- pages (forms, HTMX-boosted) ----

    /** {@code POST /labs/{id}/snapshots}: the lab page's "Take snapshot". */
    public void formTake(Context ctx) {
        User u = pageUser(ctx);
        if (u == null) return;
        String id = ctx.pathParam("id");
        snapshots.take(u, id, ctx.formParam("name"), ctx.formParam("note"));
        Pages.redirect(ctx, "/labs/" + id);
    }

    /** {@code POST /labs/{id}/restore}: one click on a snapshot of the lab's list. */
    public void formRestore(Context ctx) {
        User u = pageUser(ctx);
        if (u == null) return;
        String id = ctx.pathParam("id");
        snapshots.restore(u, id, ctx.formParam("snapshot"));
        Pages.redirect(ctx, "/labs/" + id);
    }

    /** {@code POST /labs/{id}/suspend}. */
    public void formSuspend(Context ctx) {
        User u = pageUser(ctx);
        if (u == null) return;
        String id = ctx.pathParam("id");
        snapshots.resumePoints().suspend(u, id);
        Pages.redirect(ctx, "/labs/" + id);
    }

    /** {@code POST /snapshots/{sid}/fork}: "New lab" from a snapshot. */
    public void formFork(Context ctx) {
        User u = pageUser(ctx);
        if (u == null) return;
        Lab lab = snapshots.fork(u, ctx.pathParam("sid"), ctx.formParam("name"));
        Pages.redirect(ctx, "/labs/" + lab.record().id());
    }

    /** {@code POST /snapshots/{sid}/delete}: back to the lab page or the snapshot list it came from. */
    public void formDelete(Context ctx) {
        User u = pageUser(ctx);
        if (u == null) return;
        snapshots.delete(u, ctx.pathParam("sid"));
        String back = ctx.formParam("back");
        Pages.redirect(ctx, back != null && back.matches("/labs/[a-z0-9]{1,32}") ? back : "/snapshots");
    }

    /** {@code POST /snapshots/upload}: the snapshot page's upload form (multipart). */
    public void formUpload(Context ctx) {
        User u = pageUser(ctx);
        if (u == null) return;
        receive(ctx, u);
        Pages.redirect(ctx, "/snapshots");
    }

    private User pageUser(Context ctx) {
        var p = auth.resolve(ctx);
        if (p.isEmpty()) {
            Pages.redirect(ctx, "/signin");
            return null;
        }
        return p.get().user();
    }
}
