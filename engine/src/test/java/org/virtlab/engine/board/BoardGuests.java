package org.virtlab.engine.board;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/** The committed board-test guests (guests/board-tests) and a console that records them. */
public final class BoardGuests {
    private BoardGuests() { }

    static byte[] load(String name) {
        try (InputStream in = BoardGuests.class.getResourceAsStream("/board-tests/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource board-tests/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A console sink that keeps everything the guest wrote (board and hypervisor tests). */
    public static final class Console implements IntConsumer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(int b) {
            bytes.write(b);
        }

        public synchronized String text() {
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
