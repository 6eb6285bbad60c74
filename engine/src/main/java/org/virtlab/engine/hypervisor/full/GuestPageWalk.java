package org.virtlab.engine.hypervisor.full;

import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.mmu.Access;

/**
 * The walk of a guest's own Sv39 page tables, done in software by the hypervisor: exactly the
 * privileged spec's "Virtual Address Translation Process" (section "Sv39"), with the guest's
 * tables read from guest-physical memory ({@link DomainMemory}) instead of physical memory.
 *
 * <p>A page-table entry outside the domain's RAM is an access fault, as a PMA/PMP violation is
 * in step 2 of the process. The A and D bits are set in the guest's entry as the hardware would
 * (this platform has hardware A/D updating, no Svade): A on any access, D on a store.
 *
 * <p>Used by {@link ShadowPageTables} to fill shadows; the hypervisor may also use it to read
 * guest memory by virtual address (the instruction at the guest's pc, for example).
 */
public final class GuestPageWalk {
    private static final int LEVELS = 3;
    private static final int SUPERVISOR = 1;
    private static final int SV39 = 8;

    private final DomainMemory guest;
    private final Ram ram;
    private long adUpdates;

    public GuestPageWalk(DomainMemory guest) {
        this.guest = guest;
        this.ram = guest.hostRam();
    }

    /**
     * Translates guest-virtual {@code va} for {@code access} ({@link Access}) by a guest running
     * at privilege {@code privilege} (0 = U, 1 = S) with sstatus.SUM = {@code sum} and
     * mstatus.MXR = {@code mxr}, through the guest address space {@code guestSatp}. A satp whose
     * MODE is not Sv39 means no translation: the result is OK with gpa = va.
     */
    public GuestTranslation translate(long guestSatp, int privilege, boolean sum, boolean mxr, long va, int access) {
        if ((guestSatp >>> 60) != SV39) return new GuestTranslation(GuestTranslation.Result.OK, va, 0, 0);
        if (!Pte.canonical(va)) return GuestTranslation.PAGE_FAULT;
        long table = (guestSatp & Pte.PPN_MASK) << Pte.PAGE_SHIFT;
        for (int level = LEVELS - 1; level >= 0; level--) {
            long pteGpa = table + Pte.index(va, level) * 8L;
            long pteHost = guest.hostAddress(pteGpa, 8);
            if (pteHost < 0) return new GuestTranslation(GuestTranslation.Result.ACCESS_FAULT, pteGpa, 0, 0);
            long pte = ram.read(pteHost, 8);
            if (Pte.invalid(pte)) return GuestTranslation.PAGE_FAULT;
            if (!Pte.isLeaf(pte)) {
                if (level == 0 || Pte.reservedInPointer(pte)) return GuestTranslation.PAGE_FAULT;
                table = Pte.address(pte);
                continue;
            }
            if (!allows(pte, access, privilege, sum, mxr)) return GuestTranslation.PAGE_FAULT;
            if (misalignedSuperpage(pte, level)) return GuestTranslation.PAGE_FAULT;
            long updated = pte | Pte.A | (access == Access.STORE ? Pte.D : 0);
            if (updated != pte) {
                ram.write(pteHost, 8, updated);
                adUpdates++;
            }
            return new GuestTranslation(GuestTranslation.Result.OK, leafAddress(updated, level, va), updated, level);
        }
        throw new AssertionError("unreachable: level 0 always ends the walk");
    }

    /** How many times a walk has set A or D in a guest page-table entry. */
    public long adUpdates() {
        return adUpdates;
    }

    /**
     * Step 5 of the translation process: U-mode may touch only U pages; S-mode may not touch U
     * pages unless SUM = 1, and never fetch from them (spec, "Memory Privilege in mstatus").
     */
    static boolean allows(long pte, int access, int privilege, boolean sum, boolean mxr) {
        boolean userPage = (pte & Pte.U) != 0;
        if (privilege == 0 && !userPage) return false;
        if (privilege == SUPERVISOR && userPage && (access == Access.FETCH || !sum)) return false;
        return switch (access) {
            case Access.FETCH -> (pte & Pte.X) != 0;
            case Access.STORE -> (pte & Pte.W) != 0;
            default -> readable(pte, mxr);
        };
    }

    /** Loads need R, or X when MXR is set. */
    static boolean readable(long pte, boolean mxr) {
        return (pte & Pte.R) != 0 || (mxr && (pte & Pte.X) != 0);
    }

    /** Step 6: a superpage's PPN must be aligned to its size. */
    private static boolean misalignedSuperpage(long pte, int level) {
        return level > 0 && ((pte >>> 10) & ((1L << (9 * level)) - 1)) != 0;
    }

    private static long leafAddress(long pte, int level, long va) {
        long pageMask = (1L << (Pte.PAGE_SHIFT + 9 * level)) - 1;
        return (Pte.address(pte) & ~pageMask) | (va & pageMask);
    }
}
