package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console WebSocket with the Tyrus client: output, input, replay, read-only viewers, refusals. */
class ConsoleSocketTest {
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

    /** A console client: collects everything it receives. */
    static final class Console extends Endpoint {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        Session session;

        @Override
        public void onOpen(Session s, EndpointConfig config) {
            session = s;
            s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> {
                synchronized (received) {
                    byte[] bytes = new byte[b.remaining()];
                    b.get(bytes);
                    received.write(bytes, 0, bytes.length);
                    received.notifyAll();
                }
            });
            s.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
        }

        @Override
        public void onClose(Session s, CloseReason reason) { }

        String text() {
            synchronized (received) {
                return received.toString(StandardCharsets.UTF_8);
            }
        }

        /** Waits until the output contains {@code s}. */
        void await(String s) throws InterruptedException {
            long deadline = System.currentTimeMillis() + 30_000;
            synchronized (received) {
                while (!text().contains(s)) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) throw new AssertionError("no '" + s + "' in console output: " + text());
                    received.wait(left);
                }
            }
        }

        void type(String s) throws Exception {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
        }
    }

    static Console connect(TestServer.Client as, String origin) throws Exception {
        Console c = new Console();
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                if (as != null) headers.put("Cookie", List.of(Auth.COOKIE + "=" + as.sessionCookie()));
                if (origin != null) headers.put("Origin", List.of(origin));
                else headers.remove("Origin");
            }
        }).build();
        ClientManager.createClient().connectToServer(c, cfg,
                URI.create(server.base.replace("http:", "ws:") + "/api/labs/" + labId + "/console"));
        return c;
    }

    @Test
    void ownerSeesTheShellTypesAndReconnectReplays() throws Exception {
        Console c = connect(alice, server.base);
        c.await("$ ");
        c.type("echo hi\n");
        c.await("echo hi\r\nhi\r\n");
        c.session.close();
        Console again = connect(alice, null);
        again.await("echo hi\r\nhi\r\n");            // the scroll-back replayed on connect
        assertTrue(again.text().startsWith("\u001bc"), "a replay starts with a terminal reset");
        again.session.close();
    }

    @Test
    void staffWatchWithoutKeyboard() throws Exception {
        TestServer.Client admin = server.client();
        var r = admin.post("/api/signin", "{\"username\":\"admin\",\"password\":\"password-admin\"}");
        admin.csrf = r.json().get("csrf").asText();
        Console watcher = connect(admin, null);
        watcher.await("$ ");
        watcher.type("echo sneaky\n");
        String notice = watcher.texts.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(notice != null && notice.contains("read-only"), String.valueOf(notice));
        Console owner = connect(alice, null);
        owner.type("echo owner\n");
        owner.await("owner\r\n");
        watcher.await("owner\r\n");                    // many viewers see the same console
        assertTrue(!owner.text().contains("sneaky"), owner.text());
        watcher.session.close();
        owner.session.close();
    }

    @Test
    void refusedBeforeTheUpgrade() {
        TestServer.Client bob = server.client().signUp("bob");
        assertThrows(Exception.class, () -> connect(bob, null), "another student's lab");
        assertThrows(Exception.class, () -> connect(null, null), "no session");
        assertThrows(Exception.class, () -> connect(alice, "https://evil.example"), "foreign origin");
    }
}
