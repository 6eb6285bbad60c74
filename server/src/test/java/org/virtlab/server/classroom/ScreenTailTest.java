package org.virtlab.server.classroom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dashboard's last console lines: escapes, carriage returns and backspaces handled. */
class ScreenTailTest {
    static List<String> tail(String console, int n) {
        return ScreenTail.lastLines(console.getBytes(StandardCharsets.UTF_8), n);
    }

    @Test
    void lastLinesAsPlainText() {
        String out = "\u001bcboot\r\n$ ls\r\n\u001b[1;32mbin\u001b[0m  etc\r\n\u001b]0;title\u0007$ echo hx\bi\r\nhi\r\n$ ";
        assertEquals(List.of("bin  etc", "$ echo hi", "hi", "$ "), tail(out, 4));
        assertEquals(List.of("$ "), tail(out, 1));
        assertEquals(List.of(""), tail("", 3));
    }

    @Test
    void onlyTheEndOfALongConsoleIsRead() {
        String out = "x".repeat(10_000) + "\r\nend\r\n";
        assertEquals(List.of("end", ""), tail(out, 5), "the cut first line is dropped");
    }
}
