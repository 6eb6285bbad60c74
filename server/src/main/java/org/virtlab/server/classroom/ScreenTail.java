package org.virtlab.server.classroom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a console as plain text, for the dashboard's cards: terminal escape
 * sequences (ECMA-48 CSI and OSC, two-byte ESC sequences) and carriage returns are removed,
 * backspaces applied, and empty trailing lines dropped except the one the cursor is on.
 */
final class ScreenTail {
    /** Enough bytes for a handful of lines. */
    static final int LOOK_BACK = 4096;

    private ScreenTail() { }

    static List<String> lastLines(byte[] console, int lines) {
        int from = Math.max(0, console.length - LOOK_BACK);
        String text = new String(console, from, console.length - from, StandardCharsets.UTF_8);
        List<String> all = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == 0x1b) {
                i = skipEscape(text, i);
            } else if (ch == '\n') {
                all.add(line.toString());
                line.setLength(0);
            } else if (ch == '\r') {
                // the next characters overwrite from the start of the line; shells only print \r\n
            } else if (ch == '\b') {
                if (line.length() > 0) line.setLength(line.length() - 1);
            } else if (ch >= ' ' || ch == '\t') {
                line.append(ch);
            }
        }
        all.add(line.toString());
        if (from > 0 && all.size() > 1) all.remove(0);           // cut in the middle
        while (all.size() > 1 && all.get(all.size() - 1).isBlank() && all.get(all.size() - 2).isBlank()) all.remove(all.size() - 1);
        return all.subList(Math.max(0, all.size() - lines), all.size());
    }

    /** The index of the last character of the escape sequence starting at {@code i}. */
    private static int skipEscape(String s, int i) {
        if (i + 1 >= s.length()) return i;
        char kind = s.charAt(i + 1);
        if (kind == '[') {                                   // CSI: parameters, then a final byte 0x40..0x7e
            int j = i + 2;
            while (j < s.length() && (s.charAt(j) < 0x40 || s.charAt(j) > 0x7e)) j++;
            return Math.min(j, s.length() - 1);
        }
        if (kind == ']') {                                   // OSC: up to BEL or ESC \
            int j = i + 2;
            while (j < s.length() && s.charAt(j) != 0x07 && !(s.charAt(j) == 0x1b && j + 1 < s.length() && s.charAt(j + 1) == '\\')) j++;
            return j < s.length() && s.charAt(j) == 0x1b ? j + 1 : Math.min(j, s.length() - 1);
        }
        return i + 1;                                        // ESC c, ESC 7, ...
    }
}
