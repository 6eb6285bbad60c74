package org.virtlab.engine.snapshot;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.cpu.HartState;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineSnapshot;

/**
 * A fingerprint of everything architectural in a machine or board: SHA-256 over the same
 * fields a snapshot saves (harts with every CSR, time, devices, RAM contents; under the
 * hypervisor stack every domain, vCPU, virtual device and counter too), leaving out the
 * two counters that depend on TLB contents (TLB misses, page walks), which a restored machine
 * legitimately rebuilds from empty. Two machines with equal hashes behave identically from
 * here on. Used by the exactness tests; cheap enough for a test, not for a hot loop.
 */
public final class StateHash {
    private static final int TLB_MISSES = HartState.COUNTER_NAMES.indexOf("tlb-misses");
    private static final int PAGE_WALKS = HartState.COUNTER_NAMES.indexOf("page-walks");

    private StateHash() { }

    public static String of(Machine machine) {
        return of(machine.save());
    }

    public static String of(VirtBoard board) {
        return of(board.save());
    }

    public static String of(MachineSnapshot m) {
        return digest(out -> {
            MachineSnapshot n = normalized(m);
            StateCodec.writeMachineConfig(out, n.config());
            StateCodec.writeMachineState(out, n);
            StateCodec.writePages(out, n.ram());
        });
    }

    /** The board and, under the hypervisor stack, the hypervisor: every domain, vCPU, virtual device and counter. */
    public static String of(BoardSnapshot b) {
        return digest(out -> SnapshotFormat.writeBoard(out, b, normalized(b.machine()), b.hypervisor() != null));
    }

    private static MachineSnapshot normalized(MachineSnapshot m) {
        List<HartState> harts = m.harts().stream().map(h -> {
            long[] c = h.counters();
            c[TLB_MISSES] = 0;
            c[PAGE_WALKS] = 0;
            return new HartState(h.id(), h.hExtension(), h.pc(), h.privilege(), h.virtualMode(), h.x(), h.csrs(),
                    h.waiting(), h.halted(), h.reserved(), h.reservation(), h.retiredBefore(), c);
        }).toList();
        return new MachineSnapshot(m.config(), m.cycles(), m.poweredOff(), m.exitCode(), harts, m.htif(), m.ram());
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static String digest(Body body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            DataOutputStream out = new DataOutputStream(new DigestOutputStream(OutputStream.nullOutputStream(), sha));
            body.write(out);
            out.flush();
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
