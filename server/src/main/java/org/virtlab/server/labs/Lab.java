package org.virtlab.server.labs;

import static org.virtlab.engine.board.VirtMemoryMap.NANOS_PER_TICK;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.hypervisor.HypervisorSnapshot;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.runner.RunnerPool;
import org.virtlab.server.runner.Task;

/**
 * A lab's running side: one engine board, run in slices by the {@link RunnerPool} (the lab owns
 * no thread), its console hub, and the commands the server sends it. A hypervisor lab also has a
 * console per domain, and the domains' counters and event trace ({@link LabDomains}).
 *
 * <p>Commands (start, stop, pause, resume, reset, input) are recorded by any thread and take
 * effect at the next slice boundary (STYLE.md rule 8): the server never reaches into a running
 * hart.
 *
 * <p>Time: pacing as in {@code BoardRunner} — guest time follows wall time. A guest ahead of
 * wall time, or whose harts all wait for a timer, sleeps in the pool (no thread, no CPU); one
 * waiting for input parks until input arrives.
 *
 * <p>Snapshots and forks: {@link #requestSnapshot} saves the board at the next slice boundary;
 * a lab with a {@link #origin() snapshot origin} restores it instead of booting (on start, reset
 * and guest reboot). Who may type is the lab's {@link #keyboard()}.
 * <p>Snapshots (docs/snapshots.md, "Server"): {@link #requestSnapshot} is served at the next
 * slice boundary on the machine thread, which only captures the board (copy-on-write, no I/O)
 * and hands the {@link LabSnapshot} to the caller's thread, which encodes and writes it.
 * {@link #restore} and {@link #start(LabSnapshot)} build the board from a snapshot at the next
 * slice boundary, through {@code VirtBoard.restore}.
 */
public final class Lab implements Task {
    /** {@code SUSPENDED}: stopped, with a resume point to continue from ({@link ResumePoints}). */
    public enum State { STOPPED, RUNNING, PAUSED, POWERED_OFF, FAILED, SUSPENDED }

    /** Instructions per slice: a few milliseconds of host time. */
    static final long SLICE_INSTRUCTIONS = 200_000;
    /** Pending keyboard input kept while the guest's UART is full. */
    static final int MAX_PENDING_INPUT = 16 * 1024;
    /** {@link #input(int, byte[])}'s target for the board's console rather than one domain's. */
    public static final int BOARD_CONSOLE = -1;
    private static final long NONE = -1;
    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

    private final LabRecord record;
    private final Preset preset;
    private final RunnerPool pool;
    private final ConsoleHub console = new ConsoleHub();
    private final LabDomains domains;
    private final Keyboard keyboard;
    private volatile SnapshotOrigin origin;    // null: boot the preset

    // Machine-thread state (only the runner thread running this lab's slice touches these).
    private VirtBoard board;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private long paceMtime;
    private long paceWall;
    private long waitedFor = NONE;

    // Shared state, guarded by this.
    private State state = State.STOPPED;
    private boolean scheduled;                 // a task is in the pool (slice will run)
    private boolean stopRequested;
    private boolean resetRequested;
    private boolean paused;
    private final PendingInput input = new PendingInput(MAX_PENDING_INPUT);
    /** The preset's command, typed into each domain at its first prompt after a start. */
    private Autorun autorun = Autorun.NONE;
    private String failure;
    private long startedAtMillis;
    private LabSnapshot pendingRestore;        // continue from this at the next slice boundary
    private CompletableFuture<LabSnapshot> pendingCapture;   // take a snapshot at the next slice boundary
    private boolean stopAfterCapture;
    private boolean suspended;                 // stopped with a resume point

    private volatile long instructions;
    /** The current machine's translated blocks, the instructions run in them, and all it ran (docs/translator.md). */
    private volatile long blocksTranslated, translatedInstructions, machineInstructions;
    private volatile Machine machine;          // for stop requests that cut a slice short

    Lab(LabRecord record, Preset preset, RunnerPool pool) {
        this.record = record;
        this.preset = preset;
        this.pool = pool;
        this.domains = new LabDomains(preset.domainNames());
        this.keyboard = new Keyboard(record.ownerId());
    }

    /** Who may type into the lab's consoles (the owner, unless the keyboard is lent). */
    public Keyboard keyboard() {
        return keyboard;
    }

    /** The snapshot this lab restores instead of booting, or null. */
    public SnapshotOrigin origin() {
        return origin;
    }

    /** Makes the lab a fork of {@code from}: its next start or reset restores it (null: boot the preset again). */
    public void setOrigin(SnapshotOrigin from) {
        origin = from;
    }

    /**
     * Saves the board, with its console screen, at the next slice boundary (also while the lab
     * is paused or waiting for input). The future fails with an {@link IllegalStateException}
     * saying why when the lab is not running, stops first, or cannot be saved.
     */
    public CompletableFuture<SnapshotOrigin> requestSnapshot() {
        return requestSnapshot(false).thenApply(taken -> new SnapshotOrigin(taken.board(), taken.scrollback(), taken.domainScreens()));
    }

    public Preset preset() {
        return preset;
    }

    public LabRecord record() {
        return record;
    }

    /** The board's console (under the hypervisor: every domain's output, "[dom1] " prefixed when there are several). */
    public ConsoleHub console() {
        return console;
    }

    /** The hypervisor's domains: their consoles, counters and trace (none on the bare stack). */
    public LabDomains domains() {
        return domains;
    }

    /** Every console of the lab: the board's, then each domain's. */
    public List<ConsoleHub> consoles() {
        List<ConsoleHub> all = new ArrayList<>();
        all.add(console);
        all.addAll(domains.consoles());
        return all;
    }

    @Override
    public String fairnessKey() {
        return fairnessKey(record.ownerId());
    }

    /** The runner pool shares its threads between users: a lab's key is its owner's id. */
    public static String fairnessKey(long ownerId) {
        return Long.toString(ownerId);
    }

    /** A consistent view for pages and the API. */
    /**
     * @param blocksTranslated       blocks of the running machine's guest code translated to JVM bytecode
     * @param translatedInstructions instructions the running machine attempted inside them
     * @param machineInstructions    instructions the running machine retired (a guest reset starts it again)
     */
    public record Status(State state, long instructions, long uptimeMillis, String failure,
                         long blocksTranslated, long translatedInstructions, long machineInstructions) { }

    public synchronized Status status() {
        long up = (state == State.RUNNING || state == State.PAUSED) ? System.currentTimeMillis() - startedAtMillis : 0;
        State shown = suspended && state != State.RUNNING && state != State.PAUSED ? State.SUSPENDED : state;
        return new Status(shown, instructions, up, failure, blocksTranslated, translatedInstructions, machineInstructions);
    }

    public synchronized boolean isActive() {
        return state == State.RUNNING || state == State.PAUSED || scheduled;
    }

    /** Boots a fresh machine. Returns false when the lab is already running (or still stopping). */
    public synchronized boolean start() {
        return start(null);
    }

    /**
     * Starts the lab from a snapshot (null: boots a fresh machine): its first slice restores the
     * board and the console's scroll-back. Returns false when the lab is already running.
     */
    public synchronized boolean start(LabSnapshot from) {
        if (scheduled) return false;
        state = State.RUNNING;
        stopRequested = false;
        resetRequested = from == null;          // the first slice boots, or restores
        pendingRestore = from;
        suspended = false;
        paused = false;
        failure = null;
        input.clear();
        autorun = from == null && origin == null ? new Autorun(preset) : Autorun.NONE;   // a saved state already ran it
        instructions = 0;
        blocksTranslated = translatedInstructions = machineInstructions = 0;
        startedAtMillis = System.currentTimeMillis();
        scheduled = true;
        pool.submit(this);
        return true;
    }

    /** Stops and discards the machine at the next slice boundary. */
    public void stop() {
        command(() -> stopRequested = true);
    }

    public void reset() {
        command(() -> resetRequested = true);
    }

    /**
     * Continues from {@code from} at the next slice boundary (a paused lab stays paused). Returns
     * false when the lab is not running: {@link #start(LabSnapshot)} it instead.
     */
    public boolean restore(LabSnapshot from) {
        synchronized (this) {
            if (!scheduled || stopRequested) return false;
            pendingRestore = from;
            resetRequested = false;
            autorun = Autorun.NONE;
            cutSlice();
        }
        pool.wake(this);
        return true;
    }

    /**
     * Asks for a snapshot at the next slice boundary, also while paused or waiting for input.
     * The future completes on the machine thread with the snapshot, or exceptionally with an
     * {@link IllegalStateException} saying why none could be taken (not running, a guest reset
     * pending, the machine stopped first). With {@code thenStop} the lab stops right after a
     * successful capture, in the same slice, so nothing runs after the saved state (suspend,
     * shutdown). A request made while another waits shares its snapshot.
     */
    public CompletableFuture<LabSnapshot> requestSnapshot(boolean thenStop) {
        CompletableFuture<LabSnapshot> request;
        synchronized (this) {
            if (!scheduled || stopRequested)
                return CompletableFuture.failedFuture(new IllegalStateException("the lab is not running; start it first"));
            if (pendingCapture == null) pendingCapture = new CompletableFuture<>();
            request = pendingCapture;
            stopAfterCapture |= thenStop;
            cutSlice();
        }
        pool.wake(this);
        return request;
    }

    /** Marks the lab as stopped with a resume point (or not); set by the snapshot service. */
    public synchronized void markSuspended(boolean on) {
        suspended = on;
    }

    public synchronized void pause() {
        if (state != State.RUNNING) return;
        paused = true;
        state = State.PAUSED;
        cutSlice();
    }

    public void resume() {
        synchronized (this) {
            if (state != State.PAUSED) return;
            paused = false;
            state = State.RUNNING;
        }
        pool.wake(this);
    }

    private void command(Runnable r) {
        synchronized (this) {
            if (!scheduled) return;
            r.run();
            cutSlice();
        }
        pool.wake(this);
    }

    private void cutSlice() {
        Machine m = machine;
        if (m != null) m.requestStop();
    }

    /**
     * Keyboard input for the guest, delivered at the next slice boundary. Returns false when it
     * was dropped (lab not running, or too much input pending).
     */
    public boolean input(byte[] data) {
        return input(BOARD_CONSOLE, data);
    }

    /** Keyboard input for one hypervisor domain's console (see {@link #input(byte[])}). */
    public boolean input(int domain, byte[] data) {
        if (domain != BOARD_CONSOLE && (domain < 0 || domain >= domains.count())) return false;
        synchronized (this) {
            if (state != State.RUNNING || !input.add(domain, data)) return false;
        }
        pool.wake(this);
        return true;
    }

    /**
     * Pauses, resumes or destroys one hypervisor domain at the next slice boundary. Returns the
     * command's future, or null when the lab's machine is not running (stopped, paused, booting).
     */
    public java.util.concurrent.CompletableFuture<DomainCommand.Result> command(int domain, DomainCommand c) {
        synchronized (this) {
            if (state != State.RUNNING) return null;
        }
        var f = domains.submit(domain, c);
        if (f != null) pool.wake(this);
        return f;
    }

    @Override
    public Next slice() {
        try {
            return runSlice();
        } catch (RuntimeException | Error e) {
            flushOutput();
            announce("the machine failed: " + e);
            LOG.atWarn().addKeyValue("lab", record.id()).addKeyValue("user", record.ownerId()).setCause(e).log("the machine failed");
            synchronized (this) {
                state = State.FAILED;
                failure = String.valueOf(e);
                scheduled = false;
                failCapture("the machine failed: " + e);
            }
            board = null;
            machine = null;
            try {
                domains.detach();
            } catch (RuntimeException | Error ignored) {
                // the counters of a failed machine are lost; the failure is what the user needs
            }
            return DONE;
        }
    }

    private Next runSlice() {
        boolean reboot;
        LabSnapshot restoreFrom;
        CompletableFuture<LabSnapshot> capture;
        synchronized (this) {
            if (stopRequested) return stopped("the lab stopped before the snapshot was taken");
            reboot = resetRequested;
            resetRequested = false;
            restoreFrom = pendingRestore;
            pendingRestore = null;
            capture = pendingCapture;
            if (paused && restoreFrom == null && capture == null) return PARK;
        }
        if (restoreFrom != null) restoreBoard(restoreFrom);
        else if (reboot || board.resetRequested()) boot();
        if (capture != null && capture()) return DONE;
        synchronized (this) {
            if (paused) return PARK;
        }
        Machine m = board.machine();
        boolean fed = feedInput();
        if (waitedFor != NONE) {
            m.advanceTimeTo(Math.min(waitedFor, wallMtime()));
            waitedFor = NONE;
        }
        RunResult r = m.run(SLICE_INSTRUCTIONS);
        instructions += r.instructions();
        countTranslation(m);
        domains.afterSlice();
        flushOutput();
        autorun.afterSlice(this);
        switch (r.reason()) {
            case POWER_OFF -> {
                announce("the guest powered off (status " + r.exitCode() + ")");
                LOG.atInfo().addKeyValue("lab", record.id()).addKeyValue("user", record.ownerId())
                        .log("the guest powered off (status {})", r.exitCode());
                synchronized (this) {
                    state = State.POWERED_OFF;
                    scheduled = false;
                    failCapture("the guest powered off");
                }
                board = null;
                machine = null;
                domains.detach();
                return DONE;
            }
            case WAITING -> {
                // Input that a full UART could not take waits for the guest to read; new input wakes the lab.
                if (fed) return AGAIN;
                long deadline = r.nextDeadline();
                long wall = wallMtime();
                if (deadline != Long.MAX_VALUE && deadline <= wall) {
                    m.advanceTimeTo(deadline);
                    return AGAIN;
                }
                waitedFor = deadline;
                if (deadline == Long.MAX_VALUE) return PARK;
                return new SleepUntil(System.nanoTime() + (deadline - wall) * NANOS_PER_TICK);
            }
            default -> {
                long aheadNanos = (m.time() - wallMtime()) * NANOS_PER_TICK;
                if (aheadNanos > 1_000_000) return new SleepUntil(System.nanoTime() + aheadNanos);
                if (aheadNanos < -250_000_000) startPacing(m);     // starved by a busy pool: do not burst to catch up
                return AGAIN;
            }
        }
    }

    /** The stop at a slice boundary: the machine is let go. Called holding this. */
    private Next stopped(String captureFailure) {
        state = State.STOPPED;
        scheduled = false;
        board = null;
        machine = null;
        domains.detach();
        failCapture(captureFailure);
        return DONE;
    }

    /** Called holding this. */
    private void failCapture(String why) {
        if (pendingCapture == null) return;
        pendingCapture.completeExceptionally(new IllegalStateException(why));
        pendingCapture = null;
        stopAfterCapture = false;
    }

    /**
     * Serves a snapshot request on the machine thread: captures the board (copy-on-write, no
     * I/O) and the scroll-back, and stops the lab when asked to. Returns true when it stopped.
     */
    private boolean capture() {
        flushOutput();
        LabSnapshot taken = null;
        RuntimeException failure = null;
        try {
            taken = new LabSnapshot(domains.withOpenLine(board.save()), console.scrollback(), null, domains.screens());
        } catch (RuntimeException e) {
            failure = e;          // a pending reset: the lab goes on
        }
        CompletableFuture<LabSnapshot> done;
        boolean stop;
        synchronized (this) {
            done = pendingCapture;
            stop = stopAfterCapture && taken != null;
            pendingCapture = null;
            stopAfterCapture = false;
            if (stop) stopped(null);
        }
        if (failure != null) done.completeExceptionally(failure);
        else done.complete(taken);
        return stop;
    }

    /**
     * Builds the board from a snapshot (the same wiring as boot) and puts its scroll-back on the
     * console. Under the hypervisor the domains are built again with the board's consoles, so they
     * are attached to the lab's domain consoles again, which show their saved screens.
     */
    private void restoreBoard(LabSnapshot from) {
        output.reset();
        board = VirtBoard.restore(from.board(), b -> output.write(b));
        HypervisorSnapshot hv = from.board().hypervisor();
        domains.attach(board, b -> output.write(b), hv == null ? -1 : hv.consoleLine());
        machine = board.machine();
        waitedFor = NONE;
        startPacing(machine);
        console.replace(from.scrollback());
        if (hv != null) domains.replaceScreens(from.domainScreens());
        if (from.description() != null) announce("restored " + from.description());
    }

    private void boot() {
        SnapshotOrigin from = origin;
        if (from != null) {             // a fork: its boot and every reset go back to the handed-out state
            restoreBoard(new LabSnapshot(from.snapshot(), from.screen(), null, from.domainScreens()));
            return;
        }
        BoardConfig config = preset.boardConfig();
        board = VirtBoard.boot(config, b -> output.write(b));
        domains.attach(board, b -> output.write(b));
        machine = board.machine();
        waitedFor = NONE;
        startPacing(machine);
    }

    /** Publishes the machine's translation counters for {@link #status} (runner thread, after a slice). */
    private void countTranslation(Machine m) {
        long blocks = 0, translated = 0, all = 0;
        for (int h = 0; h < m.hartCount(); h++) {
            blocks += m.hart(h).counters().blocksTranslated;
            translated += m.hart(h).counters().translatedInstructions;
            all += m.hart(h).retired();
        }
        blocksTranslated = blocks;
        translatedInstructions = translated;
        machineInstructions = all;
    }

    private boolean feedInput() {
        VirtBoard b = board;
        synchronized (this) {
            return input.feed((target, data, off, len) -> target == BOARD_CONSOLE
                    ? b.receive(data, off, len)
                    : b.hypervisor() == null ? len : b.hypervisor().receive(target, data, off, len));
        }
    }

    private void flushOutput() {
        domains.flush();
        if (output.size() == 0) return;
        byte[] data = output.toByteArray();
        output.reset();
        console.publish(data);
    }

    /** A line from VirtLab itself on every console of the lab. */
    private void announce(String what) {
        byte[] line = ("\r\n[virtlab: " + what + "]\r\n").getBytes(StandardCharsets.UTF_8);
        for (ConsoleHub hub : consoles()) hub.publish(line);
    }

    private void startPacing(Machine m) {
        paceMtime = m.time();
        paceWall = System.nanoTime();
    }

    private long wallMtime() {
        return paceMtime + (System.nanoTime() - paceWall) / NANOS_PER_TICK;
    }
}
