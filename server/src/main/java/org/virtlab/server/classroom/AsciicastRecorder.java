package org.virtlab.server.classroom;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.virtlab.server.console.FrameSink;

/**
 * Records a console in the asciicast v2 format (asciinema's file format, "asciicast v2" in the
 * asciinema documentation): a header line, a JSON object with {@code version} 2, {@code width},
 * {@code height} and {@code timestamp} (Unix seconds); then one line per output event,
 * {@code [time, "o", data]}, with {@code time} in seconds since the recording started and
 * {@code data} the output as a UTF-8 string.
 *
 * <p>It is a {@link FrameSink}: attached to a console hub as one more viewer, it gets the same
 * frames as everyone else with the same backpressure — its first frame is the current screen
 * (the scroll-back replay), and a disk too slow to keep up gets a resynchronisation, never
 * holds up the machine. Frames are written on the given executor (one thread for all
 * recordings), and the frame counts as sent when it is written. Bytes are decoded as UTF-8
 * across frames: a character split between two frames is written whole with the second.
 */
public final class AsciicastRecorder implements FrameSink {
    /** The screen size recorded in the header: the guest's console has no size of its own. */
    public static final int WIDTH = 100;
    public static final int HEIGHT = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Executor writer;
    private final LongSupplier nanoTime;
    private final long startNanos;
    private final BufferedWriter out;         // only the writer executor touches it (and the pending bytes)
    private byte[] pending = new byte[0];      // the start of a UTF-8 character cut by a frame boundary
    private long lastEventNanos;
    private boolean finished;

    private AsciicastRecorder(Path file, Executor writer, LongSupplier nanoTime, BufferedWriter out) {
        this.file = file;
        this.writer = writer;
        this.nanoTime = nanoTime;
        this.startNanos = nanoTime.getAsLong();
        this.out = out;
    }

    /** Creates the file (and its directory) and writes the header. */
    public static AsciicastRecorder create(Path file, String title, Instant startedAt, Executor writer, LongSupplier nanoTime)
            throws IOException {
        Files.createDirectories(file.getParent());
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("version", 2);
        header.put("width", WIDTH);
        header.put("height", HEIGHT);
        header.put("timestamp", startedAt.getEpochSecond());
        header.put("title", title);
        header.put("env", Map.of("TERM", "xterm-256color"));
        out.write(JSON.writeValueAsString(header));
        out.write('\n');
        out.flush();
        return new AsciicastRecorder(file, writer, nanoTime, out);
    }

    public Path file() {
        return file;
    }

    @Override
    public void sendBinary(ByteBuffer frame, Runnable done, Consumer<Throwable> failed) {
        long at = nanoTime.getAsLong() - startNanos;
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        writer.execute(() -> {
            try {
                write(at, bytes);
            } catch (IOException | RuntimeException e) {
                failed.accept(e);
                return;
            }
            done.run();
        });
    }

    @Override
    public void close(int code, String reason) {
        // the hub lets go of us; finish() closes the file
    }

    /** Writes what is left and closes the file; completes with the duration in milliseconds. */
    public CompletableFuture<Long> finish() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        writer.execute(() -> {
            try {
                if (!finished) {
                    finished = true;
                    if (pending.length > 0) event(lastEventNanos, new String(pending, StandardCharsets.UTF_8));
                    out.close();
                }
                f.complete(lastEventNanos / 1_000_000);
            } catch (IOException e) {
                f.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return f;
    }

    private void write(long at, byte[] bytes) throws IOException {
        if (finished) return;
        byte[] all = bytes;
        if (pending.length > 0) {
            all = new byte[pending.length + bytes.length];
            System.arraycopy(pending, 0, all, 0, pending.length);
            System.arraycopy(bytes, 0, all, pending.length, bytes.length);
        }
        int complete = completeLength(all);
        pending = java.util.Arrays.copyOfRange(all, complete, all.length);
        if (complete == 0) return;
        lastEventNanos = at;
        event(at, new String(all, 0, complete, StandardCharsets.UTF_8));
    }

    private void event(long atNanos, String text) throws IOException {
        out.write('[');
        out.write(String.format(Locale.ROOT, "%.6f", atNanos / 1e9));
        out.write(", \"o\", ");
        out.write(JSON.writeValueAsString(text));
        out.write("]\n");
        out.flush();
    }

    /**
     * How many leading bytes end on a character boundary: a trailing lead byte whose character
     * needs more bytes than are there waits for the next frame (RFC 3629 section 3: the lead
     * byte says the length). Malformed bytes are left to the decoder, which replaces them.
     */
    static int completeLength(byte[] b) {
        for (int back = 1; back <= Math.min(3, b.length); back++) {
            int v = b[b.length - back] & 0xff;
            if ((v & 0xc0) == 0x80) continue;                 // a continuation byte: look further back
            int need = v >= 0xf0 ? 4 : v >= 0xe0 ? 3 : v >= 0xc0 ? 2 : 1;
            return need > back ? b.length - back : b.length;
        }
        return b.length;
    }
}
