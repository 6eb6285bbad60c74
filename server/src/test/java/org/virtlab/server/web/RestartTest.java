package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.server.web.LabDriver.output;
import static org.virtlab.server.web.LabDriver.prompt;
import static org.virtlab.server.web.LabDriver.run;
import static org.virtlab.server.web.LabDriver.state;
import static org.virtlab.server.web.LabDriver.waitUntil;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Config;

/**
 * The server survives a restart with its labs: a graceful stop saves every running bare lab,
 * the next start on the same data directory resumes it where it was (the guest's RAM file
 * system and the console's scroll-back), and a hypervisor lab, which cannot be saved yet, boots
 * fresh.
 */
class RestartTest {
    @TempDir
    Path data;

    @Test
    void aRestartedServerResumesItsLabs() throws Exception {
        Config config = Config.defaults(data).withPort(0);
        String bare;
        String hv;
        long stopMillis;
        TestServer first = new TestServer(config);
        try {
            TestServer.Client alice = first.client().signUp("alice");
            bare = alice.createLab();
            hv = alice.createLab("hypervisor-full");
            assertEquals(200, alice.post("/api/labs/" + bare + "/start", "").status());
            assertEquals(200, alice.post("/api/labs/" + hv + "/start", "").status());
            prompt(alice, bare);
            run(first, alice, bare, "echo hi > /tmp/f");
            long t0 = System.nanoTime();
            first.close();                                       // what SIGTERM does
            stopMillis = (System.nanoTime() - t0) / 1_000_000;
        } finally {
            first.close();                                       // a second close does nothing
        }

        long t0 = System.nanoTime();
        try (TestServer second = new TestServer(config)) {
            long startMillis = (System.nanoTime() - t0) / 1_000_000;
            TestServer.Client alice = second.client();
            TestServer.Response in = alice.post("/api/signin", "{\"username\":\"alice\",\"password\":\"password-alice\"}");
            assertEquals(200, in.status(), in.body());
            alice.csrf = in.json().get("csrf").asText();

            assertEquals("running", state(alice, bare));
            waitUntil(() -> output(alice, bare).contains("[virtlab: restored the state saved when the server stopped]"), "resumed");
            long resumedMillis = (System.nanoTime() - t0) / 1_000_000;
            String console = output(alice, bare);
            assertTrue(console.contains("virtlab-os: booting") && console.contains("$ echo hi > /tmp/f"),
                    "the console's scroll-back came back:\n" + console);
            assertTrue(run(second, alice, bare, "cat /tmp/f").startsWith("\r\nhi\r\n"), "the guest kept its file:\n" + output(alice, bare));
            assertTrue(second.app.snapshots().store().resumePoint(bare).isEmpty(), "the resume point was used up");

            assertEquals("running", state(alice, hv), "the hypervisor lab runs again");
            prompt(alice, hv);
            assertTrue(output(alice, hv).contains("virtlab-os: booting"), "booted fresh:\n" + output(alice, hv));
            System.out.printf("restart: graceful stop (saving 1 lab) %d ms; start until listening %d ms, until the lab announced"
                    + " its resume %d ms%n", stopMillis, startMillis, resumedMillis);
        }
    }
}
