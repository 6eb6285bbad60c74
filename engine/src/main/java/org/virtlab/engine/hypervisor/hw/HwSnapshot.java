package org.virtlab.engine.hypervisor.hw;

import java.util.List;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.hypervisor.TechniqueState;

/**
 * A hardware-virtualized domain in a snapshot: each vCPU's VS state, vCPU 0 first, and for each
 * physical hart the vCPU of this domain it ran last (-1: none), which decides whether entering
 * flushes cached guest translations. The G-stage tables are not in the record: they live in the
 * domain's pool in RAM, which the snapshot holds, and a restore finds them where
 * {@link GStageTables#inPool} says they are, without writing them again.
 */
public record HwSnapshot(List<HwVcpuState> vcpus, int[] lastOnHart) implements TechniqueState {

    public HwSnapshot {
        vcpus = List.copyOf(vcpus);
        lastOnHart = lastOnHart.clone();
    }

    @Override
    public int[] lastOnHart() {
        return lastOnHart.clone();
    }

    @Override
    public Technique technique() {
        return Technique.HW;
    }
}
