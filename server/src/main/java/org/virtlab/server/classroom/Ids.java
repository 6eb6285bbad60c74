package org.virtlab.server.classroom;

import java.security.SecureRandom;

/** Random ids for classrooms and recordings: 12 characters, no look-alikes, as lab ids. */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CHARS = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();

    private Ids() { }

    static String newId() {
        char[] c = new char[12];
        for (int i = 0; i < c.length; i++) c[i] = CHARS[RANDOM.nextInt(CHARS.length)];
        return new String(c);
    }
}
