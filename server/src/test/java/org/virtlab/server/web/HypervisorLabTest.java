package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.websocket.ClientEndpointConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab from the "Hypervisor: two full-virtualization domains" preset over the API: the
 * domains' counters, the event trace (filter, pause), a console per domain, and who may see
 * what. One lab boots for the whole class (two fully virtualized virtlab-os guests).
 */
class HypervisorLabTest {
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
            LabDriver.waitUntil(() -> alice.get(path).body().contains("$ "), "dom" + d + " reaches its prompt: " + alice.get(path).body());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode domains() {
        TestServer.Response r = alice.get("/api/labs/" + labId + "/domains");
        assertEquals(200, r.status(), r.body());
        return r.json().get("domains");
    }

    static JsonNode trace(String query) {
        TestServer.Response r = alice.get("/api/labs/" + labId + "/trace" + query);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void presetsAndTheLabNameTheDomains() {
        JsonNode presets = alice.get("/api/presets").json();
        JsonNode one = null, two = null;
        for (JsonNode p : presets) {
            if (p.get("id").asText().equals("hypervisor-full")) one = p;
            if (p.get("id").asText().equals("hypervisor-full-2")) two = p;
        }
        assertTrue(one != null && two != null, presets.toString());
        assertEquals("Hypervisor: full virtualization", one.get("title").asText());
        assertEquals(1, one.get("domains").asInt());
        assertEquals("full", one.get("technique").asText());
        assertEquals(2, two.get("domains").asInt());
        JsonNode lab = alice.get("/api/labs/" + labId).json();
        assertEquals("hypervisor", lab.get("stack").asText());
        assertEquals("/api/labs/" + labId + "/domains/1/console", lab.get("domains").get(1).get("console").asText());
        assertEquals("dom1", lab.get("domains").get(1).get("name").asText());
    }

    @Test
    void countersShowTheMechanismsAndGrow() throws Exception {
        JsonNode ds = domains();
        assertEquals(2, ds.size(), ds.toString());
        for (int d = 0; d < 2; d++) {
            JsonNode dom = ds.get(d);
            assertEquals("dom" + d, dom.get("name").asText());
            assertEquals("running", dom.get("state").asText());
            JsonNode totals = dom.get("totals");
            for (String key : List.of("traps", "emulated", "shadowFills", "mmioExits", "injected", "worldSwitches"))
                assertTrue(totals.get(key).asLong() > 0, "dom" + d + " " + key + " > 0: " + totals);
            assertTrue(totals.has("sbiCalls") && totals.has("guestPageFaults"), totals.toString());
            assertTrue(dom.get("mmio").get("uart0").asLong() > 0, dom.get("mmio").toString());
            assertTrue(dom.get("counters").get("emulate.csr.sstatus").asLong() > 0, dom.get("counters").toString());
            long instructions = dom.get("guestInstructions").asLong();
            assertTrue(instructions > 1_000_000, "the guest booted: " + instructions);
            assertTrue(dom.get("modeledCycles").asLong() > instructions, "events cost cycles: " + dom);
        }
        long traps = ds.get(0).get("totals").get("traps").asLong();
        LabDriver.waitUntil(() -> domains().get(0).get("totals").get("traps").asLong() > traps, "dom0's traps grow (its timer keeps trapping)");
    }

    @Test
    void traceShowsAnEmulatedCsrInstructionAndFilters() {
        JsonNode emulate = trace("?kind=emulate&limit=4096");
        assertTrue(emulate.get("events").size() > 0, emulate.toString());
        boolean csr = false;
        for (JsonNode e : emulate.get("events")) {
            assertEquals("emulate", e.get("kind").asText(), e.toString());
            if (e.get("instruction").asText().startsWith("csr")) csr = true;
        }
        assertTrue(csr, "an emulated CSR instruction in " + emulate);
        JsonNode e = emulate.get("events").get(0);
        assertTrue(e.get("pc").asText().startsWith("0x") && e.get("domainName").asText().startsWith("dom")
                && e.get("seconds").asDouble() > 0 && !e.get("action").asText().isEmpty(), e.toString());
        for (JsonNode m : trace("?kind=mmio&limit=50").get("events")) assertEquals("mmio", m.get("kind").asText());
        assertTrue(trace("?limit=5").get("events").size() <= 5);
        assertEquals(100, trace("").get("events").size(), "the default limit");
        assertEquals("bad_kind", alice.get("/api/labs/" + labId + "/trace?kind=DROP%20TABLE").json().get("code").asText());
        assertEquals("bad_limit", alice.get("/api/labs/" + labId + "/trace?limit=0").json().get("code").asText());
    }

    @Test
    void pauseStopsTheTraceAndResumeRestartsIt() throws Exception {
        try {
            JsonNode paused = alice.post("/api/labs/" + labId + "/trace/pause", "").json();
            assertTrue(paused.get("paused").asBoolean(), paused.toString());
            long recorded = trace("?limit=1").get("recorded").asLong();
            long instructions = domains().get(0).get("guestInstructions").asLong();
            LabDriver.waitUntil(() -> domains().get(0).get("guestInstructions").asLong() > instructions + 100_000, "the guest runs on");
            Thread.sleep(200);
            JsonNode still = trace("?limit=1");
            assertTrue(still.get("paused").asBoolean());
            assertEquals(recorded, still.get("recorded").asLong(), "nothing is recorded while paused");
        } finally {
            assertFalse(alice.post("/api/labs/" + labId + "/trace/resume", "").json().get("paused").asBoolean());
        }
        long recorded = trace("?limit=1").get("recorded").asLong();
        LabDriver.waitUntil(() -> trace("?limit=1").get("recorded").asLong() > recorded, "recording resumes");
    }

    @Test
    void eachDomainHasItsOwnConsole() throws Exception {
        ConsoleSocketTest.Console dom0 = connect(alice, "/domains/0/console");
        ConsoleSocketTest.Console dom1 = connect(alice, "/domains/1/console");
        dom0.await("$ ");
        dom1.await("$ ");
        dom1.type("echo only-in-dom1\n");
        dom1.await("echo only-in-dom1\r\nonly-in-dom1\r\n");
        dom0.type("echo only-in-dom0\n");
        dom0.await("only-in-dom0\r\n");
        assertFalse(dom0.text().contains("only-in-dom1"), dom0.text());
        assertFalse(dom1.text().contains("only-in-dom0"), dom1.text());
        assertFalse(dom0.text().contains("[dom0]"), "a domain's own console has no prefixes");
        String combined = alice.get("/api/labs/" + labId + "/output").body();
        assertTrue(combined.contains("[dom1] only-in-dom1"), "the board's console shows every domain, prefixed:\n" + combined);
        assertEquals("no_domain", alice.get("/api/labs/" + labId + "/domains/2/output").json().get("code").asText());
        assertThrows(Exception.class, () -> connect(alice, "/domains/2/console"), "no domain 2");
        dom0.session.close();
        dom1.session.close();
    }

    @Test
    void othersSeeNothingStaffMayLookButNotPause() throws Exception {
        TestServer.Client bob = server.client().signUp("bob");
        String base = "/api/labs/" + labId;
        for (String path : List.of("/domains", "/trace", "/domains/0/output")) {
            TestServer.Response r = bob.get(base + path);
            assertEquals(404, r.status(), path);
            assertEquals("lab_not_found", r.json().get("code").asText(), path);
        }
        assertEquals(404, bob.post(base + "/trace/pause", "").status());
        assertThrows(Exception.class, () -> connect(bob, "/domains/0/console"), "another student's domain console");
        assertEquals(401, server.client().get(base + "/domains").status());
        assertEquals(401, server.client().get(base + "/trace").status());

        assertEquals(200, admin.get(base + "/domains").status());
        assertEquals(200, admin.get(base + "/trace").status());
        TestServer.Response r = admin.post(base + "/trace/pause", "");
        assertEquals(403, r.status());
        assertEquals("not_owner", r.json().get("code").asText());
        ConsoleSocketTest.Console watcher = connect(admin, "/domains/0/console");
        watcher.await("$ ");
        watcher.type("echo sneaky\n");
        String notice = watcher.texts.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(notice != null && notice.contains("read-only"), String.valueOf(notice));
        watcher.session.close();

        String bare = alice.createLab();
        assertEquals("no_hypervisor", alice.get("/api/labs/" + bare + "/domains").json().get("code").asText());
        assertEquals("no_hypervisor", alice.get("/api/labs/" + bare + "/trace").json().get("code").asText());
        assertEquals(404, alice.post("/api/labs/" + bare + "/trace/pause", "").status());
        assertEquals(204, alice.delete("/api/labs/" + bare).status());
    }

    /** A console client on {@code /api/labs/{labId}{path}} with {@code as}'s session and this server's Origin. */
    static ConsoleSocketTest.Console connect(TestServer.Client as, String path) throws Exception {
        ConsoleSocketTest.Console c = new ConsoleSocketTest.Console();
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Cookie", List.of(Auth.COOKIE + "=" + as.sessionCookie()));
                headers.put("Origin", List.of(server.base));
            }
        }).build();
        ClientManager.createClient().connectToServer(c, cfg,
                URI.create(server.base.replace("http:", "ws:") + "/api/labs/" + labId + path));
        return c;
    }

    @Test
    void theSideBySidePresetRunsAFullAndAHardwareAssistedDomainAndTheirCountersDiverge() throws Exception {
        String id = alice.createLab("hypervisor-full-hw");
        assertEquals(200, alice.post("/api/labs/" + id + "/start", "").status());
        try {
            for (int d = 0; d < 2; d++) {
                String path = "/api/labs/" + id + "/domains/" + d + "/output";
                LabDriver.waitUntil(() -> alice.get(path).body().contains("$ "), "dom" + d + " reaches its prompt: " + alice.get(path).body());
            }
            JsonNode ds = alice.get("/api/labs/" + id + "/domains").json().get("domains");
            assertEquals("full", ds.get(0).get("technique").asText(), ds.toString());
            assertEquals("hw", ds.get(1).get("technique").asText(), ds.toString());
            // The same boot: thousands of emulated privileged instructions under full, none under hw.
            assertTrue(ds.get(0).get("counters").toString().contains("emulate."), ds.get(0).toString());
            assertFalse(ds.get(1).get("counters").toString().contains("emulate."), ds.get(1).toString());
            assertTrue(ds.get(1).get("counters").toString().contains("exit."), ds.get(1).toString());
        } finally {
            alice.post("/api/labs/" + id + "/stop", "");
        }
    }

    @Test
    void theThreeWayPresetRunsTheSameBenchmarkUnderFullParaAndHw() throws Exception {
        String id = alice.createLab("hypervisor-full-para-hw");
        assertEquals(200, alice.post("/api/labs/" + id + "/start", "").status());
        try {
            for (int d = 0; d < 3; d++) {
                String path = "/api/labs/" + id + "/domains/" + d + "/output";
                LabDriver.waitUntil(() -> alice.get(path).body().contains("syscallbench: "), "dom" + d + " ran syscallbench: " + alice.get(path).body());
            }
            JsonNode ds = alice.get("/api/labs/" + id + "/domains").json().get("domains");
            assertEquals(List.of("full", "para", "hw"), List.of(ds.get(0).get("technique").asText(), ds.get(1).get("technique").asText(),
                    ds.get(2).get("technique").asText()), ds.toString());
            String full = ds.get(0).get("counters").toString(), para = ds.get(1).get("counters").toString(),
                    hw = ds.get(2).get("counters").toString();
            assertTrue(full.contains("emulate.") && !para.contains("emulate.") && !hw.contains("emulate."), ds.toString());
            assertTrue(para.contains("hypercall."), para);
        } finally {
            alice.post("/api/labs/" + id + "/stop", "");
        }
    }
}
