package org.virtlab.server.labs;

import java.nio.charset.StandardCharsets;

/**
 * A preset's command typed into every domain's console once that domain's shell first shows
 * its prompt after the lab starts (e.g. the same benchmark in three domains side by side),
 * as a student would type it. Runs on the lab's slice thread.
 */
final class Autorun {
    static final Autorun NONE = new Autorun(null);
    private static final String PROMPT = "$ ";

    private final byte[] line;
    private final boolean[] typed;

    Autorun(Preset preset) {
        String cmd = preset == null ? null : preset.autorun();
        this.line = cmd == null ? null : (cmd + "\n").getBytes(StandardCharsets.UTF_8);
        this.typed = new boolean[preset == null ? 0 : preset.domains()];
    }

    /** Types the command into every domain that shows its prompt and has not had it yet. */
    void afterSlice(Lab lab) {
        if (line == null) return;
        for (int d = 0; d < typed.length; d++) {
            if (typed[d]) continue;
            String out = new String(lab.domains().console(d).scrollback(), StandardCharsets.ISO_8859_1);
            if (out.contains(PROMPT)) typed[d] = lab.input(d, line);
        }
    }
}
