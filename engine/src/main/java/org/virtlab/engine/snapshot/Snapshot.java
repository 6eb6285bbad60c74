package org.virtlab.engine.snapshot;

import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.machine.MachineSnapshot;

/**
 * What a snapshot file holds: a whole {@code virt} board, or a bare {@code Machine} (test
 * programs on harts and RAM alone). Exactly one of the two is set.
 */
public record Snapshot(BoardSnapshot board, MachineSnapshot machine) {

    public Snapshot {
        if ((board == null) == (machine == null)) throw new IllegalArgumentException("a snapshot holds a board or a machine");
    }

    public static Snapshot of(BoardSnapshot board) { return new Snapshot(board, null); }

    public static Snapshot of(MachineSnapshot machine) { return new Snapshot(null, machine); }

    /** The machine, whichever kind this is (a board's machine for a board). */
    public MachineSnapshot anyMachine() { return board != null ? board.machine() : machine; }

    /** The board; refuses a bare-machine snapshot with a message naming {@code source}. */
    public BoardSnapshot requireBoard(String source) throws SnapshotException {
        if (board == null)
            throw new SnapshotException(source + " is a snapshot of a bare machine (no board); `virtlab run --restore` "
                    + "needs one taken by `virtlab run` (Ctrl-A S)");
        return board;
    }
}
