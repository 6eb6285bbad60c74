package org.virtlab.engine.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.hypervisor.para.ParaSnapshot;
import org.virtlab.engine.hypervisor.para.ParaVcpuState;

/**
 * A paravirtualized domain's state in a snapshot file (part of {@link TechniqueCodec}): per vCPU
 * its mode, root, info page, three entry points, timer and early events; then the pool's free
 * pages, the user slots and views, the pinned tables, the validator's last refusal and flag,
 * the 32 event lines and the kill reason.
 */
final class ParaCodec {
    /** Frames of the largest domain (64 GiB of 4 KiB pages): bounds the pinned-table list. */
    private static final int MAX_FRAMES = 1 << 24;

    private ParaCodec() { }

    static void write(DataOutputStream out, ParaSnapshot p) throws IOException {
        out.writeInt(p.vcpus().size());
        for (ParaVcpuState v : p.vcpus()) {
            out.writeBoolean(v.kernelMode());
            for (long x : new long[] {v.root(), v.info(), v.userTrapEntry(), v.syscallEntry(), v.kernelTrapEntry(),
                    v.timerDeadline(), v.earlyPending()})
                out.writeLong(x);
        }
        StateCodec.longs(out, p.poolFree());
        out.writeInt(p.userSlotFirst());
        out.writeInt(p.userSlotCount());
        StateCodec.longs(out, p.views());
        int[] pinned = p.pinned();
        out.writeInt(pinned.length);
        for (int x : pinned) out.writeInt(x);
        StateCodec.string(out, p.refusal());
        out.writeBoolean(p.writableDropped());
        for (boolean b : p.eventLines()) out.writeBoolean(b);
        StateCodec.string(out, p.killReason());
    }

    static ParaSnapshot read(DataInputStream in, int vcpus) throws IOException {
        TechniqueCodec.vcpuCount(in, vcpus);
        List<ParaVcpuState> vs = new ArrayList<>();
        for (int i = 0; i < vcpus; i++) {
            boolean kernel = in.readBoolean();
            long[] f = new long[7];
            for (int j = 0; j < f.length; j++) f[j] = in.readLong();
            vs.add(new ParaVcpuState(kernel, f[0], f[1], f[2], f[3], f[4], f[5], f[6]));
        }
        long[] free = HypervisorCodec.longArray(in, MAX_FRAMES, "free pool pages");
        int first = in.readInt(), count = in.readInt();
        long[] views = HypervisorCodec.longArray(in, 2 * MAX_FRAMES, "user view bounds");
        int[] pinned = new int[HypervisorCodec.count(in, 2 * MAX_FRAMES, "pinned-table bounds")];
        for (int i = 0; i < pinned.length; i++) pinned[i] = in.readInt();
        String refusal = HypervisorCodec.name(in);
        boolean dropped = in.readBoolean();
        boolean[] lines = new boolean[32];
        for (int i = 0; i < lines.length; i++) lines[i] = in.readBoolean();
        return new ParaSnapshot(vs, free, first, count, views, pinned, refusal, dropped, lines, HypervisorCodec.name(in));
    }
}
