package org.virtlab.server.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Backpressure: one send in flight, a bounded queue, resync of a slow viewer from the ring. */
class ConsoleHubTest {
    /** A sink whose sends complete only when the test says so. */
    static final class ManualSink implements FrameSink {
        final List<byte[]> sent = new ArrayList<>();
        final List<Runnable> pending = new ArrayList<>();

        @Override
        public synchronized void sendBinary(ByteBuffer frame, Runnable done, Consumer<Throwable> failed) {
            byte[] b = new byte[frame.remaining()];
            frame.get(b);
            sent.add(b);
            pending.add(done);
        }

        @Override
        public void close(int code, String reason) { }

        void completeAll() {
            while (true) {
                Runnable r;
                synchronized (this) {
                    if (pending.isEmpty()) return;
                    r = pending.remove(0);
                }
                r.run();
            }
        }
    }

    @Test
    void ringKeepsTheLastBytes() {
        ConsoleRing ring = new ConsoleRing(8);
        ring.append("abcdef".getBytes(), 0, 6);
        ring.append("ghijk".getBytes(), 0, 5);
        assertArrayEquals("defghijk".getBytes(), ring.contents());
        ring.append("0123456789".getBytes(), 0, 10);
        assertArrayEquals("23456789".getBytes(), ring.contents());
    }

    @Test
    void oneSendInFlightAndCoalescing() {
        ConsoleHub hub = new ConsoleHub();
        hub.publish("boot\n".getBytes());
        ManualSink sink = new ManualSink();
        hub.attach(sink, true);
        assertEquals(1, sink.sent.size());
        assertEquals("\u001bcboot\n", new String(sink.sent.get(0), StandardCharsets.UTF_8));
        hub.publish("a".getBytes());
        hub.publish("b".getBytes());
        assertEquals(1, sink.sent.size(), "nothing more is sent while a frame is in flight");
        sink.completeAll();
        assertEquals(2, sink.sent.size());
        assertEquals("ab", new String(sink.sent.get(1), StandardCharsets.UTF_8), "queued output is coalesced");
    }

    @Test
    void slowViewerIsResyncedAndNeverBlocksThePublisher() {
        ConsoleHub hub = new ConsoleHub();
        ManualSink slow = new ManualSink();
        ManualSink fast = new ManualSink();
        Viewer slowViewer = hub.attach(slow, false);
        hub.attach(fast, false);
        byte[] chunk = new byte[4096];
        java.util.Arrays.fill(chunk, (byte) 'x');
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {               // 4 MB: far more than a viewer's queue
            hub.publish(chunk);
            fast.completeAll();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2000, "publishing took " + millis + " ms");
        assertTrue(slowViewer.queuedBytes() <= ConsoleHub.VIEWER_QUEUE_BYTES);
        assertTrue(slowViewer.resyncs() > 0);
        hub.publish("tail".getBytes());
        slow.completeAll();
        byte[] last = slow.sent.get(slow.sent.size() - 1);
        String text = new String(last, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("\u001bc") && text.endsWith("tail"), "the resync replays the ring up to the newest output");
        assertEquals(ConsoleHub.RING_BYTES + 2, last.length);
    }

    @Test
    void replacingTheScrollbackResyncsEveryViewer() {
        ConsoleHub hub = new ConsoleHub();
        hub.publish("$ rm /bin/ls\n".getBytes());
        ManualSink sink = new ManualSink();
        hub.attach(sink, true);
        sink.completeAll();
        hub.publish("queued, then dropped".getBytes());
        hub.replace("$ echo saved\n".getBytes());
        sink.completeAll();
        assertEquals("\u001bc$ echo saved\n", new String(sink.sent.get(sink.sent.size() - 1), StandardCharsets.UTF_8),
                "the viewer's screen is reset to the new scroll-back");
        hub.publish("$ ".getBytes());
        sink.completeAll();
        assertEquals("$ ", new String(sink.sent.get(sink.sent.size() - 1), StandardCharsets.UTF_8));
        assertEquals("$ echo saved\n$ ", new String(hub.scrollback(), StandardCharsets.UTF_8));
        assertEquals(13 + 20 + 2, hub.bytesWritten(), "bytes ever published, not those replayed");
    }

    @Test
    void aClearedRingFillsAndWrapsAgain() {
        ConsoleRing ring = new ConsoleRing(8);
        ring.append("abcdefghij".getBytes(), 0, 10);
        ring.clear();
        assertArrayEquals(new byte[0], ring.contents());
        ring.append("xyz".getBytes(), 0, 3);
        assertArrayEquals("xyz".getBytes(), ring.contents());
        ring.append("0123456".getBytes(), 0, 7);
        assertArrayEquals("z0123456".getBytes(), ring.contents());
    }
}
