package org.virtlab.server.labs;

import org.virtlab.engine.board.BoardSnapshot;

/**
 * A lab as it was at one slice boundary (docs/snapshots.md, "Server"): the whole board and the
 * console's scroll-back, so a restored lab shows the screen it had. Taken on the machine thread
 * ({@link Lab#requestSnapshot}), restored there too ({@link Lab#start(LabSnapshot)},
 * {@link Lab#restore}). Immutable: the board's RAM is shared copy-on-write with every lab
 * restored from it, so one cached snapshot serves any number of restores and forks.
 *
 * @param board       the board (bare stack only: the engine cannot save the hypervisor stack yet)
 * @param scrollback  the board console's scroll-back ring, oldest byte first
 * @param description what a restore announces on the console, e.g. {@code snapshot 'before rm'}
 */
public record LabSnapshot(BoardSnapshot board, byte[] scrollback, String description) {
    public LabSnapshot {
        if (board == null) throw new IllegalArgumentException("a lab snapshot needs a board");
        scrollback = scrollback == null ? new byte[0] : scrollback.clone();
    }

    /** The scroll-back (a copy). */
    @Override
    public byte[] scrollback() {
        return scrollback.clone();
    }

    /** The same state, announced differently when restored. */
    public LabSnapshot describedAs(String what) {
        return new LabSnapshot(board, scrollback, what);
    }
}
