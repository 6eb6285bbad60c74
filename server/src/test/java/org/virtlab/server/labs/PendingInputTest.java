package org.virtlab.server.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Input queued per console: in order, a full console holds back only its own input, bounded. */
class PendingInputTest {
    /** Consoles that take at most {@code room} bytes each per feed. */
    static final class Consoles implements PendingInput.Receiver {
        final Map<Integer, ByteArrayOutputStream> got = new HashMap<>();
        final Map<Integer, Integer> room = new HashMap<>();

        @Override
        public int receive(int target, byte[] data, int off, int len) {
            int n = Math.min(len, room.getOrDefault(target, Integer.MAX_VALUE));
            room.computeIfPresent(target, (t, r) -> r - n);
            got.computeIfAbsent(target, t -> new ByteArrayOutputStream()).write(data, off, n);
            return n;
        }

        String text(int target) {
            ByteArrayOutputStream b = got.get(target);
            return b == null ? "" : b.toString(StandardCharsets.UTF_8);
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFullConsoleHoldsBackOnlyItsOwnInput() {
        PendingInput input = new PendingInput(1024);
        assertTrue(input.add(0, bytes("abc")));
        assertTrue(input.add(0, bytes("def")));
        assertTrue(input.add(1, bytes("xyz")));
        assertTrue(input.add(PendingInput.BOARD, bytes("b")));
        Consoles c = new Consoles();
        c.room.put(0, 4);
        assertTrue(input.feed(c));
        assertEquals("abcd", c.text(0));
        assertEquals("xyz", c.text(1), "domain 1 is not held up by domain 0's full UART");
        assertEquals("b", c.text(PendingInput.BOARD));
        assertFalse(input.isEmpty());
        c.room.put(0, 0);
        assertFalse(input.feed(c), "nothing taken: the lab must not spin on it");
        c.room.put(0, 100);
        assertTrue(input.feed(c));
        assertEquals("abcdef", c.text(0), "the rest, in order");
        assertTrue(input.isEmpty());
    }

    @Test
    void boundedAndClearable() {
        PendingInput input = new PendingInput(8);
        assertTrue(input.add(0, bytes("12345")));
        assertFalse(input.add(1, bytes("6789")), "over the bound: dropped");
        assertFalse(input.add(1, new byte[0]));
        assertTrue(input.add(1, bytes("678")));
        input.clear();
        assertTrue(input.isEmpty());
        assertTrue(input.add(1, bytes("12345678")));
    }
}
