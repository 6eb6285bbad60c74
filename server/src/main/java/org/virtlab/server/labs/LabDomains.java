package org.virtlab.server.labs;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainConsoles;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.TraceEvent;
import org.virtlab.server.console.ConsoleHub;

/**
 * A hypervisor lab's domains as the server shows them (docs/hypervisor.md): one console per
 * domain (its own scroll-back ring, viewers and keyboard input), the domains' live counters and
 * the hypervisor's event trace. A bare lab has none ({@link #count} is 0).
 *
 * <p>Threads: {@link #attach}, {@link #afterSlice}, {@link #flush}, {@link #withOpenLine},
 * {@link #replaceScreens} and {@link #detach} run on the machine thread (the runner thread
 * running the lab's slice). Everything else may be called from any thread: it reads the domain
 * list the machine thread published after its last slice, the engine's counters (synchronized)
 * and its trace (synchronized), or — once the machine has stopped — the copies {@link #detach}
 * kept, so a student can still read what a finished run cost without the lab keeping the
 * machine's memory alive.
 */
public final class LabDomains {
    private final List<String> names;
    private final List<ConsoleHub> consoles = new ArrayList<>();
    /** Console output of the running slice, per domain (machine thread). */
    private final List<ByteArrayOutputStream> pending = new ArrayList<>();

    private volatile Hypervisor hypervisor;                     // while a machine runs
    private DomainConsoles combined;                            // the board console's prefixer (machine thread)
    private volatile List<Domain> domains = List.of();          // published after every slice
    private volatile List<DomainReport> lastReports = List.of(); // kept when the machine stops
    private volatile TraceReport lastTrace = new TraceReport(false, 0, 0, List.of());
    private volatile boolean tracePaused;
    /** Domain commands handed to the engine and not yet run: answered "not running" if the machine goes first. */
    private final Set<CompletableFuture<DomainCommand.Result>> pendingCommands = ConcurrentHashMap.newKeySet();

    LabDomains(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            consoles.add(new ConsoleHub());
            pending.add(new ByteArrayOutputStream());
        }
    }

    /** How many domains the lab's preset boots (0 on the bare stack). */
    public int count() {
        return names.size();
    }

    public String name(int id) {
        return names.get(id);
    }

    /** The console of domain {@code id} (0 .. count-1). */
    public ConsoleHub console(int id) {
        return consoles.get(id);
    }

    public List<ConsoleHub> consoles() {
        return List.copyOf(consoles);
    }

    // ---- machine thread ----------------------------------------------------------------------------

    /**
     * Takes over the consoles of a freshly booted board's domains: each domain's output goes to
     * its own console and, as before, to the board's console ({@code boardConsole}, with "[dom1] "
     * line prefixes when there are several domains).
     */
    void attach(VirtBoard board, IntConsumer boardConsole) {
        attach(board, boardConsole, -1);
    }

    /**
     * Takes over the consoles of a restored board's domains, as {@link #attach(VirtBoard, IntConsumer)}
     * does for a booted one (a restore builds the domains again, with the board's own consoles, so
     * this must run after every restore). {@code openLine} is the domain whose line was open on the
     * board's console when the snapshot was taken ({@link #withOpenLine}): it goes on mid-line.
     */
    void attach(VirtBoard board, IntConsumer boardConsole, int openLine) {
        Hypervisor hv = board.hypervisor();
        if (hv == null) return;
        DomainConsoles combined = new DomainConsoles(boardConsole, names.size() > 1, openLine);
        this.combined = combined;
        for (Domain d : hv.domains()) {
            if (d.id() >= names.size()) continue;
            ByteArrayOutputStream mine = pending.get(d.id());
            IntConsumer shared = combined.forDomain(d.id(), d.name());
            d.setConsole(b -> {
                mine.write(b);
                shared.accept(b);
            });
        }
        hv.trace().setPaused(tracePaused);
        dropPendingCommands();
        hypervisor = hv;
        domains = hv.domains();
    }

    /** After a slice: brings the retired-instruction counts up to date, publishes the domains, flushes output. */
    void afterSlice() {
        Hypervisor hv = hypervisor;
        if (hv != null) {
            hv.sync();
            domains = hv.domains();          // a rebooted domain is a new object
        }
        flush();
    }

    /** Publishes every domain's pending console output to its console. */
    void flush() {
        for (int i = 0; i < pending.size(); i++) {
            ByteArrayOutputStream out = pending.get(i);
            if (out.size() == 0) continue;
            byte[] data = out.toByteArray();
            out.reset();
            consoles.get(i).publish(data);
        }
    }

    /**
     * {@code saved} (just taken from the running board) with the board console's open line as the
     * lab's consoles have it: {@link #attach} replaced the domains' consoles, so the board itself
     * no longer knows which domain's line is open. Unchanged on the bare stack.
     */
    BoardSnapshot withOpenLine(BoardSnapshot saved) {
        if (saved.hypervisor() == null || combined == null) return saved;
        return new BoardSnapshot(saved.config(), saved.machine(), saved.clint(), saved.plic(), saved.uart(), saved.rtc(),
                saved.virtio(), saved.blk(), saved.rng(), saved.virtioConsole(), saved.disk(), saved.diskBase(),
                saved.hypervisor().withConsoleLine(combined.openLine()));
    }

    /** Every domain console's scroll-back, by domain id (flush first). */
    List<byte[]> screens() {
        List<byte[]> out = new ArrayList<>();
        for (ConsoleHub c : consoles) out.add(c.scrollback());
        return out;
    }

    /**
     * After a restore: each domain console shows its saved screen, or starts blank when none was
     * saved (an uploaded snapshot), rather than the screen of the state that was left.
     */
    void replaceScreens(List<byte[]> saved) {
        for (int i = 0; i < consoles.size(); i++) consoles.get(i).replace(i < saved.size() ? saved.get(i) : new byte[0]);
    }

    /** The machine stopped: keep copies of the last counters and trace, let the machine go. */
    void detach() {
        if (hypervisor == null) return;
        flush();
        lastReports = reports();
        lastTrace = trace(null, Integer.MAX_VALUE);
        hypervisor = null;
        combined = null;
        domains = List.of();
        dropPendingCommands();
    }

    private void dropPendingCommands() {
        for (CompletableFuture<DomainCommand.Result> f : List.copyOf(pendingCommands))
            f.complete(DomainCommand.Result.refused("not_running", "the machine stopped or rebooted before the command ran"));
    }

    // ---- any thread -----------------------------------------------------------------------------------

    /** Whether a machine runs now (else the reports are those of the last run, or none). */
    public boolean live() {
        return hypervisor != null;
    }

    /** Counters of every domain: live while the machine runs, else as the last run left them. */
    public List<DomainReport> reports() {
        Hypervisor hv = hypervisor;
        if (hv == null) return lastReports;
        List<DomainReport> out = new ArrayList<>();
        for (Domain d : domains) out.add(DomainReport.of(d, hv.costModel()));
        return out;
    }

    /**
     * The last {@code limit} events of the trace, oldest first; {@code kind} null for every kind.
     */
    public TraceReport trace(String kind, int limit) {
        Hypervisor hv = hypervisor;
        if (hv == null) {
            TraceReport t = lastTrace;
            return TraceReport.of(tracePaused, t.recorded(), t.capacity(), t.events(), kind, limit);
        }
        var trace = hv.trace();
        List<TraceEvent> events = trace.events(kind);
        return TraceReport.of(trace.paused(), trace.recorded(), trace.capacity(), events, null, limit);
    }

    /**
     * Hands a command for domain {@code id} to the machine thread ({@code Hypervisor.submit}); the
     * future completes once it ran. Null when no machine runs. The caller wakes the lab, so that
     * a lab waiting for input takes a slice and runs the command.
     */
    CompletableFuture<DomainCommand.Result> submit(int id, DomainCommand command) {
        Hypervisor hv = hypervisor;
        if (hv == null) return null;
        CompletableFuture<DomainCommand.Result> f = new CompletableFuture<>();
        pendingCommands.add(f);
        f.whenComplete((r, e) -> pendingCommands.remove(f));
        hv.submit(() -> {
            try {
                f.complete(command.apply(hv, id));
            } catch (RuntimeException e) {
                // never into the machine's run loop: a failed command is the user's answer, not the lab's failure
                f.complete(DomainCommand.Result.refused("command_failed", command.id() + " failed: " + e.getMessage()));
            }
        });
        return f;
    }

    /** Pauses or resumes recording (the engine's flag is volatile: safe from any thread); kept across reboots. */
    public void setTracePaused(boolean paused) {
        tracePaused = paused;
        Hypervisor hv = hypervisor;
        if (hv != null) hv.trace().setPaused(paused);
    }

    public boolean tracePaused() {
        return tracePaused;
    }
}
