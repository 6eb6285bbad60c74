package org.virtlab.server.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.hypervisor.TraceEvent;
import org.virtlab.server.labs.DomainCommand;
import org.virtlab.server.labs.DomainReport;
import org.virtlab.server.labs.Lab;
import org.virtlab.server.labs.LabService;
import org.virtlab.server.labs.TraceReport;

/**
 * A hypervisor lab's domains over JSON (docs/api.md, "Hypervisor labs"): the domains with their
 * live counters ({@code GET /api/labs/{id}/domains}), one domain's scroll-back, and the event
 * trace, which its owner can pause and resume; and the owner's domain commands
 * ({@code POST /api/labs/{id}/domains/{n}/pause|resume|destroy}, {@link DomainCommand}). Looking is
 * allowed to whoever may look at the lab; changing only to its owner ({@link LabService}).
 */
public final class HypervisorController {
    /** Trace events a read returns unless {@code limit} says otherwise. */
    static final int DEFAULT_TRACE_LIMIT = 100;
    /** How long a domain command's request waits for the machine thread before answering 202. */
    static final long COMMAND_WAIT_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(HypervisorController.class);

    private final LabService labs;
    private final Auth auth;

    public HypervisorController(LabService labs, Auth auth) {
        this.labs = labs;
        this.auth = auth;
    }

    public void domains(Context ctx) {
        Lab lab = labs.viewHypervisor(auth.require(ctx).user(), ctx.pathParam("id"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stack", lab.preset().stack());
        m.put("live", lab.domains().live());
        m.put("domains", lab.domains().reports().stream().map(r -> json(lab, r)).toList());
        ctx.json(m);
    }

    public void output(Context ctx) {
        Lab lab = labs.viewHypervisor(auth.require(ctx).user(), ctx.pathParam("id"));
        int domain = domainIndex(lab, ctx.pathParam("domain"));
        ctx.contentType("text/plain; charset=utf-8").result(lab.domains().console(domain).scrollback());
    }

    public void trace(Context ctx) {
        Lab lab = labs.viewHypervisor(auth.require(ctx).user(), ctx.pathParam("id"));
        TraceReport t = lab.domains().trace(kind(ctx), limit(ctx, DEFAULT_TRACE_LIMIT));
        ctx.json(json(lab, t));
    }

    public void pauseTrace(Context ctx) {
        setPaused(ctx, true);
    }

    public void resumeTrace(Context ctx) {
        setPaused(ctx, false);
    }

    private void setPaused(Context ctx, boolean paused) {
        Lab lab = labs.setTracePaused(auth.require(ctx).user(), ctx.pathParam("id"), paused);
        TraceReport t = lab.domains().trace(null, 0);
        ctx.json(Map.of("paused", t.paused(), "recorded", t.recorded()));
    }

    /**
     * {@code POST /api/labs/{id}/domains/{n}/{command}}: pause, resume or destroy domain n (the
     * owner only). Answers the domain as {@link #domains} shows it once the machine thread has run
     * the command (normally within a slice); 202 {@code {"pending": true}} if that takes longer
     * than {@link #COMMAND_WAIT_MILLIS}; 409 when the lab is not running or the domain is off.
     */
    public void domainCommand(Context ctx) {
        var user = auth.require(ctx).user();
        DomainCommand c = DomainCommand.of(ctx.pathParam("command"));
        Lab lab = labs.ownHypervisor(user, ctx.pathParam("id"));
        int domain = domainIndex(lab, ctx.pathParam("domain"));
        if (c == null) throw new ApiError(404, "unknown_command",
                "no domain command '" + ctx.pathParam("command") + "'; commands: pause, resume, destroy");
        CompletableFuture<DomainCommand.Result> f = lab.command(domain, c);
        if (f == null) {
            Lab.State s = lab.status().state();
            if (s == Lab.State.PAUSED) throw new ApiError(409, "lab_paused", "the lab is paused; resume it first");
            if (s == Lab.State.RUNNING) throw new ApiError(409, "booting", "the lab is still booting; try again in a moment");
            throw new ApiError(409, "not_running", "the lab is not running; start it");
        }
        DomainCommand.Result r;
        try {
            r = f.get(COMMAND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            ctx.status(202).json(Map.of("pending", true, "command", c.id(), "domain", domain,
                    "message", "the command is queued for the next slice of the lab; read GET /api/labs/{id}/domains"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "the server is stopping");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (r.refused()) throw new ApiError(409, r.code(), r.message());
        LOG.atInfo().addKeyValue("lab", lab.record().id()).addKeyValue("user", user.id())
                .log("domain {} {}: now {}", r.report().name(), c.id(), r.report().state());
        ctx.json(json(lab, r.report()));
    }

    /** The domain a path names ("0", "1", ...); 404 {@code no_domain} when the lab has no such domain. */
    static int domainIndex(Lab lab, String param) {
        int n = lab.domains().count();
        try {
            int i = Integer.parseInt(param);
            if (i >= 0 && i < n) return i;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(404, "no_domain", "lab '" + lab.record().id() + "' has no domain '" + param + "'"
                + (n == 0 ? "; it runs the bare stack" : "; its domains are 0.." + (n - 1)));
    }

    /** The {@code kind} filter: null for every kind; 400 {@code bad_kind} for anything but a lower-case word. */
    static String kind(Context ctx) {
        String k = ctx.queryParam("kind");
        if (k == null || k.isEmpty() || k.equals("all")) return null;
        if (!k.matches("[a-z_]{1,32}"))
            throw new ApiError(400, "bad_kind", "kind must be one of " + String.join(", ", TraceReport.KINDS) + " (or all)");
        return k;
    }

    /** The {@code limit} parameter, 1..4096; 400 {@code bad_limit} otherwise. */
    static int limit(Context ctx, int otherwise) {
        String l = ctx.queryParam("limit");
        if (l == null || l.isEmpty()) return otherwise;
        try {
            int n = Integer.parseInt(l);
            if (n >= 1 && n <= 4096) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ApiError(400, "bad_limit", "limit must be a number from 1 to 4096");
    }

    static Map<String, Object> json(Lab lab, DomainReport r) {
        String base = "/api/labs/" + lab.record().id() + "/domains/" + r.id();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("name", r.name());
        m.put("technique", r.technique());
        m.put("state", r.state());
        if (r.state().equals("off")) m.put("exitCode", r.exitCode());
        m.put("vcpus", r.vcpus());
        m.put("guestInstructions", r.guestInstructions());
        m.put("modeledCycles", r.modeledCycles());
        m.put("totals", r.totals());
        m.put("mmio", r.mmio());
        m.put("counters", r.counters());
        m.put("console", base + "/console");
        m.put("output", base + "/output");
        return m;
    }

    static Map<String, Object> json(Lab lab, TraceReport t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paused", t.paused());
        m.put("recorded", t.recorded());
        m.put("capacity", t.capacity());
        m.put("kinds", TraceReport.KINDS);
        List<Map<String, Object>> events = t.events().stream().map(e -> json(lab, e)).toList();
        m.put("events", events);
        return m;
    }

    static Map<String, Object> json(Lab lab, TraceEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", e.seq());
        m.put("mtime", e.mtime());
        m.put("seconds", seconds(e.mtime()));
        m.put("domain", e.domain());
        m.put("domainName", domainName(lab, e.domain()));
        m.put("vcpu", e.vcpu());
        m.put("pc", "0x" + Long.toHexString(e.pc()));
        m.put("instruction", e.instruction());
        m.put("kind", e.kind());
        m.put("action", e.action());
        return m;
    }

    /** Machine time in seconds (10 MHz ticks, docs/board.md). */
    static double seconds(long mtime) {
        return mtime / (double) VirtMemoryMap.TIMEBASE_HZ;
    }

    static String domainName(Lab lab, int id) {
        return id >= 0 && id < lab.domains().count() ? lab.domains().name(id) : "domain" + id;
    }
}
