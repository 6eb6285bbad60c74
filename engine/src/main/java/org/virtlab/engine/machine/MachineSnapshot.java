package org.virtlab.engine.machine;

import java.util.List;
import org.virtlab.engine.cpu.HartState;
import org.virtlab.engine.memory.RamImage;

/**
 * A whole {@link Machine} at a slice boundary: its configuration, machine time, power state,
 * every hart, HTIF (when attached) and RAM. Devices mapped by a board are saved by the board
 * ({@code org.virtlab.engine.board.BoardSnapshot}). Immutable; restoring it any number of
 * times shares its RAM pages copy-on-write (docs/snapshots.md).
 *
 * @param cycles machine time in instructions (mtime = cycles / instructionsPerTick)
 * @param htif   the HTIF mailbox, or null when the image has none
 */
public record MachineSnapshot(MachineConfig config, long cycles, boolean poweredOff, int exitCode,
        List<HartState> harts, Htif.State htif, RamImage ram) {

    public MachineSnapshot {
        harts = List.copyOf(harts);
        if (harts.size() != config.harts())
            throw new IllegalArgumentException("machine snapshot: " + harts.size() + " hart states for " + config.harts() + " harts");
        if (ram.size() != config.memoryBytes() || ram.base() != Machine.DRAM_BASE)
            throw new IllegalArgumentException("machine snapshot: RAM image of " + ram.size() + " bytes for a machine with "
                    + config.memoryBytes());
        if (cycles < 0) throw new IllegalArgumentException("machine snapshot: negative machine time");
    }
}
