package org.virtlab.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.virtlab.server.accounts.User;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.TraceReport;

/**
 * {@code /labs/{id}/live}: the lab page's live panels pushed over one WebSocket (docs/api.md,
 * "Live panels"). Every second, and at once on connect, each open socket gets one text frame of
 * HTML: {@code <div id="status" hx-swap-oob="innerHTML">} (state, instructions, uptime, viewers)
 * and, on a hypervisor lab, the same for {@code #domain-counters} and {@code #trace}. htmx's
 * WebSocket extension ({@code hx-ext="ws"}) swaps each top element into the element of the page
 * with its id. In: a JSON text frame {@code {"kind": "emulate"}} (what {@code ws-send} sends from
 * the trace's kind filter; {@code "all"} clears it) sets the kind of events this page's trace shows.
 *
 * <p>Authentication, the Origin check and view rights happen before the upgrade, as for
 * {@link ConsoleSocket}; the right to watch is checked again at every frame (a refused socket is
 * closed with 1008). One scheduler thread renders the frames, only for labs someone watches; a
 * page whose previous frame is still being sent skips a frame, so a slow client never blocks others.
 */
public final class LiveSocket implements AutoCloseable {
    /** How often the panels are pushed. */
    static final long PERIOD_MS = 1000;
    private static final String LAB = "virtlab.live.lab";
    private static final String USER = "virtlab.live.user";

    private final LabService labs;
    private final Auth auth;
    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "virtlab-live");
        t.setDaemon(true);
        return t;
    });

    /** One open page: who watches which lab, its trace filter, whether a frame is in flight. */
    private static final class Client {
        final WsContext ctx;
        final User user;
        final String labId;
        final AtomicBoolean sending = new AtomicBoolean();
        volatile String kind;                       // null: every kind

        Client(WsContext ctx, User user, String labId) {
            this.ctx = ctx;
            this.user = user;
            this.labId = labId;
        }
    }

    public LiveSocket(LabService labs, Auth auth) {
        this.labs = labs;
        this.auth = auth;
        timer.scheduleAtFixedRate(this::tick, PERIOD_MS, PERIOD_MS, TimeUnit.MILLISECONDS);
    }

    public void beforeUpgrade(Context ctx) {
        auth.checkOrigin(ctx);
        Auth.Principal p = auth.require(ctx);
        Lab lab = labs.view(p.user(), ctx.pathParam("id"));
        ctx.attribute(LAB, lab.record().id());
        ctx.attribute(USER, p.user());
    }

    public void configure(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onMessage(ctx -> filter(ctx, ctx.message()));
        ws.onClose(ctx -> clients.remove(ctx.sessionId()));
        ws.onError(ctx -> clients.remove(ctx.sessionId()));
    }

    /** Pages open now. */
    public int clientCount() {
        return clients.size();
    }

    private void connected(WsContext ctx) {
        String labId = ctx.attribute(LAB);
        User user = ctx.attribute(USER);
        if (labId == null || user == null) {
            ctx.closeSession(1008, "not authorized");
            return;
        }
        ctx.session.setIdleTimeout(java.time.Duration.ZERO);
        Client c = new Client(ctx, user, labId);
        clients.put(ctx.sessionId(), c);
        timer.execute(() -> push(c));
    }

    /** The trace's kind filter: {@code {"kind": K}}; anything else is ignored. */
    private void filter(WsContext ctx, String message) {
        Client c = clients.get(ctx.sessionId());
        if (c == null) return;
        try {
            JsonNode kind = Json.MAPPER.readTree(message).get("kind");
            if (kind == null || !kind.isTextual()) return;
            String k = kind.asText();
            c.kind = k.equals("all") || !TraceReport.KINDS.contains(k) ? null : k;
        } catch (Exception e) {
            return;                                 // not JSON: a page's mistake, ignored
        }
        timer.execute(() -> push(c));
    }

    private void tick() {
        for (Client c : clients.values()) {
            try {
                push(c);
            } catch (RuntimeException e) {
                clients.remove(c.ctx.sessionId());   // one broken page never stops the others' frames
                c.ctx.closeSession(1011, "live panels failed");
            }
        }
    }

    /** Renders and sends one frame to {@code c}, unless its previous frame is still in flight. */
    private void push(Client c) {
        if (!c.ctx.session.isOpen()) {
            clients.remove(c.ctx.sessionId());
            return;
        }
        if (!c.sending.compareAndSet(false, true)) return;
        String html;
        try {
            html = frame(labs.view(c.user, c.labId), c);
        } catch (ApiError e) {
            c.sending.set(false);
            clients.remove(c.ctx.sessionId());
            c.ctx.closeSession(1008, "you may no longer watch this lab");
            return;
        } catch (RuntimeException e) {
            c.sending.set(false);
            throw e;
        }
        c.ctx.session.sendText(html, Callback.from(() -> c.sending.set(false), t -> c.sending.set(false)));
    }

    /** The panels of {@code lab} for one page, each in an element named by the id it replaces. */
    private static String frame(Lab lab, Client c) {
        StringBuilder h = new StringBuilder();
        panel(h, "status", Pages.status(lab));
        if (lab.domains().count() > 0) {
            panel(h, "domain-counters", HypervisorPanels.counters(lab, c.user));
            panel(h, "trace", HypervisorPanels.trace(lab, c.kind));
        }
        return h.toString();
    }

    private static void panel(StringBuilder h, String id, String content) {
        h.append("<div id=\"").append(id).append("\" hx-swap-oob=\"innerHTML\">").append(content).append("</div>");
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
