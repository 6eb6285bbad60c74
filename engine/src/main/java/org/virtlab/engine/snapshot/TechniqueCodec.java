package org.virtlab.engine.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.hypervisor.TechniqueState;
import org.virtlab.engine.hypervisor.full.FullSnapshot;
import org.virtlab.engine.hypervisor.full.VirtualHartState;
import org.virtlab.engine.hypervisor.hw.HwSnapshot;
import org.virtlab.engine.hypervisor.hw.HwVcpuState;
import org.virtlab.engine.hypervisor.para.ParaSnapshot;

/**
 * A domain technique's state in a snapshot file (the end of each DOMN section of HYPV): the
 * technique's number, then
 *
 * <pre>
 *   full  per vCPU: its VirtualHartState (privilege, every virtual CSR, 16 pmpaddr)
 *   hw    per vCPU: its VS state (HwVcpuState); then per physical hart the vCPU it ran last
 *   para  ParaCodec: per vCPU its PV state; the pool's free pages, the boot map, the user
 *         views, the validator's per-frame counts, the event lines, the kill reason
 * </pre>
 */
final class TechniqueCodec {
    private TechniqueCodec() { }

    static void write(DataOutputStream out, TechniqueState t) throws IOException {
        out.writeInt(t.technique().ordinal());
        if (t instanceof FullSnapshot f) {
            out.writeInt(f.vcpus().size());
            for (VirtualHartState v : f.vcpus()) writeVirtualHart(out, v);
        } else if (t instanceof HwSnapshot h) {
            out.writeInt(h.vcpus().size());
            for (HwVcpuState v : h.vcpus()) writeVs(out, v);
            StateCodec.ints(out, h.lastOnHart());
        } else if (t instanceof ParaSnapshot p) {
            ParaCodec.write(out, p);
        } else {
            throw new IllegalArgumentException("no encoding for " + t.getClass().getName());
        }
    }

    /** The state of a technique over {@code vcpus} vCPUs on a machine of {@code harts} harts. */
    static TechniqueState read(DataInputStream in, int vcpus, int harts) throws IOException {
        Technique t = HypervisorCodec.ordinal(in, Technique.values(), "technique");
        return switch (t) {
            case FULL -> {
                vcpuCount(in, vcpus);
                List<VirtualHartState> vs = new ArrayList<>();
                for (int i = 0; i < vcpus; i++) vs.add(readVirtualHart(in));
                yield new FullSnapshot(vs);
            }
            case HW -> {
                vcpuCount(in, vcpus);
                List<HwVcpuState> vs = new ArrayList<>();
                for (int i = 0; i < vcpus; i++) vs.add(readVs(in));
                int[] last = StateCodec.ints(in);
                if (last.length != harts) throw new IOException("hw: " + last.length + " harts, the machine has " + harts);
                yield new HwSnapshot(vs, last);
            }
            case PARA -> ParaCodec.read(in, vcpus);
        };
    }

    static void vcpuCount(DataInputStream in, int expected) throws IOException {
        int n = in.readInt();
        if (n != expected) throw new IOException("technique state for " + n + " vCPUs, expected " + expected);
    }

    private static void writeVirtualHart(DataOutputStream out, VirtualHartState v) throws IOException {
        out.writeInt(v.hartId());
        out.writeBoolean(v.platformOwnsMachineMode());
        out.writeInt(v.priv());
        for (long x : new long[] {v.mstatus(), v.medeleg(), v.mideleg(), v.mie(), v.mipSoftware(), v.mipLines(), v.mtvec(),
                v.mepc(), v.mcause(), v.mtval(), v.mscratch(), v.mcounteren(), v.scounteren(), v.menvcfg(), v.senvcfg(),
                v.stvec(), v.sepc(), v.scause(), v.stval(), v.sscratch(), v.satp(), v.stimecmp(), v.cycleOffset(),
                v.instretOffset(), v.pmpcfg0(), v.pmpcfg2()})
            out.writeLong(x);
        StateCodec.longs(out, v.pmpaddr());
    }

    private static VirtualHartState readVirtualHart(DataInputStream in) throws IOException {
        int hartId = in.readInt();
        boolean platform = in.readBoolean();
        int priv = in.readInt();
        long[] f = new long[26];
        for (int i = 0; i < f.length; i++) f[i] = in.readLong();
        long[] pmpaddr = StateCodec.longs(in, 16, "virtual pmpaddr");
        return new VirtualHartState(hartId, platform, priv, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9],
                f[10], f[11], f[12], f[13], f[14], f[15], f[16], f[17], f[18], f[19], f[20], f[21], f[22], f[23], f[24],
                f[25], pmpaddr);
    }

    private static void writeVs(DataOutputStream out, HwVcpuState v) throws IOException {
        out.writeInt(v.priv());
        for (long x : new long[] {v.vsstatus(), v.vstvec(), v.vsscratch(), v.vsepc(), v.vscause(), v.vstval(), v.vsatp(),
                v.vstimecmp(), v.scounteren(), v.senvcfg(), v.vsie(), v.hvip(), v.htimedelta()})
            out.writeLong(x);
        out.writeBoolean(v.seipLine());
        out.writeBoolean(v.ssipRequested());
        out.writeLong(v.retiredVs());
        out.writeLong(v.retiredVu());
        out.writeLong(v.hartVsAtEntry());
        out.writeLong(v.hartVuAtEntry());
        out.writeBoolean(v.flushOnEntry());
    }

    private static HwVcpuState readVs(DataInputStream in) throws IOException {
        int priv = in.readInt();
        long[] f = new long[13];
        for (int i = 0; i < f.length; i++) f[i] = in.readLong();
        boolean seip = in.readBoolean(), ssip = in.readBoolean();
        return new HwVcpuState(priv, f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], seip,
                ssip, in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readBoolean());
    }
}
