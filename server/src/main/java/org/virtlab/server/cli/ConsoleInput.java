package org.virtlab.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import org.virtlab.engine.board.BoardRunner;

/**
 * The input thread of {@code run}: copies what is typed to the guest's UART and interprets
 * QEMU's escape key, Ctrl-A: {@code Ctrl-A X} quits, {@code Ctrl-A S} asks for a snapshot
 * (taken by the machine thread at its next slice boundary, never here), {@code Ctrl-A A} sends a
 * literal Ctrl-A, {@code Ctrl-A H} prints the keys. When input ends (EOF) the runner is told, so a guest that
 * can only wait for input does not wait forever.
 */
final class ConsoleInput implements Runnable {
    static final int CTRL_A = 0x01;
    static final String KEYS = "Ctrl-A X  quit\nCtrl-A S  save a snapshot (with --snapshot-dir)\n"
            + "Ctrl-A A  send Ctrl-A to the guest\nCtrl-A 0..7  under --stack hypervisor: type into that domain\n"
            + "Ctrl-A H  this help\n";

    private final InputStream in;
    private final BoardRunner runner;
    private final PrintStream err;
    private final Runnable snapshot;
    private volatile boolean quitRequested;

    /** @param snapshot what Ctrl-A S does: asks the runner for a snapshot (it must not take one itself) */
    ConsoleInput(InputStream in, BoardRunner runner, PrintStream err, Runnable snapshot) {
        this.in = in;
        this.runner = runner;
        this.err = err;
        this.snapshot = snapshot;
    }

    /** Whether the user pressed Ctrl-A X. */
    boolean quitRequested() {
        return quitRequested;
    }

    @Override
    public void run() {
        byte[] buf = new byte[256];
        byte[] out = new byte[256];
        boolean escape = false;
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                int len = 0;
                for (int i = 0; i < n; i++) {
                    int b = buf[i] & 0xff;
                    if (escape) {
                        escape = false;
                        switch (Character.toLowerCase(b)) {
                            case 'x' -> {
                                send(out, len);
                                quitRequested = true;
                                runner.requestStop();
                                return;
                            }
                            case 's' -> {
                                send(out, len);                 // what was typed before reaches the guest first
                                len = 0;
                                snapshot.run();
                            }
                            case 'a', CTRL_A -> out[len++] = CTRL_A;
                            case 'h', '?' -> err.print(KEYS);             // opost is on: "\n" is enough
                            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                                send(out, len);
                                len = 0;
                                focus(b - '0');
                            }
                            default -> { }                       // unknown escapes are dropped, as in QEMU
                        }
                    } else if (b == CTRL_A) {
                        escape = true;
                    } else {
                        out[len++] = (byte) b;
                    }
                }
                send(out, len);
            }
        } catch (IOException e) {
            err.println("virtlab: console input failed: " + e.getMessage());
        }
        runner.closeInput();
    }

    /** Under the hypervisor stack: console input goes to domain {@code id} from now on. */
    private void focus(int id) {
        var hv = runner.board().hypervisor();
        if (hv == null || id >= hv.domains().size()) return;
        runner.board().setInputDomain(id);
        err.println("[virtlab: typing into " + hv.domains().get(id).name() + "]");
    }

    private void send(byte[] data, int len) {
        int off = 0;
        while (off < len) {
            int n = runner.receive(data, off, len - off);
            off += n;
            if (off < len) {
                try {
                    Thread.sleep(1);                               // the UART's queue is full: let the guest read
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
