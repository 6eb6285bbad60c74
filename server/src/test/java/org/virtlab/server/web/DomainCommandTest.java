package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pausing, resuming and destroying one domain of a running hypervisor lab, from the API and the
 * counters panel; who may. One "two full-virtualization domains" lab boots for the class.
 */
class DomainCommandTest {
    @TempDir
    static Path data;
    static TestServer server;
    static TestServer.Client admin;
    static TestServer.Client alice;
    static String labId;

    @BeforeAll
    static void start() throws Exception {
        TestServer.StartedLab lab = TestServer.startedLab(data, "hypervisor-full-2");
        server = lab.server();
        admin = lab.admin();
        alice = lab.alice();
        labId = lab.labId();
        for (int d = 0; d < 2; d++) {
            String path = "/api/labs/" + labId + "/domains/" + d + "/output";
            LabDriver.waitUntil(() -> alice.get(path).body().contains("$ "), "dom" + d + " boots: " + alice.get(path).body());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static TestServer.Response command(TestServer.Client c, int domain, String command) {
        return c.post("/api/labs/" + labId + "/domains/" + domain + "/" + command, "");
    }

    static JsonNode domain(int d) {
        return alice.get("/api/labs/" + labId + "/domains").json().get("domains").get(d);
    }

    static long instructions(int d) {
        return domain(d).get("guestInstructions").asLong();
    }

    @Test
    void onlyTheOwnerCommandsAndMistakesAreNamed() {
        TestServer.Client bob = server.client().signUp("bob");
        assertEquals("lab_not_found", command(bob, 0, "pause").json().get("code").asText());
        TestServer.Response staff = command(admin, 0, "pause");
        assertEquals(403, staff.status());
        assertEquals("not_owner", staff.json().get("code").asText());
        assertEquals("unknown_command", command(alice, 0, "explode").json().get("code").asText());
        assertEquals("no_domain", command(alice, 7, "pause").json().get("code").asText());
        String bare = alice.createLab("virtlab-os-bare");
        assertEquals("no_hypervisor", alice.post("/api/labs/" + bare + "/domains/0/pause", "").json().get("code").asText());
        String stopped = alice.createLab("hypervisor-full");
        TestServer.Response r = alice.post("/api/labs/" + stopped + "/domains/0/pause", "");
        assertEquals(409, r.status());
        assertEquals("not_running", r.json().get("code").asText());
        alice.delete("/api/labs/" + bare);
        alice.delete("/api/labs/" + stopped);
        assertEquals("running", domain(0).get("state").asText(), "nothing above changed a domain");
    }

    @Test
    void pauseResumeDestroy() throws Exception {
        TestServer.Response r = command(alice, 1, "pause");
        assertEquals(200, r.status(), r.body());
        assertEquals("paused", r.json().get("state").asText(), "the answer comes after the machine thread ran it");
        assertEquals("dom1", r.json().get("name").asText());
        long frozen = instructions(1);
        long dom0 = instructions(0);
        LabDriver.waitUntil(() -> instructions(0) > dom0, "dom0 runs on while dom1 is paused");
        Thread.sleep(300);
        assertEquals(frozen, instructions(1), "a paused domain retires nothing");
        assertEquals(200, command(alice, 1, "pause").status(), "pausing a paused domain changes nothing");
        // the counters panel shows the state, and the owner's buttons
        String panel = alice.get("/labs/" + labId + "/domains").body();
        assertTrue(panel.contains("data-domain-state=\"paused\""), panel);
        assertTrue(panel.contains("hx-post=\"/api/labs/" + labId + "/domains/1/resume\""), panel);
        assertTrue(panel.contains("hx-post=\"/api/labs/" + labId + "/domains/0/pause\""), panel);
        String watched = admin.get("/labs/" + labId + "/domains").body();
        assertTrue(watched.contains("data-domain-state=\"paused\""), watched);
        assertFalse(watched.contains("hx-post="), "staff watching get no buttons");
        // a paused lab holds commands back
        assertEquals(200, alice.post("/api/labs/" + labId + "/pause", "").status());
        assertEquals("lab_paused", command(alice, 1, "resume").json().get("code").asText());
        assertEquals(200, alice.post("/api/labs/" + labId + "/resume", "").status());

        r = command(alice, 1, "resume");
        assertEquals("running", r.json().get("state").asText(), r.body());
        LabDriver.waitUntil(() -> instructions(1) > frozen, "dom1 runs again after resume");

        r = command(alice, 1, "destroy");
        assertEquals("destroyed", r.json().get("state").asText(), r.body());
        TestServer.Response refused = command(alice, 1, "resume");
        assertEquals(409, refused.status());
        assertEquals("domain_destroyed", refused.json().get("code").asText());
        assertEquals(200, command(alice, 1, "destroy").status(), "destroying twice changes nothing");
        assertEquals("running", alice.get("/api/labs/" + labId).json().get("state").asText(), "dom0 keeps the lab running");
        assertEquals("running", domain(0).get("state").asText());
        panel = alice.get("/labs/" + labId + "/domains").body();
        assertTrue(panel.contains("data-domain-state=\"destroyed\""), panel);
        assertFalse(panel.contains("/domains/1/"), "no buttons for a destroyed domain: " + panel);
    }
}
