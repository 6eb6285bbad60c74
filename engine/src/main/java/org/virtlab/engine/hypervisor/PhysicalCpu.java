package org.virtlab.engine.hypervisor;

import org.virtlab.engine.cpu.Hart;

/** A physical hart as the hypervisor schedules it: which vCPU it runs and until when. */
final class PhysicalCpu {
    final Hart hart;
    /** The vCPU whose state is in the hart, or null while the hart idles. */
    VCpu current;
    /** Machine time at which the current vCPU's slice ends. */
    long sliceEnd;
    /** Domain whose PMP window the hart holds (-1: none). */
    int pmpDomain = -1;

    PhysicalCpu(Hart hart) {
        this.hart = hart;
    }

    int id() {
        return hart.id();
    }
}
