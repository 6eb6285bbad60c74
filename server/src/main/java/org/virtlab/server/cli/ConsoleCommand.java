package org.virtlab.server.cli;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.glassfish.tyrus.client.ClientManager;

/**
 * {@code virtlab console URL [--token TOKEN]}: attaches this terminal to a lab's console over
 * its WebSocket (docs/api.md, "Console WebSocket"), with the Tyrus client. URL is the lab's
 * page ({@code http://host:7070/labs/ID}), its console endpoint, or a domain's console
 * ({@code .../api/labs/ID/domains/1/console}). The token (an API token, docs/api.md) comes from
 * {@code --token} or the environment variable {@code VIRTLAB_TOKEN}.
 *
 * <p>Keys go to the lab as typed (raw mode on a terminal); Ctrl-A X detaches, the lab runs on.
 * When input ends (a pipe), the client stays until the output has been quiet for a moment,
 * then detaches: {@code echo ls | virtlab console URL} prints the listing.
 */
final class ConsoleCommand {
    private static final int CTRL_A = 1;
    private static final long QUIET_MILLIS = 1500;

    private ConsoleCommand() {
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) throws UsageException {
        String url = null;
        String token = System.getenv("VIRTLAB_TOKEN");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--token")) {
                if (i + 1 >= args.length) throw new UsageException("console: --token needs a value");
                token = args[++i];
            } else if (a.startsWith("--token=")) {
                token = a.substring("--token=".length());
            } else if (a.startsWith("--")) {
                throw new UsageException("console: unknown option " + a + " (try 'virtlab help')");
            } else if (url == null) {
                url = a;
            } else {
                throw new UsageException("console: unexpected argument '" + a + "'");
            }
        }
        if (url == null) throw new UsageException("console: give the lab's URL, e.g. virtlab console http://localhost:7070/labs/ID");
        URI socket = socketUri(url);
        if (token == null || token.isBlank())
            throw new UsageException("console: an API token is needed: --token TOKEN or VIRTLAB_TOKEN (POST /api/token, docs/api.md)");
        return attach(socket, token, in, out, err, terminal);
    }

    /** The console WebSocket of a lab page, console URL or domain console URL. */
    static URI socketUri(String url) throws UsageException {
        URI u;
        try {
            u = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new UsageException("console: '" + url + "' is not a URL");
        }
        String scheme = u.getScheme();
        if (scheme == null || u.getHost() == null || !List.of("http", "https", "ws", "wss").contains(scheme))
            throw new UsageException("console: '" + url + "' is not an http(s) or ws(s) URL of a lab");
        String path = u.getPath() == null ? "" : u.getPath().replaceAll("/+$", "");
        String ws = scheme.equals("https") || scheme.equals("wss") ? "wss" : "ws";
        String consolePath;
        if (path.matches("/labs/[^/]+")) consolePath = "/api" + path + "/console";
        else if (path.matches("/api/labs/[^/]+(/domains/\\d+)?/console")) consolePath = path;
        else if (path.matches("/api/labs/[^/]+")) consolePath = path + "/console";
        else throw new UsageException("console: '" + url + "' names no lab (expected .../labs/ID or .../api/labs/ID/console)");
        return URI.create(ws + "://" + u.getRawAuthority() + consolePath);
    }

    private static int attach(URI socket, String token, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        CountDownLatch closed = new CountDownLatch(1);
        AtomicLong lastOutput = new AtomicLong(System.nanoTime());
        String[] closeReason = {null};
        ClientEndpointConfig config = ClientEndpointConfig.Builder.create().configurator(new ClientEndpointConfig.Configurator() {
            @Override
            public void beforeRequest(Map<String, List<String>> headers) {
                headers.put("Authorization", List.of("Bearer " + token));
            }
        }).build();
        Endpoint endpoint = new Endpoint() {
            @Override
            public void onOpen(Session session, EndpointConfig c) {
                session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) frame -> {
                    byte[] b = new byte[frame.remaining()];
                    frame.get(b);
                    out.write(b, 0, b.length);
                    out.flush();
                    lastOutput.set(System.nanoTime());
                });
                session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                    if (text.contains("read-only")) err.println("\r\nvirtlab: this console is read-only for you (only the lab's owner types)\r");
                });
            }

            @Override
            public void onClose(Session session, CloseReason reason) {
                if (reason.getCloseCode() != CloseReason.CloseCodes.NORMAL_CLOSURE) closeReason[0] = reason.getReasonPhrase();
                closed.countDown();
            }
        };
        Session session;
        try {
            session = ClientManager.createClient().connectToServer(endpoint, config, socket);
        } catch (Exception e) {
            err.println("virtlab: console: cannot connect to " + socket + ": " + rootMessage(e)
                    + " (is the lab's id right, the token valid, the server running?)");
            return Cli.EXIT_USAGE;
        }
        TerminalMode raw = terminal ? TerminalMode.enter() : null;
        if (terminal) err.print("virtlab: attached to " + socket + " -- Ctrl-A X detaches\r\n");
        try {
            forwardKeys(in, session, closed);
            if (!terminal) waitForQuiet(lastOutput, closed);
            if (session.isOpen()) session.close();
            closed.await(2, TimeUnit.SECONDS);
        } catch (IOException e) {
            err.println("virtlab: console: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (raw != null) raw.close();
        }
        if (closeReason[0] != null && !closeReason[0].isEmpty()) err.println("virtlab: console closed by the server: " + closeReason[0]);
        return 0;
    }

    /** Sends keystrokes until Ctrl-A X, end of input, or the server closes the socket. */
    private static void forwardKeys(InputStream in, Session session, CountDownLatch closed) throws IOException {
        byte[] buf = new byte[256];
        boolean escape = false;
        int n;
        while (closed.getCount() > 0 && (n = in.read(buf)) > 0) {
            ByteBuffer send = ByteBuffer.allocate(n);
            for (int i = 0; i < n; i++) {
                int b = buf[i] & 0xFF;
                if (escape) {
                    escape = false;
                    if (b == 'x' || b == 'X') {
                        flush(session, send);
                        return;
                    }
                    send.put((byte) (b == 'a' ? CTRL_A : b));
                } else if (b == CTRL_A) {
                    escape = true;
                } else {
                    send.put((byte) b);
                }
            }
            flush(session, send);
        }
    }

    private static void flush(Session session, ByteBuffer send) throws IOException {
        send.flip();
        if (send.hasRemaining() && session.isOpen()) session.getBasicRemote().sendBinary(send);
    }

    private static void waitForQuiet(AtomicLong lastOutput, CountDownLatch closed) throws InterruptedException {
        while (closed.getCount() > 0 && System.nanoTime() - lastOutput.get() < QUIET_MILLIS * 1_000_000) Thread.sleep(100);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
