package org.virtlab.engine.hypervisor;

import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

/**
 * Several domains' consoles on one terminal: each line starts with the domain's name in
 * brackets ("[dom1] login: "), and when another domain starts writing in the middle of a line,
 * the line is ended first. With prefixing off, bytes pass through unchanged.
 */
public final class DomainConsoles {
    private final IntConsumer out;
    private final boolean prefix;
    /** The domain that wrote last, and whether its line is still open. */
    private int lastDomain = -1;
    private boolean lineOpen;

    public DomainConsoles(IntConsumer out, boolean prefix) {
        this(out, prefix, -1);
    }

    /**
     * Consoles that go on from a saved {@link #openLine} (a restored board): a domain that was in
     * the middle of its line continues it without a new prefix, as on the saved board.
     */
    public DomainConsoles(IntConsumer out, boolean prefix, int openLine) {
        this.out = out;
        this.prefix = prefix;
        this.lastDomain = openLine;
        this.lineOpen = openLine >= 0;
    }

    /** The domain whose line is open (it wrote last and has not ended the line), or -1. */
    public synchronized int openLine() {
        return lineOpen ? lastDomain : -1;
    }

    /** The console stream of domain {@code id}. */
    public IntConsumer forDomain(int id, String name) {
        if (!prefix) return out;
        byte[] tag = ("[" + name + "] ").getBytes(StandardCharsets.UTF_8);
        return b -> write(id, tag, b);
    }

    private synchronized void write(int id, byte[] tag, int b) {
        if (lineOpen && id != lastDomain) {
            out.accept('\n');
            lineOpen = false;
        }
        if (!lineOpen) {
            for (byte t : tag) out.accept(t & 0xFF);
            lineOpen = true;
        }
        out.accept(b);
        lastDomain = id;
        if (b == '\n') lineOpen = false;
    }
}
