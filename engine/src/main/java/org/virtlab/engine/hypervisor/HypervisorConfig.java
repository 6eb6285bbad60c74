package org.virtlab.engine.hypervisor;

import java.util.List;

/**
 * How the hypervisor stack is set up: the domains it boots, the scheduling quantum, whether
 * full virtualization keeps shadow tables per guest address space, the cost model and the
 * size of the event trace.
 *
 * @param domains          the domains booted at start (more can be created later)
 * @param quantumTicks     a weight-1 vCPU's time slice, in 10 MHz machine ticks
 * @param shadowCaching    keep shadows per guest address space (true) or rebuild them on every guest satp switch
 * @param costs            prices of hypervisor events for modeled cycles
 * @param traceCapacity    events kept in the trace ring
 * @param spareHostMemory  host RAM kept free for domains created later
 */
public record HypervisorConfig(List<DomainSpec> domains, long quantumTicks, boolean shadowCaching, CostModel costs,
                               int traceCapacity, long spareHostMemory) {

    /** 10 ms. */
    public static final long DEFAULT_QUANTUM_TICKS = 100_000;
    public static final int DEFAULT_TRACE_CAPACITY = 4096;
    /** Host RAM the hypervisor keeps for itself below the first domain. */
    static final long RESERVED = HostMemory.ALIGN;

    public HypervisorConfig {
        domains = List.copyOf(domains);
        if (quantumTicks < 1) throw new IllegalArgumentException("the scheduling quantum must be positive");
        if (traceCapacity < 1) throw new IllegalArgumentException("the trace needs room for at least one event");
        if (spareHostMemory < 0) throw new IllegalArgumentException("spare host memory must not be negative");
    }

    /** Defaults for everything but the domains. */
    public static HypervisorConfig of(List<DomainSpec> domains) {
        return new HypervisorConfig(domains, DEFAULT_QUANTUM_TICKS, true, CostModel.defaults(), DEFAULT_TRACE_CAPACITY, 0);
    }

    public HypervisorConfig withShadowCaching(boolean on) {
        return new HypervisorConfig(domains, quantumTicks, on, costs, traceCapacity, spareHostMemory);
    }

    public HypervisorConfig withSpareHostMemory(long bytes) {
        return new HypervisorConfig(domains, quantumTicks, shadowCaching, costs, traceCapacity, bytes);
    }

    /** Shadow-table pool of a domain with {@code guestMemory} bytes of RAM: 1/8 of it, 2-64 MiB. */
    static long poolBytes(long guestMemory) {
        return Math.max(2L << 20, Math.min(64L << 20, guestMemory / 8));
    }

    /** Host RAM a domain takes: its RAM and its shadow pool, 2 MiB-aligned. */
    static long footprint(DomainSpec d) {
        long mem = (d.guest().memoryBytes() + HostMemory.ALIGN - 1) & ~(HostMemory.ALIGN - 1);
        return mem + poolBytes(d.guest().memoryBytes());
    }

    /** Host RAM the physical machine needs for the hypervisor and every domain. */
    public long hostMemoryBytes() {
        long total = RESERVED + spareHostMemory;
        for (DomainSpec d : domains) total += footprint(d);
        return total;
    }
}
