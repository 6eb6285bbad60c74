package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Config;

/**
 * CPU share end to end: two students, each with one lab whose guest spins in a busy loop, on one
 * runner thread; an admin gives bob share 2. Bob's lab then retires about twice the instructions
 * of alice's in the same wall time (measured from the labs' instruction counters).
 */
class CpuShareTest {
    @TempDir
    Path data;

    static ConsoleSocketTest.Console console(TestServer server, TestServer.Client as, String labId) throws Exception {
        ConsoleSocketTest.Console c = new ConsoleSocketTest.Console();
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Cookie", List.of(Auth.COOKIE + "=" + as.sessionCookie()));
            }
        }).build();
        ClientManager.createClient().connectToServer(c, cfg,
                URI.create(server.base.replace("http:", "ws:") + "/api/labs/" + labId + "/console"));
        return c;
    }

    static long instructions(TestServer.Client c, String labId) {
        return c.get("/api/labs/" + labId).json().get("instructions").asLong();
    }

    @Test
    void shareTwoRetiresAboutTwiceTheInstructions() throws Exception {
        Config one = Config.defaults(data).withPort(0);
        one = new Config(0, data, null, true, 3, 2, 1, false, List.of(), one.snapshots(), one.accounts());   // one runner thread
        try (TestServer server = new TestServer(one)) {
            TestServer.Client admin = server.client().signUp("admin");
            TestServer.Client alice = server.client().signUp("alice");
            TestServer.Client bob = server.client().signUp("bob");
            long bobId = bob.get("/api/me").json().get("id").asLong();
            TestServer.Response r = admin.send(HttpRequest.newBuilder(URI.create(server.base + "/api/users/" + bobId))
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"quotas\":{\"cpuShare\":2}}")));
            assertEquals(200, r.status(), r.body());
            String a = alice.createLab();
            String b = bob.createLab();
            alice.post("/api/labs/" + a + "/start", "");
            bob.post("/api/labs/" + b + "/start", "");
            ConsoleSocketTest.Console ca = console(server, alice, a);
            ConsoleSocketTest.Console cb = console(server, bob, b);
            ca.await("$ ");
            cb.await("$ ");
            ca.type("spin\n");
            cb.type("spin\n");
            Thread.sleep(1000);                          // both busy
            long a0 = instructions(alice, a), b0 = instructions(bob, b);
            Thread.sleep(4000);
            long da = instructions(alice, a) - a0, db = instructions(bob, b) - b0;
            double ratio = db / (double) Math.max(1, da);
            assertTrue(ratio > 1.5 && ratio < 2.8, "bob (share 2) retired " + db + " instructions, alice (share 1) " + da
                    + ": ratio " + String.format("%.2f", ratio) + ", expected about 2");
            assertTrue(da > 1_000_000, "alice's lab was busy too: " + da);
            ca.session.close();
            cb.session.close();
        }
    }
}
