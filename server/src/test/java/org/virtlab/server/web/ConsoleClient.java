package org.virtlab.server.web;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A console WebSocket client for tests and the load benchmark (Tyrus): keeps everything it
 * receives, the text frames apart, and can wait for output, a text frame or the close.
 */
final class ConsoleClient extends Endpoint {
    private static final ClientManager TYRUS = ClientManager.createClient();

    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);
    volatile CloseReason closeReason;
    volatile Consumer<byte[]> onFrame;
    Session session;

    /** Connects to {@code path} ({@code /api/labs/ID/console}) as the user of {@code cookie} (null: nobody). */
    static ConsoleClient connect(TestServer server, String path, String cookie) throws Exception {
        ConsoleClient c = new ConsoleClient();
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                if (cookie != null) headers.put("Cookie", List.of(Auth.COOKIE + "=" + cookie));
                headers.remove("Origin");
            }
        }).build();
        TYRUS.connectToServer(c, cfg, URI.create(server.base.replace("http:", "ws:") + path));
        return c;
    }

    static ConsoleClient connect(TestServer server, String path, TestServer.Client as) throws Exception {
        return connect(server, path, as.sessionCookie());
    }

    @Override
    public void onOpen(Session s, EndpointConfig config) {
        session = s;
        s.setMaxBinaryMessageBufferSize(1 << 20);
        s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) b -> {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            Consumer<byte[]> hook = onFrame;
            if (hook != null) hook.accept(bytes);
            synchronized (received) {
                received.write(bytes, 0, bytes.length);
                received.notifyAll();
            }
        });
        s.addMessageHandler(String.class, (MessageHandler.Whole<String>) texts::add);
    }

    @Override
    public void onClose(Session s, CloseReason reason) {
        closeReason = reason;
        closed.countDown();
    }

    String text() {
        synchronized (received) {
            return received.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Waits until the output contains {@code s}. */
    void await(String s) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        synchronized (received) {
            while (!text().contains(s)) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new AssertionError("no '" + s + "' in console output: " + tail());
                received.wait(left);
            }
        }
    }

    /** The next text frame that contains {@code part} (others are skipped), or an AssertionError after 10 s. */
    String awaitText(String part) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            String t = texts.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (t == null) throw new AssertionError("no text frame with '" + part + "'");
            if (t.contains(part)) return t;
        }
    }

    String tail() {
        String t = text();
        return t.substring(Math.max(0, t.length() - 2000));
    }

    void type(String s) throws Exception {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8)));
    }

    void close() throws Exception {
        if (session.isOpen()) session.close();
    }
}
