package org.virtlab.engine.hypervisor.sbi;

/**
 * The fence a remote-fence call asks the target vCPUs to execute (SBI spec v2.0, chapter
 * "RFENCE Extension", and the legacy EIDs 0x05-0x07).
 */
public enum FenceKind {
    /** FENCE.I: the vCPU must see earlier stores to instruction memory. */
    FENCE_I,
    /** SFENCE.VMA over a virtual address range, every address space. */
    SFENCE_VMA,
    /** SFENCE.VMA over a virtual address range, one ASID only. */
    SFENCE_VMA_ASID
}
