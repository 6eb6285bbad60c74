package org.virtlab.engine.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.image.BuiltinImages;

/**
 * Drives the built-in virtlab-os image on a virt board like a person at its console: type,
 * then run the machine in small deterministic steps until some text appears. Guest time comes
 * from retired instructions, so every session is reproducible; every wait has a budget.
 */
final class OsSession {
    /** Instructions per step between looks at the console. */
    private static final long STEP = 200_000;
    static final String PROMPT = "$ ";

    private final BoardRunner runner;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private int mark;
    private long instructions;
    private BoardRunner.Outcome ended;

    OsSession(int harts, boolean firmware) {
        this(harts, firmware, null);
    }

    /** A session with a virtio-blk disk in slot 0 over {@code disk} (null for none). */
    OsSession(int harts, boolean firmware, BlockBackend disk) {
        BuiltinImages.Image image = BuiltinImages.find("virtlab-os").orElseThrow();
        BoardConfig.Builder b = BoardConfig.builder().harts(harts)
                .kernel(image.kernel(), image.kernelName())
                .initrd(image.initrd(), image.initrdName());
        if (firmware) b.builtinFirmware();
        else b.noFirmware();
        if (disk != null) b.disk(disk);
        runner = new BoardRunner(b.build(), console::write, null);
    }

    OsSession() {
        this(1, true);
    }

    /** Everything the guest has written. */
    String output() {
        return console.toString(StandardCharsets.ISO_8859_1);
    }

    /** Instructions retired so far, over all harts. */
    long instructions() {
        return instructions;
    }

    /** Runs until {@code text} appears after the last mark; returns the output since the mark, up to and including it. */
    String waitFor(String text, long budget) throws InterruptedException {
        long limit = instructions + budget;
        while (true) {
            String out = output();
            int at = out.indexOf(text, mark);
            if (at >= 0) {
                String seen = out.substring(mark, at + text.length());
                mark = at + text.length();
                return seen;
            }
            if (ended != null) fail("the machine stopped (" + ended.stop() + ") before printing '" + text + "':\n" + out);
            if (instructions >= limit) fail("no '" + text + "' within " + budget + " instructions:\n" + out);
            step(Math.min(STEP, limit - instructions));
        }
    }

    /** Types a command line and returns its output (between the echoed line and the next prompt). */
    String command(String line, long budget) throws InterruptedException {
        type(line + "\n");
        waitFor(line + "\r\n", budget);
        String out = waitFor(PROMPT, budget);
        return out.substring(0, out.length() - PROMPT.length()).replace("\r\n", "\n");
    }

    void type(String text) throws InterruptedException {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        int off = 0;
        for (int tries = 0; off < bytes.length; tries++) {
            off += runner.receive(bytes, off, bytes.length - off);
            if (off < bytes.length) {
                if (tries > 1000) fail("the guest does not read its console input");
                step(STEP);
            }
        }
    }

    /** Runs n instructions, whatever happens. */
    void runFor(long n) throws InterruptedException {
        long limit = instructions + n;
        while (ended == null && instructions < limit) step(Math.min(STEP * 10, limit - instructions));
    }

    /** Output after the last mark that no wait has consumed yet. */
    String pending() {
        return output().substring(mark);
    }

    /** Runs until the guest powers off; returns its exit status. */
    int runToPowerOff(long budget) throws InterruptedException {
        long limit = instructions + budget;
        while (ended == null && instructions < limit) step(Math.min(STEP * 10, limit - instructions));
        if (ended == null) fail("the guest did not power off within " + budget + " instructions:\n" + output());
        assertEquals(BoardRunner.Stop.POWER_OFF, ended.stop(), output());
        return ended.exitCode();
    }

    private void step(long n) throws InterruptedException {
        if (ended != null) return;
        BoardRunner.Outcome o = runner.run(n);
        instructions += o.instructions();
        if (o.stop() != BoardRunner.Stop.BUDGET) ended = o;
    }
}
