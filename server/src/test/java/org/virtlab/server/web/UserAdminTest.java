package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Config;
import org.virtlab.server.accounts.AccountSettings;

/** Accounts as an admin sees them: the users API and page, roles, quotas, the named admin. */
class UserAdminTest {
    @TempDir
    Path data;
    TestServer server;
    TestServer.Client admin;
    TestServer.Client alice;
    long aliceId;

    static Config config(Path data) {
        return Config.defaults(data).withPort(0).withAccounts(AccountSettings.defaults().withAdmin("carol").withMemoryPerLabMiB(128));
    }

    @BeforeEach
    void start() {
        server = new TestServer(config(data));
        admin = server.client().signUp("admin");           // the first account: admin
        alice = server.client().signUp("alice");
        aliceId = alice.get("/api/me").json().get("id").asLong();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    TestServer.Response patch(TestServer.Client c, String path, String json) {
        return c.send(HttpRequest.newBuilder(URI.create(server.base + path)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    static JsonNode user(JsonNode list, String name) {
        for (JsonNode u : list) if (u.get("username").asText().equals(name)) return u;
        throw new AssertionError("no user " + name + " in " + list);
    }

    @Test
    void adminListsUsersWithEffectiveAndCustomQuotas() {
        TestServer.Response r = admin.get("/api/users");
        assertEquals(200, r.status(), r.body());
        JsonNode a = user(r.json(), "alice");
        assertEquals("student", a.get("role").asText());
        assertEquals(0, a.get("labs").asInt());
        assertEquals(3, a.get("quotas").get("labs").asInt(), "the server's default");
        assertEquals(128, a.get("quotas").get("memoryMiB").asInt());
        assertEquals(1, a.get("quotas").get("cpuShare").asInt());
        assertTrue(a.get("custom").get("cpuShare").isNull(), "no override yet");
        assertEquals("alice", admin.get("/api/users/" + aliceId).json().get("username").asText());
        assertEquals("user_not_found", admin.get("/api/users/999").json().get("code").asText());
        assertEquals("user_not_found", admin.get("/api/users/abc").json().get("code").asText());
    }

    @Test
    void onlyAdminsMaySeeOrChangeAccounts() {
        TestServer.Response r = alice.get("/api/users");
        assertEquals(403, r.status());
        assertEquals("not_admin", r.json().get("code").asText());
        assertEquals(403, patch(alice, "/api/users/" + aliceId, "{\"role\":\"admin\"}").status(), "no self-promotion");
        assertEquals(401, server.client().get("/api/users").status());
        assertEquals(403, alice.get("/admin/users").status());
        // a cookie request without the CSRF token changes nothing
        String csrf = admin.csrf;
        admin.csrf = null;
        TestServer.Response noCsrf = patch(admin, "/api/users/" + aliceId, "{\"role\":\"instructor\"}");
        assertEquals(403, noCsrf.status());
        assertEquals("bad_csrf", noCsrf.json().get("code").asText());
        admin.csrf = csrf;
        assertEquals("student", admin.get("/api/users/" + aliceId).json().get("role").asText());
    }

    @Test
    void adminSetsRoleAndQuotas() {
        TestServer.Response r = patch(admin, "/api/users/" + aliceId,
                "{\"role\":\"instructor\",\"quotas\":{\"labs\":5,\"memoryMiB\":512,\"cpuShare\":2}}");
        assertEquals(200, r.status(), r.body());
        assertEquals("instructor", r.json().get("role").asText());
        assertEquals(5, r.json().get("quotas").get("labs").asInt());
        assertEquals(2, r.json().get("custom").get("cpuShare").asInt());
        assertEquals("instructor", alice.get("/api/me").json().get("role").asText(), "takes effect at once");
        // null goes back to the default; absent fields stay
        r = patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"labs\":null}}");
        assertEquals(3, r.json().get("quotas").get("labs").asInt());
        assertTrue(r.json().get("custom").get("labs").isNull());
        assertEquals(2, r.json().get("quotas").get("cpuShare").asInt());
        assertEquals("instructor", r.json().get("role").asText());
        // bad input
        assertEquals("bad_quota", patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"cpuShare\":0}}").json().get("code").asText());
        assertEquals("bad_quota", patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"labs\":\"many\"}}").json().get("code").asText());
        assertEquals("bad_quota", patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"memoryMiB\":1.5}}").json().get("code").asText());
        assertEquals("bad_role", patch(admin, "/api/users/" + aliceId, "{\"role\":\"root\"}").json().get("code").asText());
        assertEquals("bad_field", patch(admin, "/api/users/" + aliceId, "{\"cpuShare\":2}").json().get("code").asText());
        assertEquals("bad_field", patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"cpushare\":2}}").json().get("code").asText());
        assertEquals(2, admin.get("/api/users/" + aliceId).json().get("quotas").get("cpuShare").asInt(), "bad input changed nothing");
    }

    @Test
    void theLastAdminKeepsTheRole() {
        long adminId = admin.get("/api/me").json().get("id").asLong();
        TestServer.Response r = patch(admin, "/api/users/" + adminId, "{\"role\":\"student\"}");
        assertEquals(409, r.status());
        assertEquals("last_admin", r.json().get("code").asText());
        assertEquals(200, patch(admin, "/api/users/" + aliceId, "{\"role\":\"admin\"}").status());
        assertEquals(200, patch(admin, "/api/users/" + adminId, "{\"role\":\"student\"}").status(), "another admin exists now");
        assertEquals(403, admin.get("/api/users").status(), "no longer an admin");
    }

    @Test
    void memoryQuotaRefusesBigPresets() {
        JsonNode presets = alice.get("/api/presets").json();
        int bare = 0, three = 0;
        for (JsonNode p : presets) {
            if (p.get("id").asText().equals("virtlab-os-bare")) bare = p.get("machineMemoryMiB").asInt();
            if (p.get("id").asText().equals("hypervisor-full-para-hw")) three = p.get("machineMemoryMiB").asInt();
        }
        assertTrue(bare > 0 && bare <= 128 && three > 128, "bare " + bare + " MiB, three domains " + three + " MiB");
        TestServer.Response r = alice.post("/api/labs", "{\"preset\":\"hypervisor-full-para-hw\"}");
        assertEquals(403, r.status(), r.body());
        assertEquals("memory_quota_exceeded", r.json().get("code").asText());
        assertTrue(r.json().get("message").asText().contains(three + " MiB") && r.json().get("message").asText().contains("128 MiB"),
                r.json().get("message").asText());
        String id = alice.createLab("virtlab-os-bare");
        // an admin lowers the quota: starting is refused too, the lab stays stopped
        assertEquals(200, patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"memoryMiB\":16}}").status());
        r = alice.post("/api/labs/" + id + "/start", "");
        assertEquals(403, r.status());
        assertEquals("memory_quota_exceeded", r.json().get("code").asText());
        assertEquals("stopped", alice.get("/api/labs/" + id).json().get("state").asText());
        assertEquals(200, patch(admin, "/api/users/" + aliceId, "{\"quotas\":{\"memoryMiB\":" + three + "}}").status());
        assertEquals(201, alice.post("/api/labs", "{\"preset\":\"hypervisor-full-para-hw\"}").status());
    }

    @Test
    void theNamedAdminIsAdminAtSignUpAndAtStart() {
        TestServer.Client carol = server.client().signUp("carol");
        assertEquals("admin", carol.get("/api/me").json().get("role").asText(), "VIRTLAB_ADMIN=carol");
        long carolId = carol.get("/api/me").json().get("id").asLong();
        assertEquals(200, patch(admin, "/api/users/" + carolId, "{\"role\":\"student\"}").status());
        assertEquals("student", carol.get("/api/me").json().get("role").asText());
        server.close();
        server = new TestServer(config(data));              // the next start makes her admin again
        TestServer.Client again = server.client();
        TestServer.Response r = again.post("/api/signin", "{\"username\":\"carol\",\"password\":\"password-carol\"}");
        assertEquals("admin", r.json().get("role").asText(), r.body());
    }

    @Test
    void adminPageShowsAndChangesAccounts() {
        TestServer.Response page = admin.get("/admin/users");
        assertEquals(200, page.status());
        String html = page.body();
        assertTrue(html.contains("data-user=\"alice\""), html);
        assertTrue(html.contains("action=\"/admin/users/" + aliceId + "\""), html);
        assertTrue(html.contains("name=\"_csrf\" value=\"" + admin.csrf + "\""), "every form carries the CSRF token");
        assertTrue(html.contains("href=\"/admin/users\""), "the admin's nav links the page");
        assertFalse(alice.get("/labs").body().contains("href=\"/admin/users\""), "a student's does not");
        TestServer.Response post = admin.send(HttpRequest.newBuilder(URI.create(server.base + "/admin/users/" + aliceId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + admin.csrf + "&role=instructor&labs=7&memoryMiB=&cpuShare=3")));
        assertEquals(303, post.status(), post.body());
        JsonNode a = admin.get("/api/users/" + aliceId).json();
        assertEquals("instructor", a.get("role").asText());
        assertEquals(7, a.get("quotas").get("labs").asInt());
        assertTrue(a.get("custom").get("memoryMiB").isNull(), "an empty field is the default");
        assertEquals(3, a.get("quotas").get("cpuShare").asInt());
        TestServer.Response bad = admin.send(HttpRequest.newBuilder(URI.create(server.base + "/admin/users/" + aliceId))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + admin.csrf + "&role=student&labs=-1")));
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("role=\"alert\""), bad.body());
        assertEquals("instructor", admin.get("/api/users/" + aliceId).json().get("role").asText(), "a refused form changes nothing");
    }
}
