package org.virtlab.engine.hypervisor.full;

/**
 * The permissions of a shadow leaf, derived from the guest's leaf and the shadow's context.
 *
 * <p>The physical hart runs the guest in U-mode, so every shadow leaf has U = 1, and the guest's
 * own privilege rules are applied here instead (privileged spec, "Sv39", "Memory Privilege in
 * mstatus"):
 * <ul>
 * <li>R when the guest allows a load (R, or X with MXR);
 * <li>W only when the guest allows a store AND its D bit is already set: a page that is
 *     writable but clean is mapped read-only, so the first store faults to the hypervisor,
 *     which sets D in the guest's entry as the hardware would and upgrades the shadow;
 * <li>X when the guest allows a fetch in this context: never for U pages under S_SUM (SUM
 *     opens user pages to loads and stores only);
 * <li>A = 1 always (the guest's A was set by the fill), D = 1 with W, G never.
 * </ul>
 * The guest walk has already refused pages the context cannot touch at all (U pages in S, S pages
 * in U), so they never reach here.
 */
final class ShadowLeaf {
    /** The identity shadow's leaves: RAM is readable, writable and executable. */
    static final long BARE_FLAGS = Pte.V | Pte.R | Pte.W | Pte.X | Pte.U | Pte.A | Pte.D;

    private ShadowLeaf() {
    }

    static long flags(long guestPte, int context, boolean mxr) {
        boolean userPage = (guestPte & Pte.U) != 0;
        boolean read = GuestPageWalk.readable(guestPte, mxr);
        boolean write = (guestPte & Pte.W) != 0 && (guestPte & Pte.D) != 0;
        boolean exec = (guestPte & Pte.X) != 0 && !(context == ShadowContext.S_SUM && userPage);
        return Pte.V | Pte.U | Pte.A
                | (read ? Pte.R : 0)
                | (write ? Pte.W | Pte.D : 0)
                | (exec ? Pte.X : 0);
    }

    /** Whether the leaf is readable only because MXR was set when it was filled. */
    static boolean readableOnlyThroughMxr(long guestPte, boolean mxr) {
        return mxr && (guestPte & Pte.R) == 0 && (guestPte & Pte.X) != 0;
    }
}
