package org.virtlab.server.labs;

import static org.virtlab.engine.board.VirtMemoryMap.NANOS_PER_TICK;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.server.console.ConsoleHub;
import org.virtlab.server.runner.RunnerPool;
import org.virtlab.server.runner.Task;

/**
 * A lab's running side: one engine board, run in slices by the {@link RunnerPool} (the lab owns
 * no thread), its console hub, and the commands the server sends it.
 *
 * <p>Commands (start, stop, pause, resume, reset, input) are recorded by any thread and take
 * effect at the next slice boundary (STYLE.md rule 8): the server never reaches into a running
 * hart.
 *
 * <p>Time: pacing as in {@code BoardRunner} — guest time follows wall time. A guest ahead of
 * wall time, or whose harts all wait for a timer, sleeps in the pool (no thread, no CPU); one
 * waiting for input parks until input arrives.
 */
public final class Lab implements Task {
    public enum State { STOPPED, RUNNING, PAUSED, POWERED_OFF, FAILED }

    /** Instructions per slice: a few milliseconds of host time. */
    static final long SLICE_INSTRUCTIONS = 200_000;
    /** Pending keyboard input kept while the guest's UART is full. */
    static final int MAX_PENDING_INPUT = 16 * 1024;
    private static final long NONE = -1;

    private final LabRecord record;
    private final Preset preset;
    private final RunnerPool pool;
    private final ConsoleHub console = new ConsoleHub();

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
    private final ArrayDeque<byte[]> input = new ArrayDeque<>();
    private int inputBytes;
    private String failure;
    private long startedAtMillis;

    private volatile long instructions;
    private volatile Machine machine;          // for stop requests that cut a slice short

    Lab(LabRecord record, Preset preset, RunnerPool pool) {
        this.record = record;
        this.preset = preset;
        this.pool = pool;
    }

    public LabRecord record() {
        return record;
    }

    public ConsoleHub console() {
        return console;
    }

    @Override
    public String fairnessKey() {
        return Long.toString(record.ownerId());
    }

    /** A consistent view for pages and the API. */
    public record Status(State state, long instructions, long uptimeMillis, String failure) { }

    public synchronized Status status() {
        long up = (state == State.RUNNING || state == State.PAUSED) ? System.currentTimeMillis() - startedAtMillis : 0;
        return new Status(state, instructions, up, failure);
    }

    public synchronized boolean isActive() {
        return state == State.RUNNING || state == State.PAUSED || scheduled;
    }

    /** Boots a fresh machine. Returns false when the lab is already running (or still stopping). */
    public synchronized boolean start() {
        if (scheduled) return false;
        state = State.RUNNING;
        stopRequested = false;
        resetRequested = true;                  // the first slice boots
        paused = false;
        failure = null;
        input.clear();
        inputBytes = 0;
        instructions = 0;
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
        synchronized (this) {
            if (state != State.RUNNING || data.length == 0) return false;
            if (inputBytes + data.length > MAX_PENDING_INPUT) return false;
            input.addLast(data.clone());
            inputBytes += data.length;
        }
        pool.wake(this);
        return true;
    }

    @Override
    public Next slice() {
        try {
            return runSlice();
        } catch (RuntimeException | Error e) {
            flushOutput();
            console.publish(("\r\n[virtlab: the machine failed: " + e + "]\r\n").getBytes(StandardCharsets.UTF_8));
            synchronized (this) {
                state = State.FAILED;
                failure = String.valueOf(e);
                scheduled = false;
            }
            board = null;
            machine = null;
            return DONE;
        }
    }

    private Next runSlice() {
        boolean reboot;
        synchronized (this) {
            if (stopRequested) {
                state = State.STOPPED;
                scheduled = false;
                board = null;
                machine = null;
                return DONE;
            }
            reboot = resetRequested;
            resetRequested = false;
            if (paused) return PARK;
        }
        if (reboot || board.resetRequested()) boot();
        Machine m = board.machine();
        boolean fed = feedInput();
        if (waitedFor != NONE) {
            m.advanceTimeTo(Math.min(waitedFor, wallMtime()));
            waitedFor = NONE;
        }
        RunResult r = m.run(SLICE_INSTRUCTIONS);
        instructions += r.instructions();
        flushOutput();
        switch (r.reason()) {
            case POWER_OFF -> {
                console.publish(("\r\n[virtlab: the guest powered off (status " + r.exitCode() + ")]\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                synchronized (this) {
                    state = State.POWERED_OFF;
                    scheduled = false;
                }
                board = null;
                machine = null;
                return DONE;
            }
            case WAITING -> {
                if (fed || hasInput()) return AGAIN;
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

    private void boot() {
        BoardConfig config = preset.boardConfig();
        board = VirtBoard.boot(config, b -> output.write(b));
        machine = board.machine();
        waitedFor = NONE;
        startPacing(machine);
    }

    private boolean feedInput() {
        boolean fed = false;
        synchronized (this) {
            while (!input.isEmpty()) {
                byte[] chunk = input.peekFirst();
                int n = board.receive(chunk, 0, chunk.length);
                if (n > 0) fed = true;
                inputBytes -= n;
                if (n == chunk.length) {
                    input.pollFirst();
                } else {
                    input.pollFirst();
                    input.addFirst(java.util.Arrays.copyOfRange(chunk, n, chunk.length));
                    break;                              // the UART is full: the rest waits for the next slice
                }
            }
        }
        return fed;
    }

    private synchronized boolean hasInput() {
        return !input.isEmpty();
    }

    private void flushOutput() {
        if (output.size() == 0) return;
        byte[] data = output.toByteArray();
        output.reset();
        console.publish(data);
    }

    private void startPacing(Machine m) {
        paceMtime = m.time();
        paceWall = System.nanoTime();
    }

    private long wallMtime() {
        return paceMtime + (System.nanoTime() - paceWall) / NANOS_PER_TICK;
    }
}
