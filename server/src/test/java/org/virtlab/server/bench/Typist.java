package org.virtlab.server.bench;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.glassfish.tyrus.client.ClientManager;

/**
 * A console client of the load benchmark (Tyrus, like {@code virtlab console}) that types into
 * one lab and times each keystroke's echo: it sends {@code ~}, waits for the {@code ~} the guest
 * kernel's line discipline echoes, then sends DEL and waits for its {@code \b} (so the shell's
 * line stays empty). Neither byte appears in anything else the guest prints. Optionally it keeps
 * the lab busy: at every shell prompt it types {@link #BUSY_LINE} (twenty {@code cpubench} runs).
 *
 * <p>Latency = from the send to the arrival of the frame holding the echo: the WebSocket in, the
 * lab's input queue, the wait for the lab's next slice in the runner pool, the UART interrupt and
 * the guest's echo, the slice's end, and the frame out.
 */
final class Typist extends Endpoint {
    /** The shell has no loops: one line of twenty runs (the console line buffer holds 256 bytes). */
    static final String BUSY_LINE = String.join(";", java.util.Collections.nCopies(20, "cpubench")) + "\n";
    private static final long ECHO_TIMEOUT_NANOS = 30_000_000_000L;

    final String labId;
    final boolean busy;
    final Latencies latencies;
    private Session session;
    private final Object lock = new Object();
    private byte awaiting;                 // the echo byte we wait for, 0 for none
    private long arrivedAt;
    private int prompts;                   // "$ " seen in live output (the replay counts too)
    private byte last;
    private long busyLines;

    Typist(String labId, boolean busy, Latencies latencies) {
        this.labId = labId;
        this.busy = busy;
        this.latencies = latencies;
    }

    static Typist connect(ClientManager client, String base, Student owner, String labId, boolean busy, Latencies into) throws Exception {
        Typist t = new Typist(labId, busy, into);
        String cookie = owner.sessionCookie();
        ClientEndpointConfig cfg = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Cookie", List.of("vl_session=" + cookie));
            }
        }).build();
        client.connectToServer(t, cfg, URI.create(base.replace("http:", "ws:") + "/api/labs/" + labId + "/console"));
        return t;
    }

    @Override
    public void onOpen(Session s, EndpointConfig config) {
        session = s;
        s.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) this::received);
    }

    @Override
    public void onClose(Session s, CloseReason reason) { }

    private void received(ByteBuffer frame) {
        long now = System.nanoTime();
        synchronized (lock) {
            boolean replay = frame.remaining() >= 2 && frame.get(frame.position()) == 0x1b && frame.get(frame.position() + 1) == 'c';
            while (frame.hasRemaining()) {
                byte b = frame.get();
                if (last == '$' && b == ' ') prompts++;
                last = b;
                if (!replay && awaiting != 0 && b == awaiting) {
                    awaiting = 0;
                    arrivedAt = now;
                    lock.notifyAll();
                }
            }
            if (replay) lock.notifyAll();
        }
    }

    /** Types until {@code endNanos}: a keystroke and its delete every 200-600 ms; samples after {@code measureFromNanos}. */
    void run(long measureFromNanos, long endNanos) throws Exception {
        int promptsServed = 0;
        while (System.nanoTime() < endNanos) {
            if (busy) {
                int p;
                synchronized (lock) {
                    p = prompts;
                }
                if (p > promptsServed) {
                    promptsServed = p;
                    send(BUSY_LINE.getBytes(StandardCharsets.US_ASCII));
                    busyLines++;
                }
            }
            long start = System.nanoTime();
            long echo = keystroke((byte) '~', (byte) '~');
            if (start >= measureFromNanos && System.nanoTime() < endNanos) latencies.add(echo);
            start = System.nanoTime();
            echo = keystroke((byte) 0x7f, (byte) '\b');
            if (start >= measureFromNanos && System.nanoTime() < endNanos) latencies.add(echo);
            Thread.sleep(ThreadLocalRandom.current().nextInt(200, 600));
        }
        session.close();
    }

    long busyLines() {
        return busyLines;
    }

    /** Sends one key, waits for {@code echo}; the latency in nanoseconds (or the timeout, counted as such). */
    private long keystroke(byte key, byte echo) throws Exception {
        synchronized (lock) {
            awaiting = echo;
        }
        long sent = System.nanoTime();
        send(new byte[] {key});
        synchronized (lock) {
            while (awaiting != 0) {
                long left = sent + ECHO_TIMEOUT_NANOS - System.nanoTime();
                if (left <= 0) {
                    awaiting = 0;
                    latencies.timeout();
                    return ECHO_TIMEOUT_NANOS;
                }
                lock.wait(left / 1_000_000 + 1);
            }
            return arrivedAt - sent;
        }
    }

    private void send(byte[] b) throws Exception {
        session.getBasicRemote().sendBinary(ByteBuffer.wrap(b));
    }

    /** Waits until the shell's prompt has been seen (replayed or live). */
    void awaitPrompt(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (lock) {
            while (prompts == 0) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) throw new IllegalStateException("lab " + labId + ": no shell prompt");
                lock.wait(left);
            }
        }
    }
}
