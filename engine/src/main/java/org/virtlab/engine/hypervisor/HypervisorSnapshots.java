package org.virtlab.engine.hypervisor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;
import org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk;

/**
 * Saving a domain and restoring the whole hypervisor through the package-private fields of
 * {@link Hypervisor}, {@link Domain} and {@link VCpu} (as {@code cpu.HartSnapshots} does for a
 * hart); docs/snapshots.md, "The hypervisor stack". {@link Hypervisor#save} and
 * {@link Hypervisor#restore} are the public face.
 *
 * <p>A restore checks what the records cannot check alone — that domains' host ranges do not
 * overlap each other or the free ranges, that queued and running vCPUs exist and are in the
 * state their place says — so a damaged snapshot is refused with an
 * {@link IllegalArgumentException} rather than run.
 */
final class HypervisorSnapshots {

    /** A domain's disk as a snapshot keeps it: what it holds, and the live image under it. */
    record SavedDisk(BoardSnapshot.Disk disk, BlockBackend base) { }

    private HypervisorSnapshots() { }

    // ---- saving -------------------------------------------------------------------------------------

    /**
     * What the domain's disk holds, or null without one.
     *
     * @throws IllegalStateException the disk writes through to its file, which a snapshot could not hold
     */
    static SavedDisk disk(Domain d) {
        BlockBackend live = d.spec().guest().disk();
        if (live == null) return null;
        if (live instanceof CopyOnWriteDisk cow)
            return new SavedDisk(new BoardSnapshot.Disk(live.name(), live.size(), false, true, cow.overlay()), cow.base());
        if (live.readOnly()) return new SavedDisk(new BoardSnapshot.Disk(live.name(), live.size(), true, false, Map.of()), live);
        throw new IllegalStateException("cannot snapshot domain " + d.name() + ": its disk " + live.name()
                + " is written in place (--disk FILE,writable), so the file would change under the snapshot; "
                + "use the default copy-on-write disk");
    }

    /** The domain's state; a vCPU on a hart is read from it. */
    static DomainSnapshot save(Domain d, SavedDisk disk, TechniqueState technique) {
        DomainSpec spec = d.spec();
        DomainSpec bare = new DomainSpec(spec.name(), spec.guest().toBuilder().disk(null).build(), spec.technique(),
                spec.weight());
        List<VcpuSnapshot> vcpus = new ArrayList<>();
        for (VCpu v : d.vcpus) vcpus.add(v.save(v.pcpu == null ? null : v.pcpu.hart));
        return new DomainSnapshot(d.id(), bare, disk == null ? null : disk.disk(), disk == null ? null : disk.base(),
                d.hostStart, d.hostSize, d.poolBase, d.poolPages, d.state, d.exitCode, d.rebootAt,
                d.counters.snapshot(), vcpus, d.board.save(), technique);
    }

    // ---- restoring ----------------------------------------------------------------------------------

    /** Puts the saved state into a hypervisor that has just been constructed on a restored machine. */
    static void restore(Hypervisor hv, HypervisorSnapshot saved) {
        hv.hostMemory().restoreFree(saved.freeHostRanges());
        hv.restoreIds(saved.nextDomainId());
        saved.counters().forEach(hv.counters()::add);
        checkHostRanges(hv, saved);
        Map<Integer, Domain> domains = hv.domainMap();
        for (DomainSnapshot s : saved.domains()) {
            if (domains.containsKey(s.id())) throw new IllegalArgumentException("hypervisor snapshot: domain " + s.id() + " twice");
            domains.put(s.id(), domain(hv, s));
        }
        for (HypervisorSnapshot.VcpuRef r : saved.runQueue()) {
            VCpu v = vcpu(domains, r);
            if (v.state != VCpu.State.RUNNABLE || hv.runQueue().contains(v))
                throw new IllegalArgumentException("hypervisor snapshot: the run queue holds " + v);
            hv.runQueue().add(v);
        }
        PhysicalCpu[] pcpus = hv.pcpus();
        if (saved.pcpus().size() != pcpus.length)
            throw new IllegalArgumentException("hypervisor snapshot: " + saved.pcpus().size() + " physical harts, the machine has "
                    + pcpus.length);
        for (int i = 0; i < pcpus.length; i++) {
            HypervisorSnapshot.PhysicalCpuState c = saved.pcpus().get(i);
            PhysicalCpu p = pcpus[i];
            if (c.pmpDomain() != -1 && !domains.containsKey(c.pmpDomain()))
                throw new IllegalArgumentException("hypervisor snapshot: hart " + i + " holds the PMP window of no domain");
            p.sliceEnd = c.sliceEnd();
            p.pmpDomain = c.pmpDomain();
            if (c.current() == null) continue;
            VCpu v = vcpu(domains, c.current());
            if (v.pcpu != null || v.state == VCpu.State.RUNNABLE || v.state == VCpu.State.WAITING)
                throw new IllegalArgumentException("hypervisor snapshot: hart " + i + " runs " + v);
            v.pcpu = p;
            p.current = v;
        }
        for (Domain d : domains.values())
            for (VCpu v : d.vcpus)
                if (v.state == VCpu.State.RUNNING && v.pcpu == null)
                    throw new IllegalArgumentException("hypervisor snapshot: " + v + " is on no hart");
        for (PhysicalCpu p : pcpus) if (p.current != null) p.current.domain().virtualization.resumeOn(p.current, p.hart);
    }

    /** One domain, built as {@link Hypervisor#createDomain} builds it but from its saved state. */
    private static Domain domain(Hypervisor hv, DomainSnapshot s) {
        BoardConfig guest = s.spec().guest();
        if (s.disk() != null) guest = guest.toBuilder().disk(s.disk().over(s.diskBase())).build();
        DomainSpec spec = new DomainSpec(s.spec().name(), guest, s.spec().technique(), s.spec().weight());
        long mem = guest.memoryBytes();
        long poolBase = s.hostStart() + ((mem + HostMemory.ALIGN - 1) & ~(HostMemory.ALIGN - 1));
        if (s.poolBase() != poolBase || (long) s.poolPages() << 12 != s.hostStart() + s.hostSize() - poolBase
                || !hv.machine().ram().contains(s.hostStart(), s.hostSize()))
            throw new IllegalArgumentException("hypervisor snapshot: domain " + s.id() + "'s host range does not fit its memory");
        DomainMemory memory = new DomainMemory(hv.machine().ram(), s.hostStart(), mem);
        Domain d = new Domain(s.id(), spec, memory, s.hostStart(), s.hostSize(), s.poolBase(), s.poolPages(),
                hv.consoleOf(s.id()));
        d.state = s.state();
        d.exitCode = s.exitCode();
        d.rebootAt = s.rebootAt();
        s.counters().forEach(d.counters::add);
        hv.build(d, s);
        return d;
    }

    private static VCpu vcpu(Map<Integer, Domain> domains, HypervisorSnapshot.VcpuRef r) {
        Domain d = domains.get(r.domain());
        if (d == null || r.vcpu() < 0 || r.vcpu() >= d.vcpus.size())
            throw new IllegalArgumentException("hypervisor snapshot: no vCPU " + r.vcpu() + " in domain " + r.domain());
        return d.vcpus.get(r.vcpu());
    }

    /** The host ranges of live domains and the free ranges must not overlap: every byte has one owner. */
    private static void checkHostRanges(Hypervisor hv, HypervisorSnapshot saved) {
        List<long[]> ranges = new ArrayList<>();
        long[] free = saved.freeHostRanges();
        for (int i = 0; i < free.length; i += 2) ranges.add(new long[] {free[i], free[i] + free[i + 1]});
        for (DomainSnapshot d : saved.domains())
            if (d.state() != Domain.State.DESTROYED) ranges.add(new long[] {d.hostStart(), d.hostStart() + d.hostSize()});
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < ranges.size(); i++)
            if (ranges.get(i)[0] < ranges.get(i - 1)[1])
                throw new IllegalArgumentException(String.format("hypervisor snapshot: host RAM at 0x%x has two owners",
                        ranges.get(i)[0]));
    }
}
