package org.virtlab.server.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asciicast v2 writer: header, event times from the injected clock, escaping, UTF-8 cut by frames. */
class AsciicastRecorderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesHeaderAndTimedEventsWithCharactersCutByFramesKeptWhole() throws Exception {
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        Path file = dir.resolve("sub").resolve("r.cast");
        AsciicastRecorder r = AsciicastRecorder.create(file, "OS 101", Instant.ofEpochSecond(1_700_000_000), Runnable::run, nanos::get);
        AtomicInteger sent = new AtomicInteger();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);              // three bytes: e2 82 ac
        nanos.addAndGet(1_500_000);
        r.sendBinary(ByteBuffer.wrap("$ echo \"hi\"\r\n\u001b[1m".getBytes(StandardCharsets.UTF_8)), sent::incrementAndGet, e -> { throw new AssertionError(e); });
        nanos.addAndGet(250_000_000);
        r.sendBinary(ByteBuffer.wrap(new byte[] {'5', euro[0], euro[1]}), sent::incrementAndGet, e -> { throw new AssertionError(e); });
        nanos.addAndGet(250_000_000);
        r.sendBinary(ByteBuffer.wrap(new byte[] {euro[2], '!'}), sent::incrementAndGet, e -> { throw new AssertionError(e); });
        assertEquals(3, sent.get(), "every frame counts as sent once written");
        assertEquals(501, r.finish().get());

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        JsonNode header = JSON.readTree(lines.get(0));
        assertEquals(2, header.get("version").asInt());
        assertEquals(AsciicastRecorder.WIDTH, header.get("width").asInt());
        assertEquals(AsciicastRecorder.HEIGHT, header.get("height").asInt());
        assertEquals(1_700_000_000L, header.get("timestamp").asLong());
        assertEquals("OS 101", header.get("title").asText());
        assertEquals(4, lines.size(), String.join("\n", lines));
        JsonNode first = JSON.readTree(lines.get(1));
        assertEquals(0.0015, first.get(0).asDouble(), 1e-9);
        assertEquals("o", first.get(1).asText());
        assertEquals("$ echo \"hi\"\r\n\u001b[1m", first.get(2).asText());
        assertEquals("5", JSON.readTree(lines.get(2)).get(2).asText(), "the cut euro sign waits for its last byte");
        JsonNode third = JSON.readTree(lines.get(3));
        assertEquals("€!", third.get(2).asText());
        assertEquals(0.5015, third.get(0).asDouble(), 1e-9);
        assertTrue(lines.get(1).startsWith("[0.001500, \"o\", "), lines.get(1));
    }

    @Test
    void completeLengthFindsTheLastCharacterBoundary() {
        assertEquals(3, AsciicastRecorder.completeLength("abc".getBytes(StandardCharsets.UTF_8)));
        byte[] e = "a€".getBytes(StandardCharsets.UTF_8);
        assertEquals(4, AsciicastRecorder.completeLength(e));
        assertEquals(1, AsciicastRecorder.completeLength(java.util.Arrays.copyOf(e, 3)));
        assertEquals(1, AsciicastRecorder.completeLength(java.util.Arrays.copyOf(e, 2)));
        byte[] four = "😀".getBytes(StandardCharsets.UTF_8);
        assertEquals(0, AsciicastRecorder.completeLength(java.util.Arrays.copyOf(four, 3)));
        assertEquals(1, AsciicastRecorder.completeLength(new byte[] {(byte) 0x80}), "a stray continuation byte is left to the decoder");
    }
}
