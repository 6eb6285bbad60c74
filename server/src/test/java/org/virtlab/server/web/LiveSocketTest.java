package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lab page's live panels over {@code /labs/{id}/live} with the Tyrus client: frames, the trace filter, refusals. */
class LiveSocketTest {
    @TempDir
    static Path data;
    static TestServer server;
    static TestServer.Client alice;
    static String labId;

    @BeforeAll
    static void start() {
        TestServer.StartedLab lab = TestServer.startedLab(data, "virtlab-os-bare");
        server = lab.server();
        alice = lab.alice();
        labId = lab.labId();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A page's live socket: collects the frames. */
    static final class Page extends Endpoint {
        final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        Session session;

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) frames::add);
        }

        /** The next frame, waiting at most {@code seconds}. */
        String next(int seconds) throws InterruptedException {
            String f = frames.poll(seconds, TimeUnit.SECONDS);
            assertNotNull(f, "no frame within " + seconds + " s");
            return f;
        }
    }

    static Page connect(TestServer.Client as, String lab, String origin) throws Exception {
        Page p = new Page();
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                if (as != null) headers.put("Cookie", List.of(Auth.COOKIE + "=" + as.sessionCookie()));
                if (origin != null) headers.put("Origin", List.of(origin));
                else headers.remove("Origin");
            }
        }).build();
        ClientManager.createClient().connectToServer(p, cfg, URI.create(server.base.replace("http:", "ws:") + "/labs/" + lab + "/live"));
        return p;
    }

    @Test
    void theOwnerGetsTheCountersAtOnceThenEverySecond() throws Exception {
        Page p = connect(alice, labId, server.base);
        String first = p.next(3);
        assertTrue(first.startsWith("<div id=\"status\" hx-swap-oob=\"innerHTML\">"), first);
        assertTrue(first.contains("id=\"lab-instructions\""), first);
        assertTrue(!first.contains("domain-counters"), "a bare lab has no hypervisor panels: " + first);
        String second = p.next(3);
        assertTrue(second.contains("id=\"lab-state\""), second);
        p.session.close();
    }

    @Test
    void aHypervisorLabGetsItsPanelsAndTheTraceFilter() throws Exception {
        String hv = alice.createLab("hypervisor-full-2");      // not started: the panels say so, cheaply
        Page p = connect(alice, hv, null);
        String first = p.next(3);
        assertTrue(first.contains("<div id=\"domain-counters\" hx-swap-oob=\"innerHTML\">"), first);
        assertTrue(first.contains("<div id=\"trace\" hx-swap-oob=\"innerHTML\">"), first);
        assertTrue(!first.contains("of kind"), "no filter yet: " + first);
        p.session.getBasicRemote().sendText("{\"kind\":\"emulate\",\"HEADERS\":{\"HX-Request\":\"true\"}}");
        String filtered = p.next(3);
        assertTrue(filtered.contains("of kind emulate"), filtered);
        p.session.getBasicRemote().sendText("not json");               // ignored, the socket lives on
        p.session.getBasicRemote().sendText("{\"kind\":\"all\"}");
        String all = p.next(3);
        while (all.contains("of kind emulate")) all = p.next(3);        // a tick may have crossed the message
        assertTrue(all.contains("<div id=\"trace\""), all);
        p.session.close();
    }

    @Test
    void strangersAreRefusedBeforeTheUpgrade() throws Exception {
        TestServer.Client bob = server.client().signUp("bob");
        assertThrows(Exception.class, () -> connect(bob, labId, null), "another student's lab");
        assertThrows(Exception.class, () -> connect(null, labId, null), "no session");
        assertThrows(Exception.class, () -> connect(alice, labId, "https://evil.example"), "foreign origin");
        assertThrows(Exception.class, () -> connect(alice, "no-such-lab", null), "unknown lab");
    }
}
