package org.virtlab.server.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts the controlling terminal in raw mode for the guest console and restores it — on normal
 * exit and from a shutdown hook (Ctrl-C from another terminal, SIGTERM). Uses {@code stty}
 * through /bin/sh, as there is no terminal API in the JDK. Output post-processing stays on
 * ({@code opost}), as QEMU keeps it, so a guest's bare "\n" still starts a new line.
 */
final class TerminalMode implements AutoCloseable {
    private final String saved;
    private final Thread hook;
    private boolean restored;

    private TerminalMode(String saved) {
        this.saved = saved;
        this.hook = new Thread(this::restore, "virtlab-terminal-restore");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Raw mode, or null when the terminal cannot be switched (then the console is line-buffered). */
    static TerminalMode enter() {
        try {
            String saved = stty("-g").trim();
            if (saved.isEmpty()) return null;
            stty("raw -echo opost");
            return new TerminalMode(saved);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private synchronized void restore() {
        if (restored) return;
        restored = true;
        try {
            stty(saved);
        } catch (IOException e) {
            // nothing more can be done for the terminal
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs (and finds the terminal restored)
        }
    }

    private static String stty(String args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/bin/sh", "-c", "stty " + args + " < /dev/tty").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException("stty " + args + ": " + output.trim());
        return output;
    }
}
