package org.virtlab.engine.hypervisor;

/**
 * The saved state of one domain's {@link Virtualization} (its technique): what a snapshot keeps
 * beyond the core's vCPU registers and scheduling — {@code full.FullSnapshot} (each vCPU's
 * virtual CSR file), {@code hw.HwSnapshot} (each vCPU's VS state), {@code para.ParaSnapshot}
 * (pinned tables, user views, events, info pages). Each technique rebuilds itself from its own
 * kind through a constructor beside its boot constructor.
 */
public interface TechniqueState {

    /** The technique this state belongs to. */
    Technique technique();
}
