package org.virtlab.server.web;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.console.FrameSink;
import org.virtlab.server.console.Viewer;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;

/**
 * {@code /api/labs/{id}/console}: the lab's console as a WebSocket; on a hypervisor lab also
 * {@code /api/labs/{id}/domains/{domain}/console}, one domain's console. Out: binary frames of raw
 * console bytes (the first replays the scroll-back, after {@code ESC c}). In: keystrokes as
 * binary or text frames, from the owner only; other viewers' input is dropped and answered
 * once with a text frame {@code {"type":"read-only"}}.
 *
 * <p>Authentication, authorization and the Origin check happen before the upgrade
 * ({@link #beforeUpgrade}): a refused client gets a plain HTTP error, never a socket.
 */
public final class ConsoleSocket {
    /** Largest accepted incoming frame: keystrokes and pastes, not files. */
    public static final int MAX_INPUT_FRAME = 4096;
    private static final String LAB = "virtlab.console.lab";
    private static final String KEYBOARD = "virtlab.console.keyboard";
    private static final String HUB = "virtlab.console.hub";
    private static final String TARGET = "virtlab.console.target";

    private final LabService labs;
    private final Auth auth;
    private final Map<String, Viewer> viewers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> warned = new ConcurrentHashMap<>();

    public ConsoleSocket(LabService labs, Auth auth) {
        this.labs = labs;
        this.auth = auth;
    }

    public void beforeUpgrade(Context ctx) {
        auth.checkOrigin(ctx);
        Auth.Principal p = auth.require(ctx);
        Lab lab = labs.view(p.user(), ctx.pathParam("id"));
        String domain = ctx.pathParamMap().get("domain");
        int target = domain == null ? Lab.BOARD_CONSOLE : HypervisorController.domainIndex(lab, domain);
        ctx.attribute(LAB, lab);
        ctx.attribute(TARGET, target);
        ctx.attribute(HUB, target == Lab.BOARD_CONSOLE ? lab.console() : lab.domains().console(target));
        ctx.attribute(KEYBOARD, lab.record().ownerId() == p.user().id());
    }

    public void configure(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onBinaryMessage(ctx -> {
            ByteBuffer data = ctx.data();
            byte[] b = new byte[data.remaining()];
            data.get(b);
            typed(ctx, b);
        });
        ws.onMessage(ctx -> typed(ctx, ctx.message().getBytes(StandardCharsets.UTF_8)));
        ws.onClose(this::gone);
        ws.onError(this::gone);
    }

    private void connected(WsContext ctx) {
        ConsoleHub hub = ctx.attribute(HUB);
        Boolean keyboard = ctx.attribute(KEYBOARD);
        if (hub == null) {
            ctx.closeSession(1008, "not authorized");
            return;
        }
        ctx.session.setIdleTimeout(java.time.Duration.ZERO);
        Viewer v = hub.attach(new SessionSink(ctx), Boolean.TRUE.equals(keyboard));
        viewers.put(ctx.sessionId(), v);
    }

    private void typed(WsContext ctx, byte[] bytes) {
        Viewer v = viewers.get(ctx.sessionId());
        Lab lab = ctx.attribute(LAB);
        Integer target = ctx.attribute(TARGET);
        if (v == null || lab == null || target == null) return;
        if (!v.hasKeyboard()) {
            if (warned.putIfAbsent(ctx.sessionId(), Boolean.TRUE) == null)
                ctx.session.sendText("{\"type\":\"read-only\",\"message\":\"only the lab's owner can type here\"}", Callback.NOOP);
            return;
        }
        lab.input(target, bytes);
    }

    private void gone(WsContext ctx) {
        warned.remove(ctx.sessionId());
        Viewer v = viewers.remove(ctx.sessionId());
        ConsoleHub hub = ctx.attribute(HUB);
        if (v != null && hub != null) hub.remove(v);
    }

    /** A viewer's frames go to its Jetty session, asynchronously. */
    private record SessionSink(WsContext ctx) implements FrameSink {
        @Override
        public void sendBinary(ByteBuffer frame, Runnable done, java.util.function.Consumer<Throwable> failed) {
            if (!ctx.session.isOpen()) {
                failed.accept(new IllegalStateException("closed"));
                return;
            }
            ctx.session.sendBinary(frame, Callback.from(done, failed));
        }

        @Override
        public void close(int code, String reason) {
            ctx.closeSession(code, reason);
        }
    }
}
