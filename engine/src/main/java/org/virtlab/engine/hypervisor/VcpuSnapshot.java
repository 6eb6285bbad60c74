package org.virtlab.engine.hypervisor;

import java.util.Map;

/**
 * One vCPU in a {@link HypervisorSnapshot}: what the hypervisor core keeps for it (the
 * technique's per-vCPU state is in the domain's {@link TechniqueState}). A vCPU that was
 * running is saved as if it had just been switched out: its registers and pc are read from the
 * physical hart, and its retired count is brought up to date. The register array is copied in
 * and out.
 *
 * @param x             x0..x31 (x0 is zero)
 * @param retired       guest instructions retired so far
 * @param retiredAtLoad the physical hart's retired count when the vCPU was last loaded or accounted
 *                      (only meaningful while it runs)
 * @param counters      the vCPU's {@link EventCounters}
 */
public record VcpuSnapshot(int index, long[] x, long pc, VCpu.State state, long retired, long retiredAtLoad,
        Map<String, Long> counters) {

    public VcpuSnapshot {
        if (x.length != 32) throw new IllegalArgumentException("vCPU " + index + ": " + x.length + " registers, expected 32");
        if (x[0] != 0) throw new IllegalArgumentException("vCPU " + index + ": x0 is not zero");
        if (state == null) throw new IllegalArgumentException("vCPU " + index + ": no scheduling state");
        x = x.clone();
        counters = Map.copyOf(counters);
    }

    @Override
    public long[] x() {
        return x.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VcpuSnapshot s && index == s.index && java.util.Arrays.equals(x, s.x) && pc == s.pc
                && state == s.state && retired == s.retired && retiredAtLoad == s.retiredAtLoad && counters.equals(s.counters);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(index, pc, state, retired) * 31 + java.util.Arrays.hashCode(x);
    }
}
