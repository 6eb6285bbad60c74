package org.virtlab.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Session;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.tyrus.client.ClientManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input on the console WebSocket: frames that break the protocol (RFC 6455 section 5),
 * text that is not UTF-8, and frames over the 4096-byte limit. Jetty's WebSocket parser refuses
 * each before ConsoleSocket sees a byte and closes that one socket with the RFC's close code
 * (1002 protocol error, 1007 bad data, 1009 too big, section 7.4.1) and a reason that says what
 * was wrong ("Client MUST mask all frames", "Binary message too large: 5,000 > 4,096"). Nothing
 * else changes: the lab runs on, none of the bytes reach the guest, and the owner's next
 * connection types as before.
 */
class ConsoleBadInputTest {
    @TempDir
    static Path data;
    static TestServer server;
    static TestServer.Client alice;
    static String labId;

    @BeforeAll
    static void start() throws Exception {
        TestServer.StartedLab lab = TestServer.startedLab(data, "virtlab-os-bare");
        server = lab.server();
        alice = lab.alice();
        labId = lab.labId();
        LabDriver.waitUntil(() -> alice.get("/api/labs/" + labId + "/output").body().contains("$ "), "the shell prompt");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** What the server's close frame said. */
    record Closed(int code, String reason) { }

    /** A WebSocket client on a plain socket, so that it can send what no real client would. */
    static final class RawSocket implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final DataInputStream in;

        RawSocket() throws IOException {
            socket = new Socket("localhost", server.app.port());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
            out.write(("GET /api/labs/" + labId + "/console HTTP/1.1\r\nHost: localhost:" + server.app.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nCookie: " + Auth.COOKIE + "=" + alice.sessionCookie() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = readHead(in);
            if (!head.startsWith("HTTP/1.1 101")) throw new AssertionError("no upgrade: " + head);
        }

        /** A masked frame, as a client must send (RFC 6455 section 5.3). */
        void frame(int firstByte, byte[] payload) throws IOException {
            ByteArrayOutputStream f = new ByteArrayOutputStream();
            f.write(firstByte);
            if (payload.length < 126) f.write(0x80 | payload.length);
            else {
                f.write(0x80 | 126);
                f.write(payload.length >> 8);
                f.write(payload.length);
            }
            byte[] mask = {0x11, 0x22, 0x33, 0x44};
            f.write(mask);
            for (int i = 0; i < payload.length; i++) f.write(payload[i] ^ mask[i & 3]);
            out.write(f.toByteArray());
            out.flush();
        }

        /** Reads server frames (unmasked) until the close frame. */
        Closed awaitClose() throws IOException {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) len = in.readUnsignedShort();
                else if (len == 127) len = in.readLong();
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return new Closed(code, reason);
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (!b.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) break;
                b.write(c);
            }
            return b.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Sends one bad frame (raw bytes or a masked frame) and returns the server's close. */
    static Closed sendBad(byte[] raw) throws IOException {
        try (RawSocket s = new RawSocket()) {
            s.out.write(raw);
            s.out.flush();
            return s.awaitClose();
        }
    }

    /** The lab still runs, nothing of {@code marker} reached it, and the owner types as before. */
    static void nothingChanged(String marker) throws Exception {
        assertEquals("running", alice.get("/api/labs/" + labId).json().get("state").asText());
        assertFalse(alice.get("/api/labs/" + labId + "/output").body().contains(marker), "bad input reached the guest");
        ConsoleSocketTest.Console c = CpuShareTest.console(server, alice, labId);
        String word = "ok" + System.nanoTime() % 100000;
        c.type("echo " + word + "\n");
        c.await(word + "\r\n" );
        c.session.close();
    }

    @Test
    void garbageBytesBreakTheProtocolAndCloseOnlyThatSocket() throws Exception {
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xff);                  // FIN, all three reserved bits, opcode 15
        Closed c = sendBad(garbage);
        assertEquals(1002, c.code(), "protocol error: " + c);
        assertFalse(c.reason().isBlank(), "a close reason that says what was wrong: " + c);
        nothingChanged("\u00ff\u00ff");
    }

    @Test
    void unmaskedAndReservedOpcodeFramesAreProtocolErrors() throws Exception {
        Closed unmasked = sendBad(new byte[] {(byte) 0x82, 3, 'Q', 'Q', 'Q'});
        assertEquals(1002, unmasked.code(), unmasked.toString());
        assertFalse(unmasked.reason().isBlank(), unmasked.toString());
        try (RawSocket s = new RawSocket()) {
            s.frame(0x83, "QQQ".getBytes(StandardCharsets.US_ASCII));       // opcode 3 is reserved
            Closed c = s.awaitClose();
            assertEquals(1002, c.code(), c.toString());
            assertFalse(c.reason().isBlank(), c.toString());
        }
        nothingChanged("QQQ");
    }

    @Test
    void textThatIsNotUtf8IsRefused() throws Exception {
        try (RawSocket s = new RawSocket()) {
            s.frame(0x81, new byte[] {'W', 'W', (byte) 0xc3, 0x28, 'W'});
            Closed c = s.awaitClose();
            assertEquals(1007, c.code(), c.toString());
            assertFalse(c.reason().isBlank(), c.toString());
        }
        nothingChanged("WW");
    }

    @Test
    void oversizedFramesAreRefusedWhole() throws Exception {
        byte[] big = new byte[5000];
        Arrays.fill(big, (byte) 'Z');
        try (RawSocket s = new RawSocket()) {
            s.frame(0x82, big);
            Closed c = s.awaitClose();
            assertEquals(1009, c.code(), c.toString());
            assertTrue(c.reason().matches(".*too large.*4,?096.*"), "the reason says what and names the limit: " + c);
        }
        // the same with a real client (Tyrus): its session sees the close code and reason
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Endpoint tyrus = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig config) { }

            @Override
            public void onClose(Session session, CloseReason reason) {
                closed.complete(reason);
            }
        };
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Cookie", List.of(Auth.COOKIE + "=" + alice.sessionCookie()));
            }
        }).build();
        Session session = ClientManager.createClient().connectToServer(tyrus, cfg,
                URI.create(server.base.replace("http:", "ws:") + "/api/labs/" + labId + "/console"));
        try {
            session.getBasicRemote().sendBinary(ByteBuffer.wrap(big));
        } catch (Exception closedWhileSending) {
            // The server may refuse the frame and close before Tyrus has finished sending it (a CI
            // run saw Tyrus's RejectedExecutionException here); the close reason below is what counts.
        }
        CloseReason reason = closed.get(10, TimeUnit.SECONDS);
        assertEquals(1009, reason.getCloseCode().getCode(), reason.toString());
        assertTrue(reason.getReasonPhrase().matches(".*too large.*4,?096.*"), reason.toString());
        nothingChanged("ZZZZ");
    }
}
