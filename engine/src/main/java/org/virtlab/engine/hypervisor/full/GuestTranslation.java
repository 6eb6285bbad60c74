package org.virtlab.engine.hypervisor.full;

/**
 * The outcome of walking a guest's own page tables for one access ({@link GuestPageWalk}).
 *
 * @param result what the walk found
 * @param gpa    {@link Result#OK}: the guest-physical address of the access;
 *               {@link Result#ACCESS_FAULT}: the guest-physical address of the page-table entry
 *               that is not RAM; {@link Result#PAGE_FAULT}: -1
 * @param pte    {@link Result#OK}: the guest's leaf entry, with the A and D bits this access set
 *               (0 when the guest's translation is Bare)
 * @param level  {@link Result#OK}: the level of that leaf, 0 = 4 KiB page, 1 = 2 MiB megapage,
 *               2 = 1 GiB gigapage
 */
public record GuestTranslation(Result result, long gpa, long pte, int level) {

    public enum Result {
        /** Translated: the guest's tables allow the access. */
        OK,
        /** The guest's tables forbid the access, or are malformed: a page fault for the guest. */
        PAGE_FAULT,
        /** The walk read a page-table entry outside the domain's RAM: an access fault for the guest. */
        ACCESS_FAULT
    }

    static final GuestTranslation PAGE_FAULT = new GuestTranslation(Result.PAGE_FAULT, -1, 0, 0);

    public boolean ok() {
        return result == Result.OK;
    }
}
