package org.virtlab.server.console;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One lab's console output: the scroll-back ring and everyone watching. The machine's runner
 * thread {@link #publish publishes} coalesced output once per slice; publishing never blocks
 * on a viewer (see {@link Viewer}).
 */
public final class ConsoleHub {
    public static final int RING_BYTES = 64 * 1024;
    public static final int VIEWER_QUEUE_BYTES = 256 * 1024;

    private final ConsoleRing ring = new ConsoleRing(RING_BYTES);      // guarded by this
    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();

    /** Appends output to the ring and hands it to every viewer. */
    public synchronized void publish(byte[] data) {
        if (data.length == 0) return;
        ring.append(data, 0, data.length);
        for (Viewer v : viewers) v.offer(data);
    }

    /**
     * Replaces the scroll-back with {@code scrollback} (a lab restored from a snapshot shows the
     * screen it had then): every viewer is resynchronised, its next frame is {@code ESC c}
     * followed by the new ring.
     */
    public synchronized void replace(byte[] scrollback) {
        ring.replace(scrollback);
        for (Viewer v : viewers) v.resync();
    }

    /** A new viewer; its first frame replays the ring. */
    public Viewer attach(FrameSink sink, boolean keyboard) {
        Viewer v = new Viewer(this, sink, VIEWER_QUEUE_BYTES, keyboard);
        viewers.add(v);
        v.pump();
        return v;
    }

    public void remove(Viewer v) {
        v.closeSilently();
        viewers.remove(v);
    }

    synchronized byte[] replayFor(Viewer v) {
        return v.replay(ring.contents());
    }

    /** The scroll-back as text (tests, the JSON API). */
    public synchronized byte[] scrollback() {
        return ring.contents();
    }

    public synchronized long bytesWritten() {
        return ring.written();
    }

    public List<Viewer> viewers() {
        return List.copyOf(viewers);
    }

    /** Disconnects everyone (the lab is deleted). */
    public void closeAll(int code, String reason) {
        for (Viewer v : viewers) {
            remove(v);
            v.sink().close(code, reason);
        }
    }
}
