package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Config;

/** The HTTP API on a random port: accounts, labs, authorization, bad input. */
class ApiTest {
    @TempDir
    Path data;
    TestServer server;

    @BeforeEach
    void start() {
        server = new TestServer(Config.defaults(data).withPort(0).withLabsPerUser(2));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void firstAccountIsAdminThenStudents() {
        var alice = server.client();
        var r = alice.post("/api/signup", "{\"username\":\"alice\",\"password\":\"password-1\"}");
        assertEquals(201, r.status(), r.body());
        assertEquals("admin", r.json().get("role").asText());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), cookie);
        var bob = server.client().signUp("bob");
        assertEquals("student", bob.get("/api/me").json().get("role").asText());
        assertEquals(409, server.client().post("/api/signup", "{\"username\":\"bob\",\"password\":\"password-2\"}").status());
    }

    @Test
    void signInSignOutAndRateLimit() {
        server.client().signUp("carol");
        var c = server.client();
        assertEquals(401, c.get("/api/me").status());
        assertEquals("not_signed_in", c.get("/api/me").json().get("code").asText());
        var ok = c.post("/api/signin", "{\"username\":\"carol\",\"password\":\"password-carol\"}");
        assertEquals(200, ok.status(), ok.body());
        c.csrf = ok.json().get("csrf").asText();
        assertEquals("carol", c.get("/api/me").json().get("username").asText());
        assertEquals(204, c.post("/api/signout", "").status());
        c.csrf = null;
        assertEquals(401, c.get("/api/me").status());
        for (int i = 0; i < 5; i++)
            assertEquals(401, c.post("/api/signin", "{\"username\":\"carol\",\"password\":\"wrong-password\"}").status());
        var limited = c.post("/api/signin", "{\"username\":\"carol\",\"password\":\"password-carol\"}");
        assertEquals(429, limited.status());
        assertEquals("too_many_attempts", limited.json().get("code").asText());
    }

    @Test
    void csrfAndOriginAreChecked() {
        var a = server.client().signUp("alice");
        String csrf = a.csrf;
        a.csrf = null;
        var r = a.post("/api/labs", "{}");
        assertEquals(403, r.status());
        assertEquals("bad_csrf", r.json().get("code").asText());
        a.csrf = "stolen-or-guessed";
        assertEquals(403, a.post("/api/labs", "{}").status());
        // another user's valid token does not work with this session either
        var b = server.client().signUp("bob");
        a.csrf = b.csrf;
        assertEquals(403, a.post("/api/labs", "{}").status());
        a.csrf = csrf;
        var foreign = a.send(HttpRequest.newBuilder(URI.create(server.base + "/api/labs")).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(403, foreign.status());
        assertEquals("bad_origin", foreign.json().get("code").asText());
        assertEquals(201, a.post("/api/labs", "{}").status());
    }

    @Test
    void apiTokenNeedsNoCsrf() {
        var a = server.client().signUp("alice");
        String token = a.post("/api/token", "").json().get("token").asText();
        var script = server.client();
        script.token = token;
        assertEquals("alice", script.get("/api/me").json().get("username").asText());
        assertEquals(201, script.post("/api/labs", "{\"preset\":\"virtlab-os-bare\"}").status());
        script.token = "vlt_nonsense";
        assertEquals(401, script.get("/api/labs").status());
    }

    @Test
    void labsBelongToTheirOwner() {
        var admin = server.client().signUp("admin");
        var alice = server.client().signUp("alice");
        var bob = server.client().signUp("bob");
        String id = alice.createLab();
        assertEquals(1, alice.get("/api/labs").json().size());
        assertEquals(0, bob.get("/api/labs").json().size());
        // another student: the lab does not exist for him
        assertEquals(404, bob.get("/api/labs/" + id).status());
        assertEquals("lab_not_found", bob.get("/api/labs/" + id).json().get("code").asText(), "not the unknown-URL answer");
        assertEquals(404, bob.post("/api/labs/" + id + "/start", "").status());
        assertEquals(404, bob.delete("/api/labs/" + id).status());
        // staff may look, not drive
        assertEquals(200, admin.get("/api/labs/" + id).status());
        var r = admin.post("/api/labs/" + id + "/start", "");
        assertEquals(403, r.status());
        assertEquals("not_owner", r.json().get("code").asText());
        // no session at all
        assertEquals(401, server.client().get("/api/labs/" + id).status());
        assertEquals(204, alice.delete("/api/labs/" + id).status());
        assertEquals(404, alice.get("/api/labs/" + id).status());
    }

    @Test
    void quotasAndBadInput() {
        var a = server.client().signUp("alice");
        a.createLab();
        a.createLab();
        var r = a.post("/api/labs", "{}");
        assertEquals(403, r.status());
        assertEquals("quota_exceeded", r.json().get("code").asText());
        assertEquals("bad_json", a.post("/api/labs", "{not json").json().get("code").asText());
        assertEquals("unknown_preset", a.post("/api/labs", "{\"preset\":\"windows\"}").json().get("code").asText());
        assertEquals("not_found", a.get("/api/nothing-here").json().get("code").asText());
        String big = "{\"name\":\"" + "x".repeat(100_000) + "\"}";
        assertEquals(413, a.post("/api/labs", big).status());
        assertEquals(404, a.post("/api/labs/" + a.get("/api/labs").json().get(0).get("id").asText() + "/explode", "").status());
    }

    @Test
    void labLifecycle() throws Exception {
        var a = server.client().signUp("alice");
        String id = a.createLab();
        assertEquals("stopped", a.get("/api/labs/" + id).json().get("state").asText());
        assertEquals("running", a.post("/api/labs/" + id + "/start", "").json().get("state").asText());
        assertEquals(409, a.post("/api/labs/" + id + "/start", "").status());
        long deadline = System.currentTimeMillis() + 30_000;
        while (!a.get("/api/labs/" + id + "/output").body().contains("$ ") && System.currentTimeMillis() < deadline) Thread.sleep(50);
        assertTrue(a.get("/api/labs/" + id + "/output").body().contains("virtlab-os: booting"));
        var booted = a.get("/api/labs/" + id).json();
        assertTrue(booted.get("instructions").asLong() > 500_000, "booting to the prompt takes about 0.85 M instructions");
        assertTrue(booted.get("blocksTranslated").asLong() > 0, "the boot's hot loops were translated: " + booted);
        assertTrue(booted.get("translatedInstructions").asLong() > 0
                && booted.get("translatedInstructions").asLong() <= booted.get("instructions").asLong(), booted.toString());
        assertEquals("paused", a.post("/api/labs/" + id + "/pause", "").json().get("state").asText());
        assertEquals("running", a.post("/api/labs/" + id + "/resume", "").json().get("state").asText());
        a.post("/api/labs/" + id + "/stop", "");
        while (!a.get("/api/labs/" + id).json().get("state").asText().equals("stopped") && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals("stopped", a.get("/api/labs/" + id).json().get("state").asText());
        assertEquals(200, server.client().get("/health").status());
        assertTrue(server.client().get("/metrics").body().contains("virtlab_guest_instructions_total"));
    }

    @Test
    void pagesAndStaticFiles() {
        var anon = server.client();
        var page = anon.get("/signin");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/webjars/htmx.org/"));
        assertEquals(200, anon.get(Pages.HTMX).status());
        assertEquals(200, anon.get("/static/vendor/xterm/lib/xterm.js").status());
        assertEquals(200, anon.get("/static/vendor/addon-fit/lib/addon-fit.js").status());
        assertEquals(200, anon.get("/static/vendor/htmx-ext-ws/dist/ws.min.js").status());
        assertEquals(200, anon.get("/static/lab.js").status());
        var a = server.client().signUp("alice");
        String id = a.createLab();
        var lab = a.get("/labs/" + id);
        assertEquals(200, lab.status());
        assertTrue(lab.body().contains("data-console=\"/api/labs/" + id + "/console\""));
        assertTrue(a.get("/labs").body().contains(id));
    }
}
