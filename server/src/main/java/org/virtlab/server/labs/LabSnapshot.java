package org.virtlab.server.labs;

import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.board.BoardSnapshot;

/**
 * A lab as it was at one slice boundary (docs/snapshots.md, "Server"): the whole board — on the
 * hypervisor stack with the hypervisor and every domain — and the consoles' scroll-backs, so a
 * restored lab shows the screens it had. Taken on the machine thread ({@link Lab#requestSnapshot}),
 * restored there too ({@link Lab#start(LabSnapshot)}, {@link Lab#restore}). Immutable: the
 * board's RAM is shared copy-on-write with every lab restored from it, so one cached snapshot
 * serves any number of restores and forks.
 *
 * @param board         the board, either stack
 * @param scrollback    the board console's scroll-back ring, oldest byte first (under the
 *                      hypervisor: every domain's output, "[dom1] " prefixed when there are several)
 * @param description   what a restore announces on the console, e.g. {@code snapshot 'before rm'}
 * @param domainScreens a hypervisor lab's domain consoles' scroll-backs, by domain id; empty when
 *                      the lab has no domains or they are not known (an uploaded file): the
 *                      restored domain consoles then start blank
 */
public record LabSnapshot(BoardSnapshot board, byte[] scrollback, String description, List<byte[]> domainScreens) {
    public LabSnapshot {
        if (board == null) throw new IllegalArgumentException("a lab snapshot needs a board");
        scrollback = scrollback == null ? new byte[0] : scrollback.clone();
        domainScreens = copy(domainScreens);
    }

    /** A snapshot without domain screens (a bare lab, or screens not known). */
    public LabSnapshot(BoardSnapshot board, byte[] scrollback, String description) {
        this(board, scrollback, description, List.of());
    }

    /** The scroll-back (a copy). */
    @Override
    public byte[] scrollback() {
        return scrollback.clone();
    }

    /** The domain screens (copies). */
    @Override
    public List<byte[]> domainScreens() {
        return copy(domainScreens);
    }

    /** The same state, announced differently when restored. */
    public LabSnapshot describedAs(String what) {
        return new LabSnapshot(board, scrollback, what, domainScreens);
    }

    static List<byte[]> copy(List<byte[]> screens) {
        List<byte[]> out = new ArrayList<>();
        if (screens != null) for (byte[] s : screens) out.add(s == null ? new byte[0] : s.clone());
        return List.copyOf(out);
    }
}
