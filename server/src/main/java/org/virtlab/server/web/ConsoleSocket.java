package org.virtlab.server.web;

import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.virtlab.server.accounts.User;
import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.console.FrameSink;
import org.virtlab.server.console.Viewer;
import org.virtlab.server.labs.Keyboard;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;

/**
 * {@code /api/labs/{id}/console}: the lab's console as a WebSocket; on a hypervisor lab also
 * {@code /api/labs/{id}/domains/{domain}/console}, one domain's console. Out: binary frames of raw
 * console bytes (the first replays the scroll-back, after {@code ESC c}). In: keystrokes as
 * binary or text frames, from the user who has the lab's {@link Keyboard} (its owner unless the
 * keyboard is lent); other viewers' input is dropped and answered once with a text frame
 * {@code {"type":"read-only"}}. When the keyboard is lent or given back, every viewer gets a
 * text frame {@code {"type":"keyboard", ...}} (and a new viewer gets one while it is lent).
 *
 * <p>Authentication, authorization and the Origin check happen before the upgrade
 * ({@link #beforeUpgrade}): a refused client gets a plain HTTP error, never a socket. When the
 * rules change ({@link LabService#accessChanged}: a student leaves a classroom, the stage moves),
 * each open socket of that lab checks again and is closed (1008) if its user may no longer watch.
 */
public final class ConsoleSocket {
    /** Largest accepted incoming frame: keystrokes and pastes, not files. */
    public static final int MAX_INPUT_FRAME = 4096;
    private static final String LAB = "virtlab.console.lab";
    private static final String USER = "virtlab.console.user";
    private static final String HUB = "virtlab.console.hub";
    private static final String TARGET = "virtlab.console.target";

    private final LabService labs;
    private final Auth auth;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    /** One open console socket: who, which console, its viewer. */
    private static final class Client {
        final WsContext ctx;
        final User user;
        final Lab lab;
        final ConsoleHub hub;
        final int target;
        volatile Viewer viewer;
        volatile Runnable unsubscribe;
        volatile boolean warned;                 // told "read-only" since the keyboard last changed

        Client(WsContext ctx, User user, Lab lab, ConsoleHub hub, int target) {
            this.ctx = ctx;
            this.user = user;
            this.lab = lab;
            this.hub = hub;
            this.target = target;
        }
    }

    public ConsoleSocket(LabService labs, Auth auth) {
        this.labs = labs;
        this.auth = auth;
        labs.addAccessListener(this::recheck);
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
        ctx.attribute(USER, p.user());
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
        User user = ctx.attribute(USER);
        Lab lab = ctx.attribute(LAB);
        Integer target = ctx.attribute(TARGET);
        if (hub == null || user == null || lab == null || target == null) {
            ctx.closeSession(1008, "not authorized");
            return;
        }
        ctx.session.setIdleTimeout(java.time.Duration.ZERO);
        Client c = new Client(ctx, user, lab, hub, target);
        clients.put(ctx.sessionId(), c);
        c.unsubscribe = lab.keyboard().onChange(k -> keyboardChanged(c, k));
        if (lab.keyboard().lentTo() != null) keyboardChanged(c, lab.keyboard());
        c.viewer = hub.attach(new SessionSink(ctx), lab.keyboard().mayType(user.id()));
    }

    private void typed(WsContext ctx, byte[] bytes) {
        Client c = clients.get(ctx.sessionId());
        if (c == null || c.viewer == null) return;
        if (!c.lab.keyboard().mayType(c.user.id())) {
            if (!c.warned) {
                c.warned = true;
                Keyboard.Holder h = c.lab.keyboard().lentTo();
                String why = h == null ? "only the lab's owner can type here" : h.username() + " has the keyboard; your keystrokes are not sent";
                ctx.session.sendText(Json.MAPPER.createObjectNode().put("type", "read-only").put("message", why).toString(), Callback.NOOP);
            }
            return;
        }
        c.lab.input(c.target, bytes);
    }

    /** Tells one viewer who has the keyboard now. */
    private static void keyboardChanged(Client c, Keyboard k) {
        c.warned = false;
        Keyboard.Holder h = k.lentTo();
        boolean you = k.mayType(c.user.id());
        boolean owner = c.lab.record().ownerId() == c.user.id();
        String message;
        if (h == null) message = owner ? "You have the keyboard again." : "The lab's owner has the keyboard.";
        else if (you) message = "You have the keyboard: your keystrokes reach the machine (" + h.why() + ").";
        else message = h.username() + " has the keyboard (" + h.why() + ")" + (owner ? "; your keystrokes are not sent until it is given back." : ".");
        var json = Json.MAPPER.createObjectNode().put("type", "keyboard").put("you", you).put("message", message);
        if (h == null) json.putNull("holder");
        else json.put("holder", h.username()).put("holderId", h.userId());
        if (c.ctx.session.isOpen()) c.ctx.session.sendText(json.toString(), Callback.NOOP);
    }

    /** The rules about {@code labId} changed: sockets whose user may no longer watch it are closed. */
    private void recheck(String labId) {
        for (Client c : clients.values()) {
            if (!c.lab.record().id().equals(labId)) continue;
            try {
                labs.view(c.user, labId);
            } catch (ApiError e) {
                gone(c.ctx);
                c.ctx.closeSession(1008, "you may no longer watch this console");
            }
        }
    }

    private void gone(WsContext ctx) {
        Client c = clients.remove(ctx.sessionId());
        if (c == null) return;
        if (c.unsubscribe != null) c.unsubscribe.run();
        if (c.viewer != null) c.hub.remove(c.viewer);
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
