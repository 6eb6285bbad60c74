package org.virtlab.engine.mmu;

import org.virtlab.engine.memory.Ram;

/**
 * Address translation: Bare and Sv39 for S/U-mode, and with the H extension the two-stage
 * translation of VS/VU-mode (VS-stage Sv39 through vsatp, G-stage Sv39x4 through hgatp, the
 * guest's own page-table reads also going through the G-stage).
 *
 * <p>References: privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System" and its
 * "Virtual Address Translation Process"; H extension, "Two-Stage Address Translation".
 * Page-table entries are updated in hardware (A and D set on access; no Svade).
 *
 * <p>{@link #translate} returns a physical address, or {@link #FAULT} with the cause and the
 * extra trap values in the {@code fault*} fields: a translation fault is a value, not an
 * exception.
 */
public final class Mmu {
    public static final long FAULT = -1;

    /** Flags for {@link #translate}: the bits of mstatus/vsstatus that change permission checks. */
    public static final int SUM = 1;       // S may load/store U pages (sstatus.SUM or vsstatus.SUM)
    public static final int MXR = 2;       // loads from execute-only pages (first stage)
    public static final int G_MXR = 4;     // MXR for the G-stage (mstatus.MXR)
    public static final int HLVX = 8;      // HLVX: loads need execute permission instead of read

    public static final int MODE_BARE = 0;
    public static final int MODE_SV39 = 8;

    private static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;
    private static final long PPN_MASK = (1L << 44) - 1;
    private static final int SUPERVISOR = 1;

    /** Pseudo-instructions written to htinst for faults of implicit VS-stage page-table accesses. */
    public static final long PSEUDO_PTE_READ = 0x3000, PSEUDO_PTE_WRITE = 0x3020;

    private final Ram ram;
    private final Pmp pmp;

    private long satp;
    private long vsatp;
    private long hgatp;

    // Result of the last faulting translation.
    public int faultCause;
    /** For guest-page faults: the guest physical address shifted right by 2 (htval/mtval2). */
    public long faultTval2;
    /** For guest-page faults of implicit page-table accesses: the pseudo-instruction for htinst. */
    public long faultTinst;
    /** Whether the last successful translation was served by a superpage. */
    public boolean lastSuperpage;
    /** Page-table walks performed (a counter, never reset). */
    public long walks;

    public Mmu(Ram ram, Pmp pmp) {
        this.ram = ram;
        this.pmp = pmp;
    }

    public Pmp pmp() {
        return pmp;
    }

    public long satp() {
        return satp;
    }

    public long vsatp() {
        return vsatp;
    }

    public long hgatp() {
        return hgatp;
    }

    /**
     * Writes satp (or vsatp). A write selecting an unsupported mode has no effect at all, as
     * the spec requires and as Linux relies on when it probes Sv57 and Sv48 before Sv39.
     * Returns whether the register changed.
     */
    public boolean writeSatp(long value, boolean vs) {
        int mode = (int) (value >>> 60);
        if (mode != MODE_BARE && mode != MODE_SV39) return false;
        long v = value & (0xFL << 60 | 0xFFFFL << 44 | PPN_MASK);
        if (vs) {
            boolean changed = v != vsatp;
            vsatp = v;
            return changed;
        }
        boolean changed = v != satp;
        satp = v;
        return changed;
    }

    /** Writes hgatp: Bare or Sv39x4 (mode 8); 14 VMID bits; PPN[1:0] read as zero in Sv39x4. */
    public boolean writeHgatp(long value) {
        int mode = (int) (value >>> 60);
        if (mode != MODE_BARE && mode != MODE_SV39) return false;
        long v = value & (0xFL << 60 | 0x3FFFL << 44 | PPN_MASK);
        if (mode == MODE_SV39) v &= ~3L;
        boolean changed = v != hgatp;
        hgatp = v;
        return changed;
    }

    /**
     * Translates {@code va} for an access by effective privilege {@code priv} (0 = U, 1 = S,
     * 3 = M) in virtualization mode {@code virt}.
     */
    public long translate(long va, int access, int priv, boolean virt, int flags) {
        faultTval2 = 0;
        faultTinst = 0;
        lastSuperpage = false;
        if (virt) return translateGuest(va, access, priv, flags);
        if (priv == 3 || (satp >>> 60) == MODE_BARE) return va;
        return walkFirstStage(va, access, priv, flags, satp, false);
    }

    private long translateGuest(long gva, int access, int priv, int flags) {
        long gpa;
        if ((vsatp >>> 60) == MODE_BARE) {
            gpa = gva;
        } else {
            gpa = walkFirstStage(gva, access, priv, flags, vsatp, true);
            if (gpa == FAULT) return FAULT;
        }
        boolean firstSuper = lastSuperpage;
        long hpa = gStage(gpa, access, flags, 0, access);
        lastSuperpage |= firstSuper;
        return hpa;
    }

    /** The S-stage (V=0) or VS-stage (V=1) Sv39 walk; in the VS-stage every PTE address is a guest physical address. */
    private long walkFirstStage(long va, int access, int priv, int flags, long atp, boolean guest) {
        walks++;
        if (((va << 25) >> 25) != va) return fault(Access.pageFault(access));
        long table = (atp & PPN_MASK) << 12;
        for (int level = 2; level >= 0; level--) {
            long pteAddr = table + ((va >>> (12 + 9 * level)) & 0x1FF) * 8;
            if (guest) {
                pteAddr = gStage(pteAddr, Access.LOAD, flags & ~HLVX, PSEUDO_PTE_READ, access);
                if (pteAddr == FAULT) return FAULT;
            }
            if (!readablePte(pteAddr)) return fault(Access.accessFault(access));
            long pte = ram.read(pteAddr, 8);
            if (invalid(pte)) return fault(Access.pageFault(access));
            if ((pte & (PTE_R | PTE_X)) == 0) {           // pointer to the next level
                if (level == 0 || reservedInPointer(pte)) return fault(Access.pageFault(access));
                table = ((pte >>> 10) & PPN_MASK) << 12;
                continue;
            }
            if (!firstStageAllows(pte, access, priv, flags)) return fault(Access.pageFault(access));
            if (misalignedSuperpage(pte, level)) return fault(Access.pageFault(access));
            if (needsAccessedOrDirty(pte, access)) {
                long pteGpa = table + ((va >>> (12 + 9 * level)) & 0x1FF) * 8;
                if (guest) {
                    long w = gStage(pteGpa, Access.STORE, flags & ~HLVX, PSEUDO_PTE_WRITE, access);
                    if (w == FAULT) return FAULT;
                    pteAddr = w;
                }
                if (!pmp.allows(pteAddr, 8, Access.STORE, SUPERVISOR)) return fault(Access.accessFault(access));
                ram.write(pteAddr, 8, pte | PTE_A | (access == Access.STORE ? PTE_D : 0));
            }
            lastSuperpage = level > 0;
            return leafAddress(pte, level, va);
        }
        throw new AssertionError("unreachable");
    }

    /**
     * The G-stage (Sv39x4) translation of guest physical address {@code gpa}. {@code pseudo} is
     * nonzero for implicit accesses to VS-stage page tables; {@code originalAccess} is the access
     * that caused the translation, which decides the cause of a guest-page fault.
     */
    private long gStage(long gpa, int access, int flags, long pseudo, int originalAccess) {
        if ((hgatp >>> 60) == MODE_BARE) return gpa;
        walks++;
        if ((gpa >>> 41) != 0) return guestFault(gpa, pseudo, originalAccess);
        long table = (hgatp & PPN_MASK) << 12;
        for (int level = 2; level >= 0; level--) {
            long index = level == 2 ? (gpa >>> 30) & 0x7FF : (gpa >>> (12 + 9 * level)) & 0x1FF;
            long pteAddr = table + index * 8;
            if (!readablePte(pteAddr)) return fault(Access.accessFault(originalAccess));
            long pte = ram.read(pteAddr, 8);
            if (invalid(pte)) return guestFault(gpa, pseudo, originalAccess);
            if ((pte & (PTE_R | PTE_X)) == 0) {
                if (level == 0 || reservedInPointer(pte)) return guestFault(gpa, pseudo, originalAccess);
                table = ((pte >>> 10) & PPN_MASK) << 12;
                continue;
            }
            // Every G-stage access is checked as a U-mode access: the leaf must have U=1.
            if ((pte & PTE_U) == 0 || !permits(pte, access, (flags & G_MXR) != 0, (flags & HLVX) != 0))
                return guestFault(gpa, pseudo, originalAccess);
            if (misalignedSuperpage(pte, level)) return guestFault(gpa, pseudo, originalAccess);
            if (needsAccessedOrDirty(pte, access)) {
                if (!pmp.allows(pteAddr, 8, Access.STORE, SUPERVISOR)) return fault(Access.accessFault(originalAccess));
                ram.write(pteAddr, 8, pte | PTE_A | (access == Access.STORE ? PTE_D : 0));
            }
            lastSuperpage = level > 0;
            return leafAddress(pte, level, gpa);
        }
        throw new AssertionError("unreachable");
    }

    private boolean readablePte(long pteAddr) {
        return ram.contains(pteAddr, 8) && pmp.allows(pteAddr, 8, Access.LOAD, SUPERVISOR);
    }

    /** V=0, or W without R, or any of the bits 63:54 set (N, PBMT and reserved: not implemented). */
    private static boolean invalid(long pte) {
        return (pte & PTE_V) == 0 || (pte & (PTE_R | PTE_W)) == PTE_W || (pte >>> 54) != 0;
    }

    /**
     * D, A and U are reserved in non-leaf PTEs, and a PTE with reserved bits set is a page fault
     * (privileged spec, Sv39 PTE format and "Virtual Address Translation Process", step 3).
     */
    private static boolean reservedInPointer(long pte) {
        return (pte & (PTE_D | PTE_A | PTE_U)) != 0;
    }

    private static boolean firstStageAllows(long pte, int access, int priv, int flags) {
        boolean userPage = (pte & PTE_U) != 0;
        if (priv == 0 && !userPage) return false;
        if (priv == SUPERVISOR && userPage && (access == Access.FETCH || (flags & SUM) == 0)) return false;
        return permits(pte, access, (flags & MXR) != 0, (flags & HLVX) != 0);
    }

    private static boolean permits(long pte, int access, boolean mxr, boolean hlvx) {
        switch (access) {
            case Access.FETCH: return (pte & PTE_X) != 0;
            case Access.STORE: return (pte & PTE_W) != 0;
            default:
                if (hlvx) return (pte & PTE_X) != 0;
                return (pte & PTE_R) != 0 || (mxr && (pte & PTE_X) != 0);
        }
    }

    private static boolean misalignedSuperpage(long pte, int level) {
        return level > 0 && (((pte >>> 10) & ((1L << (9 * level)) - 1)) != 0);
    }

    private static boolean needsAccessedOrDirty(long pte, int access) {
        return (pte & PTE_A) == 0 || (access == Access.STORE && (pte & PTE_D) == 0);
    }

    private static long leafAddress(long pte, int level, long va) {
        int pageBits = 12 + 9 * level;
        long ppn = (pte >>> 10) & PPN_MASK;
        return ((ppn << 12) & ~((1L << pageBits) - 1)) | (va & ((1L << pageBits) - 1));
    }

    private long fault(int cause) {
        faultCause = cause;
        return FAULT;
    }

    private long guestFault(long gpa, long pseudo, int originalAccess) {
        faultCause = Access.guestPageFault(originalAccess);
        faultTval2 = gpa >>> 2;
        faultTinst = pseudo;
        return FAULT;
    }
}
