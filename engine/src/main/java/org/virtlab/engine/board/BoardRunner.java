package org.virtlab.engine.board;

import static org.virtlab.engine.board.VirtMemoryMap.NANOS_PER_TICK;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.RunResult;

/**
 * Runs a {@code virt} board until the guest powers off, a budget of instructions is spent, or
 * someone stops it; owns the board across guest-requested resets (it builds a fresh one from
 * the same {@link BoardConfig}).
 *
 * <p>Time (shared/DESIGN.md section 5): by default guest time comes from retired instructions
 * and, when every hart waits, jumps to the next timer deadline — the run is deterministic.
 * With {@link BoardConfig#pacing()} the runner instead sleeps in wall time until the deadline,
 * and while the guest runs it keeps guest time from running ahead of wall time.
 *
 * <p>Threads: {@link #run} on one thread (the machine thread); {@link #receive},
 * {@link #closeInput}, {@link #requestStop} and {@link #requestSnapshot} from any thread.
 * A snapshot is taken by the machine thread at the next slice boundary, never by the thread
 * that asks for it.
 */
public final class BoardRunner {

    /** Why {@link #run} returned. */
    public enum Stop {
        /** The guest powered off; {@link Outcome#exitCode()} is its status. */
        POWER_OFF,
        /** The instruction budget is spent. */
        BUDGET,
        /** {@link #requestStop} was called. */
        STOPPED,
        /** Every hart waits for an interrupt that nothing can raise (no timer, input closed). */
        DEADLOCK
    }

    /**
     * @param stop         why the run ended
     * @param exitCode     with {@link Stop#POWER_OFF}, the guest's status
     * @param instructions instructions retired over all harts and boards
     * @param resets       how many times the guest reset the board
     */
    public record Outcome(Stop stop, int exitCode, long instructions, int resets) { }

    /** Instructions per {@link Machine#run} call: about 10 ms of guest time at 100 MIPS. */
    private static final long CHUNK = 1_000_000;
    private static final long PACED_CHUNK = 100_000;
    private static final long IDLE_POLL_MS = 5;

    private final BoardConfig config;
    private final IntConsumer console;
    private final Tracer tracer;
    private Runnable afterChunk = () -> { };
    private volatile VirtBoard board;
    private volatile boolean stopRequested;
    private volatile boolean inputOpen = true;
    private final Object inputSignal = new Object();
    /** Where the next snapshot goes, taken at the next slice boundary; null while none is asked for. */
    private volatile Consumer<SnapshotResult> snapshotRequest;
    /** Counts {@link #receive} calls, so an idle wait can tell new input from old; guarded by inputSignal. */
    private long inputGeneration;
    private int resets;

    /** Pacing origin: a machine time and the wall time that corresponds to it. */
    private long paceMtime;
    private long paceWall;

    /**
     * Boots a board ({@link VirtBoard#boot}, with its exceptions).
     *
     * @param console receives the guest's console output
     * @param tracer  a tracer for {@code --trace}, or null (no cost)
     */
    public BoardRunner(BoardConfig config, IntConsumer console, Tracer tracer) {
        // Traced, every hart takes one-instruction turns so that the trace interleaves them.
        this.config = tracer == null ? config : config.toBuilder().sliceInstructions(1).build();
        this.console = console;
        this.tracer = tracer;
        this.board = VirtBoard.boot(this.config, console);
    }

    /**
     * Continues a saved board ({@link VirtBoard#restore}, with its exceptions): the guest goes on
     * exactly where it was when the snapshot was taken. A guest reset afterwards boots a fresh
     * board from the snapshot's configuration, as the original would have.
     */
    public BoardRunner(BoardSnapshot snapshot, IntConsumer console, Tracer tracer) {
        if (tracer != null) {
            snapshot = snapshot.withConfig(snapshot.config().toBuilder().sliceInstructions(1).build());
        }
        this.board = VirtBoard.restore(snapshot, console);
        this.config = board.config();          // with the restored disk: a guest reset keeps what it wrote
        this.console = console;
        this.tracer = tracer;
    }

    /** A snapshot taken for {@link #requestSnapshot}: the board's state, or why it could not be taken. */
    public record SnapshotResult(BoardSnapshot snapshot, RuntimeException failure) { }

    /**
     * Asks the machine thread to save the board at its next slice boundary and hand the result
     * to {@code whenTaken} (on the machine thread). Thread-safe; a second request before the
     * first is served replaces it. A board that has powered off is never saved.
     */
    public void requestSnapshot(Consumer<SnapshotResult> whenTaken) {
        snapshotRequest = whenTaken;
        board.machine().requestStop();
        wake();
    }

    private void takeRequestedSnapshot() {
        Consumer<SnapshotResult> request = snapshotRequest;
        if (request == null || board.resetRequested()) return;
        snapshotRequest = null;
        SnapshotResult result;
        try {
            result = new SnapshotResult(board.save(), null);
        } catch (RuntimeException e) {
            result = new SnapshotResult(null, e);
        }
        request.accept(result);
    }

    /** Called on the machine thread after every stretch of guest execution (flush output here). */
    public void afterChunk(Runnable hook) {
        this.afterChunk = hook;
    }

    public VirtBoard board() {
        return board;
    }

    /** Console input for the guest; thread-safe. Returns how many bytes fit in the UART's queue. */
    public int receive(byte[] data, int off, int len) {
        int n = board.receive(data, off, len);
        synchronized (inputSignal) {
            inputGeneration++;
            inputSignal.notifyAll();
        }
        return n;
    }

    /** No more input will come (stdin ended): a guest that can only wait for input is then deadlocked. */
    public void closeInput() {
        inputOpen = false;
        wake();
    }

    /** Makes {@link #run} return {@link Stop#STOPPED} soon; thread-safe. */
    public void requestStop() {
        stopRequested = true;
        board.machine().requestStop();
        wake();
    }

    private void wake() {
        synchronized (inputSignal) {
            inputSignal.notifyAll();
        }
    }

    /** Runs until power-off, {@code budget} instructions (summed over harts and resets), or a stop. */
    public Outcome run(long budget) throws InterruptedException {
        long done = 0;
        startPacing();
        while (true) {
            takeRequestedSnapshot();                 // between Machine.run calls: a slice boundary
            if (stopRequested) return new Outcome(Stop.STOPPED, 0, done, resets);
            Machine machine = board.machine();
            long generation;
            synchronized (inputSignal) {
                generation = inputGeneration;
            }
            long chunk = Math.min(budget - done, config.pacing() ? PACED_CHUNK : CHUNK);
            RunResult r = tracer != null ? traceStep(machine) : machine.run(chunk);
            done += r.instructions();
            afterChunk.run();
            switch (r.reason()) {
                case POWER_OFF:
                    return new Outcome(Stop.POWER_OFF, r.exitCode(), done, resets);
                case STOP_REQUESTED:
                    if (board.resetRequested()) {
                        reboot();
                        break;
                    }
                    if (stopRequested) {
                        takeRequestedSnapshot();
                        return new Outcome(Stop.STOPPED, 0, done, resets);
                    }
                    break;
                case WAITING:
                    if (!idle(machine, r.nextDeadline(), generation)) {
                        takeRequestedSnapshot();         // asked for just before input ended: still honoured
                        return new Outcome(Stop.DEADLOCK, 0, done, resets);
                    }
                    break;
                default:
                    if (config.pacing()) throttle(machine);
                    break;
            }
            if (done >= budget) return new Outcome(Stop.BUDGET, 0, done, resets);
        }
    }

    private RunResult traceStep(Machine machine) {
        tracer.before(machine);
        RunResult r = machine.run(machine.hartCount());         // one instruction per hart
        tracer.after(machine);
        return r;
    }

    /** A guest reset: a fresh board from the same configuration and console. */
    private void reboot() {
        resets++;
        if (tracer != null) tracer.note("guest reset: booting a fresh board");
        board = VirtBoard.boot(config, console);
        if (stopRequested) board.machine().requestStop();
        startPacing();
    }

    /**
     * Every hart waits. Deterministic: jump to the deadline. Paced: sleep until the deadline in
     * wall time, or until input arrives. No deadline: wait for input. Returns false when
     * nothing can ever wake the machine.
     */
    private boolean idle(Machine machine, long deadline, long generation) throws InterruptedException {
        if (deadline == Long.MAX_VALUE) {
            synchronized (inputSignal) {
                while (inputGeneration == generation && !stopRequested && snapshotRequest == null) {
                    if (!inputOpen) return false;
                    inputSignal.wait(IDLE_POLL_MS);
                }
            }
            if (config.pacing()) machine.advanceTimeTo(wallMtime());
            return true;
        }
        if (!config.pacing()) {
            machine.advanceTimeTo(deadline);
            return true;
        }
        synchronized (inputSignal) {
            while (inputGeneration == generation && !stopRequested && snapshotRequest == null && wallMtime() < deadline) {
                long sleepMs = (deadline - wallMtime()) * NANOS_PER_TICK / 1_000_000;
                inputSignal.wait(Math.max(1, Math.min(sleepMs, 50)));
            }
        }
        machine.advanceTimeTo(Math.min(deadline, wallMtime()));
        return true;
    }

    /** Paced: sleeps while guest time is ahead of wall time. */
    private void throttle(Machine machine) throws InterruptedException {
        long aheadNanos = (machine.time() - wallMtime()) * NANOS_PER_TICK;
        if (aheadNanos > 1_000_000) Thread.sleep(aheadNanos / 1_000_000, (int) (aheadNanos % 1_000_000));
    }

    private void startPacing() {
        paceMtime = board.machine().time();
        paceWall = System.nanoTime();
    }

    /** The machine time that corresponds to now in wall time. */
    private long wallMtime() {
        return paceMtime + (System.nanoTime() - paceWall) / NANOS_PER_TICK;
    }
}
