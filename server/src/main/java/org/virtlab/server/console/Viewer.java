package org.virtlab.server.console;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One client watching a console, with real backpressure: at most one frame in flight, a
 * bounded queue behind it. When a slow viewer's queue would overflow, the queue is dropped and
 * the viewer is resynchronised: its next frame is a terminal reset ({@code ESC c}) followed by
 * the whole scroll-back ring. The machine and the other viewers never wait for it.
 *
 * <p>Lock order: the hub's lock, then a viewer's. The viewer never calls into the hub while
 * holding its own lock.
 */
public final class Viewer {
    /** xterm's RIS, "reset to initial state": what precedes every replay of the ring. */
    static final byte[] RESET = {0x1b, 'c'};
    /** Queued frames are coalesced up to this size. */
    static final int MAX_FRAME = 64 * 1024;

    private final ConsoleHub hub;
    private final FrameSink sink;
    private final int maxQueuedBytes;
    private final boolean keyboard;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();   // guarded by this
    private int queuedBytes;                                      // guarded by this
    private boolean inFlight;                                     // guarded by this
    private boolean needsResync = true;                           // guarded by this: the first frame is the replay
    private boolean closed;                                       // guarded by this
    private long resyncs;                                         // guarded by this
    private long framesSent;                                      // guarded by this

    Viewer(ConsoleHub hub, FrameSink sink, int maxQueuedBytes, boolean keyboard) {
        this.hub = hub;
        this.sink = sink;
        this.maxQueuedBytes = maxQueuedBytes;
        this.keyboard = keyboard;
    }

    /** Whether this viewer's keystrokes reach the machine. */
    public boolean hasKeyboard() {
        return keyboard;
    }

    /** Called by the hub (under its lock) with new output. Never blocks. */
    void offer(byte[] frame) {
        synchronized (this) {
            if (closed || needsResync) return;         // the coming replay includes this output
            if (queuedBytes + frame.length > maxQueuedBytes) {
                queue.clear();
                queuedBytes = 0;
                needsResync = true;
                resyncs++;
            } else {
                queue.addLast(frame);
                queuedBytes += frame.length;
            }
        }
        pump();
    }

    /** Called by the hub (under its lock) when the ring was replaced: the next frame replays it. */
    void resync() {
        synchronized (this) {
            if (closed) return;
            queue.clear();
            queuedBytes = 0;
            needsResync = true;
        }
        pump();
    }

    /** Sends the next frame unless one is in flight. Any thread, no locks held by the caller except the hub's. */
    void pump() {
        byte[] next;
        boolean resync;
        synchronized (this) {
            if (closed || inFlight) return;
            resync = needsResync;
            next = resync ? null : drain();
            if (!resync && next == null) return;
            inFlight = true;
        }
        if (resync) next = hub.replayFor(this);          // takes the hub's lock, then clears needsResync under ours
        sink.sendBinary(ByteBuffer.wrap(next), this::sent, this::failed);
    }

    /** Everything queued, coalesced into one frame (at most {@link #MAX_FRAME} bytes), or null. */
    private byte[] drain() {
        if (queue.isEmpty()) return null;
        if (queue.size() == 1 || queue.peekFirst().length >= MAX_FRAME) {
            byte[] f = queue.pollFirst();
            queuedBytes -= f.length;
            return f;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (!queue.isEmpty() && out.size() + queue.peekFirst().length <= MAX_FRAME) {
            byte[] f = queue.pollFirst();
            queuedBytes -= f.length;
            out.write(f, 0, f.length);
        }
        return out.toByteArray();
    }

    /** The replay to send: called by the hub under its lock, so no output slips between ring and queue. */
    synchronized byte[] replay(byte[] ring) {
        needsResync = false;
        queue.clear();
        queuedBytes = 0;
        byte[] frame = new byte[RESET.length + ring.length];
        System.arraycopy(RESET, 0, frame, 0, RESET.length);
        System.arraycopy(ring, 0, frame, RESET.length, ring.length);
        return frame;
    }

    private void sent() {
        synchronized (this) {
            inFlight = false;
            framesSent++;
        }
        pump();
    }

    private void failed(Throwable t) {
        synchronized (this) {
            inFlight = false;
            closed = true;
        }
        hub.remove(this);
    }

    void closeSilently() {
        synchronized (this) {
            closed = true;
        }
    }

    public synchronized int queuedBytes() {
        return queuedBytes;
    }

    public synchronized long resyncs() {
        return resyncs;
    }

    public synchronized long framesSent() {
        return framesSent;
    }

    FrameSink sink() {
        return sink;
    }
}
