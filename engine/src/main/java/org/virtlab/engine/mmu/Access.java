package org.virtlab.engine.mmu;

/** Kinds of memory access, as the MMU and PMP distinguish them. */
public final class Access {
    public static final int FETCH = 0;
    public static final int LOAD = 1;
    public static final int STORE = 2;   // stores and AMOs

    private Access() {
    }

    /** The page-fault cause for an access kind (privileged spec, "Exception Codes"). */
    public static int pageFault(int access) {
        return access == FETCH ? 12 : access == LOAD ? 13 : 15;
    }

    public static int accessFault(int access) {
        return access == FETCH ? 1 : access == LOAD ? 5 : 7;
    }

    public static int guestPageFault(int access) {
        return access == FETCH ? 20 : access == LOAD ? 21 : 23;
    }
}
