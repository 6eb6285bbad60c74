package org.virtlab.engine.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;

/**
 * A guest's console driven by a program, as a person would: type a line, run the machine in
 * deterministic steps until some text appears. Every wait has an instruction budget, so a
 * guest that hangs ends the wait with an exception instead of hanging the caller.
 */
public final class GuestConsole {
    private static final long STEP = 100_000;
    public static final String PROMPT = "$ ";

    private final BoardRunner runner;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private int mark;
    private long instructions;

    public GuestConsole(BoardConfig config) {
        this.runner = new BoardRunner(config, output::write, null);
    }

    public BoardRunner runner() {
        return runner;
    }

    /** Instructions attempted so far, over all harts (what budgets count). */
    public long instructions() {
        return instructions;
    }

    /** Instructions the harts have retired since boot: exactly what the guests executed. */
    public long retired() {
        long n = 0;
        var machine = runner.board().machine();
        for (int i = 0; i < machine.hartCount(); i++) n += machine.hart(i).retired();
        return n;
    }

    private String text() {
        return output.toString(StandardCharsets.ISO_8859_1);
    }

    /** Runs until {@code wanted} appears after the last mark; returns what came before it since the mark. */
    public String waitFor(String wanted, long budget) throws InterruptedException {
        long limit = instructions + budget;
        while (true) {
            String out = text();
            int at = out.indexOf(wanted, mark);
            if (at >= 0) {
                String seen = out.substring(mark, at);
                mark = at + wanted.length();
                return seen;
            }
            if (instructions >= limit)
                throw new IllegalStateException("no '" + wanted.strip() + "' within " + budget + " instructions; the guest printed:\n"
                        + out.substring(Math.max(0, out.length() - 2000)));
            BoardRunner.Outcome o = runner.run(Math.min(STEP, limit - instructions));
            instructions += o.instructions();
            if (o.stop() != BoardRunner.Stop.BUDGET && text().indexOf(wanted, mark) < 0)
                throw new IllegalStateException("the guest stopped (" + o.stop() + ") before printing '" + wanted.strip() + "':\n"
                        + out.substring(Math.max(0, out.length() - 2000)));
        }
    }

    /** Types a command line and returns its output (up to the next prompt). */
    public String command(String line, long budget) throws InterruptedException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
        int off = 0;
        for (int tries = 0; off < bytes.length; tries++) {
            off += runner.receive(bytes, off, bytes.length - off);
            if (off < bytes.length) {
                if (tries > 1000) throw new IllegalStateException("the guest does not read its console");
                instructions += runner.run(STEP).instructions();
            }
        }
        waitFor(line + "\r\n", budget);
        return waitFor(PROMPT, budget).replace("\r\n", "\n");
    }
}
