package org.virtlab.server.labs;

import org.virtlab.engine.board.BoardSnapshot;

/**
 * Where a lab forked from a snapshot starts, and where its reset takes it back: the board as
 * it was saved (immutable; many labs restore the same one and share its RAM copy-on-write,
 * docs/snapshots.md) and the console screen at that moment, which the fork's console shows
 * first so that its user sees what the original showed.
 *
 * <p>Held in memory only: a forked lab that outlives the server boots its preset afresh. (A
 * durable snapshot store can hand its snapshots to {@link LabService#createFromSnapshot} the same way.)
 *
 * @param snapshot the saved board
 * @param screen   the console scroll-back when it was saved
 */
public record SnapshotOrigin(BoardSnapshot snapshot, byte[] screen) {
    /** xterm's RIS, "reset to initial state": a restore starts from a clean screen. */
    private static final byte[] RESET = {0x1b, 'c'};

    /** What the fork's console prints when it is restored: a terminal reset, then the saved screen. */
    byte[] replay() {
        byte[] out = new byte[RESET.length + screen.length];
        System.arraycopy(RESET, 0, out, 0, RESET.length);
        System.arraycopy(screen, 0, out, RESET.length, screen.length);
        return out;
    }
}
