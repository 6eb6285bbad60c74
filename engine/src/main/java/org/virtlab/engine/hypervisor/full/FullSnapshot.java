package org.virtlab.engine.hypervisor.full;

import java.util.List;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.hypervisor.TechniqueState;

/**
 * A full-virtualization domain in a snapshot: each vCPU's virtual privilege and CSR file,
 * vCPU 0 first. The shadow page tables are not saved: they are a cache of the guest's own
 * tables, and a restored domain starts with empty shadows that its next accesses fill
 * ({@link FullVirtualization#dropCaches}).
 */
public record FullSnapshot(List<VirtualHartState> vcpus) implements TechniqueState {

    public FullSnapshot {
        vcpus = List.copyOf(vcpus);
    }

    @Override
    public Technique technique() {
        return Technique.FULL;
    }
}
