package org.virtlab.engine.snapshot;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.hypervisor.CostModel;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainSnapshot;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.HypervisorSnapshot;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.hypervisor.TechniqueState;
import org.virtlab.engine.hypervisor.VCpu;
import org.virtlab.engine.hypervisor.VcpuSnapshot;
import org.virtlab.engine.hypervisor.VirtualBoardState;
import org.virtlab.engine.machine.MachineConfig;

/**
 * The hypervisor's sections of a snapshot file (format 2; docs/snapshots.md, "File format"):
 *
 * <pre>
 *   HCFG  the hypervisor configuration: quantum, shadow caching, trace size, spare host RAM,
 *         the cost model's prices, and the domains booted at start (each a name, technique,
 *         weight and the guest's MCFG + BCFG, its images included)
 *   HYPV  the hypervisor's state: next domain id, free host ranges, counters, each physical
 *         hart's vCPU, slice end and PMP window, the run queue, then one DOMN per domain:
 *         id, spec (with its disk overlay), host range and pool, state, exit code, reset time (-1: none),
 *         counters, its vCPUs (registers, pc, scheduling state, retired counts, counters), its
 *         virtual board (the same device encoding as DEVS, plus MMIO counts) and its
 *         technique's state ({@link TechniqueCodec}); last the shared console's open line
 * </pre>
 *
 * Boot images go through one {@link ImageTable} per file, so an image several domains run is
 * stored once. Counters are written sorted by key. Reading checks every count before allocating and lets
 * the records' constructors check consistency; {@code Hypervisor.restore} checks the rest.
 */
final class HypervisorCodec {
    static final int TAG_HYPERVISOR_CONFIG = 0x4843_4647;   // "HCFG"
    static final int TAG_HYPERVISOR = 0x4859_5056;          // "HYPV"
    static final int TAG_DOMAIN = 0x444F_4D4E;              // "DOMN"

    private static final int MAX_DOMAINS = 4096;
    private static final int MAX_COUNTERS = 1 << 16;
    private static final int MAX_NAME = 4096;

    private HypervisorCodec() { }

    // ---- configuration ---------------------------------------------------------------------------

    static void writeConfig(DataOutputStream out, HypervisorConfig c, ImageTable images) throws IOException {
        out.writeInt(TAG_HYPERVISOR_CONFIG);
        out.writeLong(c.quantumTicks());
        out.writeBoolean(c.shadowCaching());
        out.writeInt(c.traceCapacity());
        out.writeLong(c.spareHostMemory());
        Map<String, CostModel.Price> prices = c.costs().prices();
        out.writeInt(prices.size());
        for (Map.Entry<String, CostModel.Price> e : prices.entrySet()) {
            StateCodec.string(out, e.getKey());
            out.writeLong(e.getValue().cycles());
            StateCodec.string(out, e.getValue().source());
        }
        out.writeInt(c.domains().size());
        for (DomainSpec d : c.domains()) writeSpec(out, d, null, images);
    }

    static HypervisorConfig readConfig(DataInputStream in, ImageTable images) throws IOException {
        StateCodec.expect(in, TAG_HYPERVISOR_CONFIG, "hypervisor configuration");
        long quantum = in.readLong();
        boolean caching = in.readBoolean();
        int trace = in.readInt();
        long spare = in.readLong();
        int n = count(in, MAX_COUNTERS, "cost model prices");
        Map<String, CostModel.Price> prices = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) prices.put(name(in), new CostModel.Price(in.readLong(), name(in)));
        int domains = count(in, MAX_DOMAINS, "booted domains");
        List<DomainSpec> specs = new ArrayList<>();
        for (int i = 0; i < domains; i++) specs.add(readSpec(in, images).spec());
        return new HypervisorConfig(specs, quantum, caching, CostModel.of(prices), trace, spare);
    }

    /** A domain spec: name, technique, weight, the guest's machine and board configuration (its disk described by {@code disk}). */
    private static void writeSpec(DataOutputStream out, DomainSpec d, BoardSnapshot.Disk disk, ImageTable images)
            throws IOException {
        StateCodec.string(out, d.name());
        out.writeInt(d.technique().ordinal());
        out.writeInt(d.weight());
        StateCodec.writeMachineConfig(out, d.guest().machineConfig());
        StateCodec.writeBoardConfig(out, d.guest(), disk, images);
    }

    private record SpecParts(DomainSpec spec, BoardSnapshot.Disk disk) { }

    private static SpecParts readSpec(DataInputStream in, ImageTable images) throws IOException {
        String name = name(in);
        Technique technique = ordinal(in, Technique.values(), "technique");
        int weight = in.readInt();
        MachineConfig machine = StateCodec.readMachineConfig(in);
        StateCodec.BoardParts board = StateCodec.readBoardConfig(in, machine, null, images);
        return new SpecParts(new DomainSpec(name, board.config(), technique, weight), board.disk());
    }

    // ---- state -----------------------------------------------------------------------------------

    static void writeState(DataOutputStream out, HypervisorSnapshot h, ImageTable images) throws IOException {
        out.writeInt(TAG_HYPERVISOR);
        out.writeInt(h.nextDomainId());
        StateCodec.longs(out, h.freeHostRanges());
        counters(out, h.counters());
        out.writeInt(h.pcpus().size());
        for (HypervisorSnapshot.PhysicalCpuState p : h.pcpus()) {
            out.writeBoolean(p.current() != null);
            if (p.current() != null) ref(out, p.current());
            out.writeLong(p.sliceEnd());
            out.writeInt(p.pmpDomain());
        }
        out.writeInt(h.runQueue().size());
        for (HypervisorSnapshot.VcpuRef r : h.runQueue()) ref(out, r);
        out.writeInt(h.domains().size());
        for (DomainSnapshot d : h.domains()) writeDomain(out, d, images);
        out.writeInt(h.consoleLine());
    }

    static HypervisorSnapshot readState(DataInputStream in, MachineConfig machine, ImageTable images) throws IOException {
        StateCodec.expect(in, TAG_HYPERVISOR, "hypervisor state");
        int next = in.readInt();
        long[] free = longArray(in, 2 * MAX_DOMAINS + 2, "free host range bounds");
        Map<String, Long> counters = counters(in);
        int harts = in.readInt();
        if (harts != machine.harts()) throw new IOException("the hypervisor ran " + harts + " harts, the machine has " + machine.harts());
        List<HypervisorSnapshot.PhysicalCpuState> pcpus = new ArrayList<>();
        for (int i = 0; i < harts; i++) {
            HypervisorSnapshot.VcpuRef current = in.readBoolean() ? ref(in) : null;
            pcpus.add(new HypervisorSnapshot.PhysicalCpuState(current, in.readLong(), in.readInt()));
        }
        int queued = count(in, MAX_DOMAINS * 16, "queued vCPUs");
        List<HypervisorSnapshot.VcpuRef> queue = new ArrayList<>();
        for (int i = 0; i < queued; i++) queue.add(ref(in));
        int n = count(in, MAX_DOMAINS, "domains");
        List<DomainSnapshot> domains = new ArrayList<>();
        for (int i = 0; i < n; i++) domains.add(readDomain(in, machine, images));
        return new HypervisorSnapshot(next, free, counters, pcpus, queue, domains, in.readInt());
    }

    private static void writeDomain(DataOutputStream out, DomainSnapshot d, ImageTable images) throws IOException {
        out.writeInt(TAG_DOMAIN);
        out.writeInt(d.id());
        writeSpec(out, d.spec(), d.disk(), images);
        out.writeLong(d.hostStart());
        out.writeLong(d.hostSize());
        out.writeLong(d.poolBase());
        out.writeInt(d.poolPages());
        out.writeInt(d.state().ordinal());
        out.writeInt(d.exitCode());
        out.writeLong(d.rebootAt());
        counters(out, d.counters());
        out.writeInt(d.vcpus().size());
        for (VcpuSnapshot v : d.vcpus()) {
            out.writeInt(v.index());
            for (long x : v.x()) out.writeLong(x);
            out.writeLong(v.pc());
            out.writeInt(v.state().ordinal());
            out.writeLong(v.retired());
            out.writeLong(v.retiredAtLoad());
            counters(out, v.counters());
        }
        VirtualBoardState b = d.board();
        StateCodec.writeDeviceStates(out, b.clint(), b.plic(), b.uart(), b.rtc(), b.virtio(), b.blk(), b.rng(), b.virtioConsole());
        StateCodec.longs(out, b.mmioReads());
        StateCodec.longs(out, b.mmioWrites());
        TechniqueCodec.write(out, d.technique());
    }

    private static DomainSnapshot readDomain(DataInputStream in, MachineConfig machine, ImageTable images) throws IOException {
        StateCodec.expect(in, TAG_DOMAIN, "domain");
        int id = in.readInt();
        SpecParts spec = readSpec(in, images);
        long hostStart = in.readLong(), hostSize = in.readLong(), poolBase = in.readLong();
        int poolPages = in.readInt();
        Domain.State state = ordinal(in, Domain.State.values(), "domain state");
        int exitCode = in.readInt();
        long reboot = in.readLong();
        Map<String, Long> counters = counters(in);
        int n = in.readInt();
        if (n != spec.spec().guest().harts()) throw new IOException("domain " + id + ": " + n + " vCPUs");
        List<VcpuSnapshot> vcpus = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int index = in.readInt();
            long[] x = new long[32];
            for (int r = 0; r < 32; r++) x[r] = in.readLong();
            long pc = in.readLong();
            VCpu.State vs = ordinal(in, VCpu.State.values(), "vCPU state");
            vcpus.add(new VcpuSnapshot(index, x, pc, vs, in.readLong(), in.readLong(), counters(in)));
        }
        StateCodec.DeviceParts dev = StateCodec.readDeviceStates(in, n);
        long[] reads = longArray(in, 64, "MMIO windows");
        long[] writes = longArray(in, 64, "MMIO windows");
        VirtualBoardState board = new VirtualBoardState(dev.clint(), dev.plic(), dev.uart(), dev.rtc(), dev.virtio(),
                dev.blk(), dev.rng(), dev.console(), reads, writes);
        TechniqueState technique = TechniqueCodec.read(in, n, machine.harts());
        return new DomainSnapshot(id, spec.spec(), spec.disk(), null, hostStart, hostSize, poolBase, poolPages, state,
                exitCode, reboot, counters, vcpus, board, technique);
    }

    // ---- pieces ----------------------------------------------------------------------------------

    private static void ref(DataOutputStream out, HypervisorSnapshot.VcpuRef r) throws IOException {
        out.writeInt(r.domain());
        out.writeInt(r.vcpu());
    }

    private static HypervisorSnapshot.VcpuRef ref(DataInputStream in) throws IOException {
        return new HypervisorSnapshot.VcpuRef(in.readInt(), in.readInt());
    }

    /** Counters sorted by key, so equal counters are equal bytes (and equal state hashes). */
    private static void counters(DataOutputStream out, Map<String, Long> counters) throws IOException {
        Map<String, Long> sorted = new TreeMap<>(counters);
        out.writeInt(sorted.size());
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            StateCodec.string(out, e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static Map<String, Long> counters(DataInputStream in) throws IOException {
        int n = count(in, MAX_COUNTERS, "counters");
        Map<String, Long> m = new TreeMap<>();
        for (int i = 0; i < n; i++) m.put(name(in), in.readLong());
        return m;
    }

    /** A count in 0..max, refused before anything is allocated for it. */
    static int count(DataInputStream in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) throw new IOException(n + " " + what);
        return n;
    }

    /** What {@link StateCodec#longs(DataOutputStream, long[])} wrote: a length in 0..max, then the values. */
    static long[] longArray(DataInputStream in, int max, String what) throws IOException {
        long[] v = new long[count(in, max, what)];
        for (int i = 0; i < v.length; i++) v[i] = in.readLong();
        return v;
    }

    /** A short string (a name, a counter key, a price's source), at most 4 KiB, or null. */
    static String name(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > MAX_NAME) throw new IOException("a name of " + n + " bytes");
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    static <E extends Enum<E>> E ordinal(DataInputStream in, E[] values, String what) throws IOException {
        int i = in.readInt();
        if (i < 0 || i >= values.length) throw new IOException("unknown " + what + " " + i);
        return values[i];
    }
}
