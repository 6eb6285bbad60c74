package org.virtlab.engine.hypervisor.full;

/**
 * One guest address space (one guest satp value: MODE, ASID, root PPN) and its shadows, one per
 * translated {@link ShadowContext} (S, S_SUM, U), each made on first use.
 */
final class AddressSpace {
    final long satp;
    private final Shadow[] shadows = new Shadow[ShadowContext.COUNT];

    AddressSpace(long satp) {
        this.satp = satp;
    }

    /** satp.ASID (bits 59:44). */
    long asid() {
        return (satp >>> 44) & 0xFFFF;
    }

    Shadow shadow(int context) {
        return shadows[context];
    }

    void setShadow(int context, Shadow s) {
        shadows[context] = s;
    }

    void unmap(long va) {
        for (Shadow s : shadows) if (s != null) s.unmap(va);
    }

    /** Returns all pages to the pool. */
    void release() {
        for (int c = 0; c < shadows.length; c++) {
            if (shadows[c] != null) shadows[c].release();
            shadows[c] = null;
        }
    }

    /** Whether {@code keep} is one of this address space's shadows. */
    boolean holds(Shadow keep) {
        if (keep == null) return false;
        for (Shadow s : shadows) if (s == keep) return true;
        return false;
    }

    /** Releases every shadow except {@code keep}, which is cleared but keeps its root. */
    void releaseExcept(Shadow keep) {
        for (int c = 0; c < shadows.length; c++) {
            if (shadows[c] == null) continue;
            if (shadows[c] == keep) {
                keep.clear();
            } else {
                shadows[c].release();
                shadows[c] = null;
            }
        }
    }
}
