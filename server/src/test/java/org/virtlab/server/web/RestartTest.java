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
 * The server survives a restart with its labs: a graceful stop saves every running lab, the next
 * start on the same data directory resumes it where it was (the guest's RAM file system and the
 * console's scroll-back) — a hypervisor lab with both its domains, each console with its screen.
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
            hv = alice.createLab("hypervisor-full-2");
            assertEquals(200, alice.post("/api/labs/" + bare + "/start", "").status());
            assertEquals(200, alice.post("/api/labs/" + hv + "/start", "").status());
            prompt(alice, bare);
            run(first, alice, bare, "echo hi > /tmp/f");
            DomainDriver.prompts(alice, hv, 2);
            DomainDriver.run(first, alice, hv, 1, "echo dom1-kept > /tmp/g");
            long t0 = System.nanoTime();
            first.close();                                       // what SIGTERM does
            stopMillis = (System.nanoTime() - t0) / 1_000_000;   // saving both labs
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
            for (int d = 0; d < 2; d++) {
                int dom = d;
                waitUntil(() -> DomainDriver.output(alice, hv, dom).contains("[virtlab: restored the state saved when the server stopped]"),
                        "dom" + d + " resumed");
            }
            String dom1 = DomainDriver.output(alice, hv, 1);
            assertTrue(dom1.contains("virtlab-os: booting") && dom1.contains("$ echo dom1-kept > /tmp/g"), "dom1's screen came back:\n" + dom1);
            assertTrue(output(alice, hv).contains("[dom1] $ echo dom1-kept > /tmp/g"), "and the board's:\n" + output(alice, hv));
            assertTrue(DomainDriver.run(second, alice, hv, 1, "cat /tmp/g").startsWith("\r\ndom1-kept\r\n"), DomainDriver.output(alice, hv, 1));
            assertTrue(DomainDriver.run(second, alice, hv, 0, "echo dom0-runs").contains("dom0-runs"), DomainDriver.output(alice, hv, 0));
            assertTrue(second.app.snapshots().store().resumePoint(hv).isEmpty(), "its resume point was used up");
            System.out.printf("restart: graceful stop (saving 2 labs, one of two domains) %d ms; start until listening %d ms, until the lab announced"
                    + " its resume %d ms%n", stopMillis, startMillis, resumedMillis);
        }
    }
}
