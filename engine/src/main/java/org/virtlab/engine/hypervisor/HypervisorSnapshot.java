package org.virtlab.engine.hypervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;

/**
 * The hypervisor at a slice boundary ({@link Hypervisor#save}), beside the physical board it
 * runs on (docs/snapshots.md, "The hypervisor stack"): the host RAM allocator, every domain
 * created since boot (destroyed ones too, as {@link Hypervisor#domains} lists them), the
 * scheduler — run queue order, what each physical hart runs, its slice end and PMP window —
 * and the hypervisor-wide counters. {@link Hypervisor#restore} builds a hypervisor from it
 * through the same code as boot, so the restored one makes the same scheduling decisions.
 *
 * <p>Not saved: the event trace (it restarts empty), management commands submitted but not yet
 * run, the full-virtualization shadow tables (a cache, rebuilt on demand; the save drops the
 * original's too, so both continue identically), and statistics outside the counters (SBI
 * call counts, device metrics), which restart from zero as on the bare board.
 *
 * @param nextDomainId   the id the next created domain gets
 * @param freeHostRanges the host RAM allocator's free ranges as (start, size) pairs, lowest first
 * @param counters       the hypervisor-wide {@link EventCounters}
 * @param pcpus          one per physical hart, hart 0 first
 * @param runQueue       the runnable vCPUs in queue order
 * @param consoleLine    on a board whose domains share one console ({@link DomainConsoles}), the
 *                       domain whose line is open, so the restored console goes on mid-line; -1: none
 */
public record HypervisorSnapshot(int nextDomainId, long[] freeHostRanges, Map<String, Long> counters,
        List<PhysicalCpuState> pcpus, List<VcpuRef> runQueue, List<DomainSnapshot> domains, int consoleLine) {

    /** A vCPU by domain id and vCPU index. */
    public record VcpuRef(int domain, int vcpu) { }

    /**
     * What a physical hart runs.
     *
     * @param current   the vCPU whose registers are in the hart, or null while it idles
     * @param sliceEnd  machine time at which that vCPU's slice ends
     * @param pmpDomain the domain whose PMP window the hart holds, or -1
     */
    public record PhysicalCpuState(VcpuRef current, long sliceEnd, int pmpDomain) { }

    public HypervisorSnapshot {
        freeHostRanges = freeHostRanges.clone();
        counters = Map.copyOf(counters);
        pcpus = List.copyOf(pcpus);
        runQueue = List.copyOf(runQueue);
        domains = List.copyOf(domains);
        if (nextDomainId < 0) throw new IllegalArgumentException("hypervisor snapshot: next domain id " + nextDomainId);
        for (DomainSnapshot d : domains)
            if (d.id() >= nextDomainId)
                throw new IllegalArgumentException("hypervisor snapshot: domain " + d.id() + " but the next id is " + nextDomainId);
    }

    @Override
    public long[] freeHostRanges() {
        return freeHostRanges.clone();
    }

    /** The domain with id {@code id}, or null. */
    public DomainSnapshot domain(int id) {
        for (DomainSnapshot d : domains) if (d.id() == id) return d;
        return null;
    }

    /** The same snapshot with {@code base} under every saved disk overlay that has no image yet. */
    public HypervisorSnapshot withDiskBase(BlockBackend base) {
        List<DomainSnapshot> ds = new ArrayList<>();
        for (DomainSnapshot d : domains) ds.add(d.withDiskBase(base));
        return new HypervisorSnapshot(nextDomainId, freeHostRanges, counters, pcpus, runQueue, ds, consoleLine);
    }

    /** The same snapshot with the shared console's open line ({@link DomainConsoles#openLine}). */
    public HypervisorSnapshot withConsoleLine(int domain) {
        return new HypervisorSnapshot(nextDomainId, freeHostRanges, counters, pcpus, runQueue, domains, domain);
    }
}
