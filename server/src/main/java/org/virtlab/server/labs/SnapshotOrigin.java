package org.virtlab.server.labs;

import java.util.List;
import org.virtlab.engine.board.BoardSnapshot;

/**
 * Where a lab forked from a snapshot starts, and where its reset takes it back: the board as
 * it was saved (immutable; many labs restore the same one and share its RAM copy-on-write,
 * docs/snapshots.md) and the console screens at that moment, which the fork's consoles show
 * first so that its user sees what the original showed.
 *
 * <p>Held in memory only: a forked lab that outlives the server boots its preset afresh. (A
 * durable snapshot store can hand its snapshots to {@link LabService#createFromSnapshot} the same way.)
 *
 * @param snapshot      the saved board, either stack
 * @param screen        the board console's scroll-back when it was saved
 * @param domainScreens a hypervisor lab's domain consoles' scroll-backs, by domain id (empty: none known)
 */
public record SnapshotOrigin(BoardSnapshot snapshot, byte[] screen, List<byte[]> domainScreens) {
    /** xterm's RIS, "reset to initial state": a restore starts from a clean screen. */
    private static final byte[] RESET = {0x1b, 'c'};

    public SnapshotOrigin {
        domainScreens = LabSnapshot.copy(domainScreens);
    }

    /** An origin without domain screens (a bare lab). */
    public SnapshotOrigin(BoardSnapshot snapshot, byte[] screen) {
        this(snapshot, screen, List.of());
    }

    /** What the fork's console prints when it is restored: a terminal reset, then the saved screen. */
    byte[] replay() {
        byte[] out = new byte[RESET.length + screen.length];
        System.arraycopy(RESET, 0, out, 0, RESET.length);
        System.arraycopy(screen, 0, out, RESET.length, screen.length);
        return out;
    }
}
