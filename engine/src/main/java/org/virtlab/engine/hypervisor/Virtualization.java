package org.virtlab.engine.hypervisor;

import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Trap;

/**
 * How one domain's vCPUs run on physical harts: the part of the hypervisor that differs between
 * techniques (full, hw, para). The {@link Hypervisor} core owns scheduling, registers, memory
 * partitioning and devices; a technique decides which mode the guest runs in, how its traps
 * are handled and how virtual interrupts reach it.
 */
public interface Virtualization {

    /** The vCPU's registers and pc are in {@code hart}: set the physical mode, translation and enables. */
    void enter(VCpu vcpu, Hart hart);

    /**
     * The vCPU leaves {@code hart} (switched out, waiting, stopped, destroyed) after the core saved
     * its registers: save what the technique keeps in the hart, and leave the hart so that the
     * next vCPU's {@link #enter} starts from a clean state. Default: nothing to do.
     */
    default void leave(VCpu vcpu, Hart hart) {
    }

    /** A synchronous exception from the guest on {@code hart} (interrupts are the core's). */
    void trap(VCpu vcpu, Hart hart, Trap trap);

    /**
     * Counts a trap that took {@code hart} from the vCPU into the hypervisor, exception or
     * interrupt; {@code key} is the core's name for it ("trap.illegal_instruction",
     * "trap.timer", "trap.ipi"). Default: counts {@code key} for the vCPU. A technique that
     * counts its exits by reason itself (hw: "exit.sbi.TIME", ...) overrides this.
     */
    default void countTrap(VCpu vcpu, Hart hart, Trap trap, String key) {
        vcpu.domain().count(vcpu, key);
    }

    /** Enters the guest's handler for a pending virtual interrupt it can take now; true if one was taken. */
    boolean deliverInterrupt(VCpu vcpu, Hart hart);

    /** Whether a virtual interrupt is pending that the guest would take now (so a running vCPU needs a kick). */
    boolean hasDeliverableInterrupt(VCpu vcpu);

    /** Whether a vCPU waiting in WFI should wake. */
    boolean wakes(VCpu vcpu);

    /** The machine time at which a virtual timer of this vCPU fires, or Long.MAX_VALUE. */
    long timerDeadline(VCpu vcpu);

    /** A virtual device drives interrupt line {@code mipBit} (MSIP 3, MTIP 7, SEIP 9, MEIP 11) of the vCPU. */
    void interruptLine(VCpu vcpu, int mipBit, boolean level);

    /** The domain is gone: free what the technique holds. */
    void release();

    // ---- snapshots (docs/snapshots.md, "The hypervisor stack") -----------------------------------

    /**
     * The technique's state for a snapshot, between runs. A vCPU that runs is read from its
     * hart without disturbing it, as if it had just left ({@link #leave}).
     *
     * @throws IllegalStateException the technique cannot be saved (it says why)
     */
    TechniqueState save();

    /**
     * Before a save: drops caches a snapshot does not keep (full virtualization's shadow
     * tables), so that the saved machine and every machine restored from the snapshot go on
     * from the same state. The hypervisor calls {@link #resumeOn} for the running vCPUs next.
     * Default: nothing to drop.
     */
    default void dropCaches() {
    }

    /**
     * The vCPU is on {@code hart} and the hart holds its state: just restored from a snapshot,
     * or still running after {@link #dropCaches}. Re-establishes what the technique keeps
     * outside the hart (which hart runs it, the translation root). Default: nothing.
     */
    default void resumeOn(VCpu vcpu, Hart hart) {
    }
}
