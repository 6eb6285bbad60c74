package org.virtlab.engine.hypervisor.full;

import org.virtlab.engine.mmu.Access;

/**
 * What {@link ShadowPageTables#handleFault} did about a physical page fault of the guest.
 *
 * @param kind       the outcome
 * @param access     the faulting access ({@link Access#FETCH}, LOAD or STORE)
 * @param va         the guest-virtual address (the tval of a fault injected into the guest)
 * @param gpa        the guest-physical address the access translated to ({@link Kind#FILLED},
 *                   {@link Kind#NOT_RAM}); for {@link Kind#GUEST_ACCESS_FAULT} the address of the
 *                   guest page-table entry outside RAM; -1 for {@link Kind#GUEST_PAGE_FAULT}
 * @param flushedTlb whether shadow entries were removed (pool exhausted, address space evicted or
 *                   dropped): the caller must flush the physical hart's TLB before resuming
 */
public record Fill(Kind kind, int access, long va, long gpa, boolean flushedTlb) {

    public enum Kind {
        /** The shadow now maps va for this access: retry the instruction. */
        FILLED,
        /** The guest's tables forbid the access: inject {@link #cause()} (a page fault) with tval = va. */
        GUEST_PAGE_FAULT,
        /** The guest's page-table walk touched a non-RAM guest-physical address: inject {@link #cause()} (an access fault). */
        GUEST_ACCESS_FAULT,
        /**
         * Translated (or Bare), but gpa is not the domain's RAM: emulate the device there, or
         * inject {@link #cause()} (an access fault). Never mapped in a shadow, so it faults every time.
         */
        NOT_RAM
    }

    /**
     * The exception the guest should see when the hypervisor does not handle the access itself:
     * the page-fault cause for {@link Kind#GUEST_PAGE_FAULT}, the access-fault cause otherwise
     * (privileged spec, "Exception Codes"); -1 for {@link Kind#FILLED}.
     */
    public int cause() {
        return switch (kind) {
            case FILLED -> -1;
            case GUEST_PAGE_FAULT -> Access.pageFault(access);
            case GUEST_ACCESS_FAULT, NOT_RAM -> Access.accessFault(access);
        };
    }
}
