package org.virtlab.engine.hypervisor.full;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.Predicate;

import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.mmu.Access;

/**
 * Shadow page tables for a full-virtualization vCPU (shared/DESIGN.md section 3, "full").
 *
 * <p>The guest kernel runs in physical U-mode and its satp is virtual; the physical satp points
 * at a shadow that maps guest-virtual pages straight to host-physical ones. Shadows start empty
 * and are filled on demand: a physical page fault goes to {@link #handleFault}, which walks the
 * guest's own Sv39 tables ({@link GuestPageWalk}) and either writes the shadow leaf (the
 * instruction is retried) or tells the caller to reflect a fault to the guest. There is one
 * shadow per guest address space (satp value) and {@link ShadowContext}, plus one shared
 * identity shadow for {@link ShadowContext#BARE}.
 *
 * <p><b>Isolation invariant.</b> No shadow leaf ever points outside the domain's host range,
 * whatever the guest's tables contain: a leaf is only written for a guest-physical page that
 * {@link DomainMemory#hostAddress} accepts, and {@link Shadow#map} re-checks the host address
 * with {@link DomainMemory#ownsHost}. Guest-physical addresses outside RAM (devices) are never
 * mapped, so every access to them faults and can be emulated. Shadow tables live in the pool,
 * which no guest-physical address reaches, and their leaves have A = 1 (and D = 1 where W), so
 * the physical MMU never writes to them.
 *
 * <p><b>Coherence</b> follows the guest's SFENCE.VMA (privileged spec, "Supervisor
 * Memory-Management Fence Instruction"): a guest page-table write is not seen until the guest
 * fences, as on hardware with a TLB. The four {@code flush*} methods are its four forms. MXR
 * changes need {@link #mxrChanged}. After any call that removes shadow entries the caller
 * flushes the physical hart's TLB ({@code Hart.flushTranslations()}). MXR and SUM are applied
 * in the shadows, so the physical mstatus.MXR must stay 0 while the guest runs.
 *
 * <p><b>Physical satp.</b> Call {@link #root} whenever the physical satp is (re)loaded. The
 * <em>current</em> shadow — the last one {@link #root} returned or {@link #handleFault} filled —
 * keeps its root address through every flush, {@link #mxrChanged} and pool reset (it is emptied,
 * not freed), so the physical satp stays right and only the TLB needs flushing. Any other root
 * may be freed by those calls, or by a later {@link #root} (eviction, caching OFF): ask again.
 *
 * <p>One instance per vCPU, used by one thread; the pool must be that vCPU's alone.
 */
public final class ShadowPageTables {
    public static final int DEFAULT_MAX_ADDRESS_SPACES = 64;
    /** The physical satp MODE field for a shadow root: Sv39. */
    public static final long SATP_SV39 = 8L << 60;
    private static final int SV39 = 8;
    /** Pages a fill may need: a level-1 and a level-0 table (the root exists already). */
    private static final int PAGES_PER_FILL = 2;

    private final DomainMemory guest;
    private final ShadowPool pool;
    private final GuestPageWalk walk;
    private final int maxAddressSpaces;
    /** Translated shadows by guest satp, least recently used first. */
    private final LinkedHashMap<Long, AddressSpace> spaces = new LinkedHashMap<>(16, 0.75f, true);
    private Shadow bare;
    /** The shadow the physical satp is taken to point at: never freed, only emptied. */
    private Shadow current;
    private boolean caching = true;
    private long lastSatp;
    private boolean haveLastSatp;
    /** Whether a live shadow leaf is readable only because the guest's MXR was set. */
    private boolean mxrGrantsLive;
    /** Set whenever shadow entries are removed; reset at the start of root() and handleFault(). */
    private boolean dropped;
    private boolean lastRootFlushed;

    private long fills, guestPageFaults, guestAccessFaults, notRam;
    private long flushAllCount, flushAsidCount, flushPageCount, flushPageAsidCount;
    private long switchDrops, evictions, mxrDrops, poolResets;

    /**
     * @param guest     the domain's RAM
     * @param poolBase  host-physical address of the pool, page-aligned, in guest.hostRam() and
     *                  outside the domain's range
     * @param poolPages pool size in 4 KiB pages, at least 3 (a root and one fill)
     * @throws IllegalArgumentException the pool is misplaced or too small (a hypervisor configuration error)
     */
    public ShadowPageTables(DomainMemory guest, long poolBase, int poolPages) {
        this(guest, poolBase, poolPages, DEFAULT_MAX_ADDRESS_SPACES);
    }

    public ShadowPageTables(DomainMemory guest, long poolBase, int poolPages, int maxAddressSpaces) {
        long bytes = (long) poolPages * Pte.PAGE_SIZE;
        if (poolPages < 1 + PAGES_PER_FILL) throw new IllegalArgumentException("shadow pool needs at least 3 pages");
        if ((poolBase & (Pte.PAGE_SIZE - 1)) != 0 || !guest.hostRam().contains(poolBase, bytes))
            throw new IllegalArgumentException(String.format("shadow pool at 0x%x is not whole pages of host RAM", poolBase));
        if (poolBase < guest.hostBase() + guest.size() && guest.hostBase() < poolBase + bytes)
            throw new IllegalArgumentException(String.format("shadow pool at 0x%x overlaps the domain's RAM", poolBase));
        if (maxAddressSpaces < 1) throw new IllegalArgumentException("maxAddressSpaces must be at least 1");
        this.guest = guest;
        this.pool = new ShadowPool(guest.hostRam(), poolBase, poolPages);
        this.walk = new GuestPageWalk(guest);
        this.maxAddressSpaces = maxAddressSpaces;
    }

    // ---- shadows ---------------------------------------------------------------------------------

    /**
     * Host-physical address of the root table of the shadow for guest address space
     * {@code guestSatp} in {@code context}, made empty on first use. For {@link ShadowContext#BARE},
     * or a guest satp whose MODE is not Sv39 (translation off), this is the one identity shadow.
     * Physical satp = {@link #SATP_SV39} | (root >>> 12). Check {@link #lastRootFlushed()} after.
     */
    public long root(long guestSatp, int context) {
        dropped = false;
        current = shadow(guestSatp, context);
        lastRootFlushed = dropped;
        return current.root;
    }

    /** Whether the last {@link #root} call removed shadow entries: the caller must flush the physical TLB. */
    public boolean lastRootFlushed() {
        return lastRootFlushed;
    }

    /**
     * Handles a physical page fault of the guest at guest-virtual {@code va} for {@code access}
     * ({@link Access}) while running on the shadow ({@code guestSatp}, {@code context});
     * {@code mxr} is the guest's effective mstatus.MXR. See {@link Fill} for what to do next.
     * A fill never needs a TLB flush of its own (unless {@link Fill#flushedTlb}): the hart's
     * TLBs are per access kind and cache only translations that succeeded, so the retried
     * access walks the shadow again. Filling an already filled page is harmless.
     */
    public Fill handleFault(long guestSatp, int context, boolean mxr, long va, int access) {
        dropped = false;
        boolean translated = context != ShadowContext.BARE && (guestSatp >>> 60) == SV39;
        long gpa = va, flags = ShadowLeaf.BARE_FLAGS;
        int level = 0;
        boolean mxrGrant = false;
        if (translated) {
            GuestTranslation t = walk.translate(guestSatp, context == ShadowContext.U ? 0 : 1,
                    context == ShadowContext.S_SUM, mxr, va, access);
            if (t.result() == GuestTranslation.Result.PAGE_FAULT) {
                guestPageFaults++;
                return new Fill(Fill.Kind.GUEST_PAGE_FAULT, access, va, -1, false);
            }
            if (t.result() == GuestTranslation.Result.ACCESS_FAULT) {
                guestAccessFaults++;
                return new Fill(Fill.Kind.GUEST_ACCESS_FAULT, access, va, t.gpa(), false);
            }
            gpa = t.gpa();
            level = t.level();
            flags = ShadowLeaf.flags(t.pte(), context, mxr);
            mxrGrant = ShadowLeaf.readableOnlyThroughMxr(t.pte(), mxr);
        }
        long hpa = guest.hostAddress(gpa & -Pte.PAGE_SIZE, Pte.PAGE_SIZE);
        if (hpa < 0 || !Pte.canonical(va)) {   // a Bare address beyond Sv39 could never be shadowed
            notRam++;
            return new Fill(Fill.Kind.NOT_RAM, access, va, gpa, false);
        }
        Shadow s = shadow(guestSatp, context);
        current = s;
        if (pool.freePages() < PAGES_PER_FILL) resetPool(s);
        s.map(va, level, hpa, flags);
        mxrGrantsLive |= mxrGrant;                   // after any pool reset, which clears it
        fills++;
        return new Fill(Fill.Kind.FILLED, access, va, gpa, dropped);
    }

    private Shadow shadow(long guestSatp, int context) {
        if (context == ShadowContext.BARE || (guestSatp >>> 60) != SV39) {
            if (bare == null) bare = new Shadow(pool, guest, allocateRoot());
            return bare;
        }
        if (!caching && haveLastSatp && guestSatp != lastSatp && !spaces.isEmpty()) {
            dropSpaces(as -> true, false);         // switching away: the old current goes too
            mxrGrantsLive = false;
            switchDrops++;
        }
        lastSatp = guestSatp;
        haveLastSatp = true;
        AddressSpace space = spaces.get(guestSatp);
        if (space != null && space.shadow(context) != null) return space.shadow(context);
        long root = allocateRoot();                       // may reset the pool: look up again after
        space = spaces.get(guestSatp);
        if (space == null) {
            if (spaces.size() >= maxAddressSpaces) evictLeastRecentlyUsed();
            space = new AddressSpace(guestSatp);
            spaces.put(guestSatp, space);
        }
        Shadow s = new Shadow(pool, guest, root);
        space.setShadow(context, s);
        return s;
    }

    private long allocateRoot() {
        if (pool.freePages() == 0) resetPool(null);
        return pool.allocate();
    }

    private void evictLeastRecentlyUsed() {
        Iterator<AddressSpace> it = spaces.values().iterator();
        AddressSpace eldest = it.next();
        if (eldest.holds(current)) current = null;
        eldest.release();
        it.remove();
        evictions++;
        dropped = true;
    }

    /** The pool ran out: drop every shadow and start over, keeping only {@code keep}'s root page. */
    private void resetPool(Shadow keep) {
        poolResets++;
        dropped = true;
        mxrGrantsLive = false;
        current = keep;
        Iterator<AddressSpace> it = spaces.values().iterator();
        while (it.hasNext()) {
            AddressSpace space = it.next();
            if (keep != null && space.holds(keep)) {
                space.releaseExcept(keep);
            } else {
                space.release();
                it.remove();
            }
        }
        if (bare == keep && bare != null) {
            bare.clear();
        } else if (bare != null) {
            bare.release();
            bare = null;
        }
    }

    /** Drops the shadows of the address spaces {@code which} selects; the current shadow is emptied if {@code keepCurrent}. */
    private void dropSpaces(Predicate<AddressSpace> which, boolean keepCurrent) {
        Iterator<AddressSpace> it = spaces.values().iterator();
        while (it.hasNext()) {
            AddressSpace space = it.next();
            if (!which.test(space)) continue;
            dropped = true;
            if (keepCurrent && space.holds(current)) {
                space.releaseExcept(current);
            } else {
                space.release();
                it.remove();
            }
        }
    }

    // ---- the guest's SFENCE.VMA ------------------------------------------------------------------

    /** SFENCE.VMA x0, x0: drops every translated shadow (the Bare identity one never goes stale). */
    public void flushAll() {
        flushAllCount++;
        dropSpaces(as -> true, true);
        mxrGrantsLive = false;
    }

    /** SFENCE.VMA x0, rs2: drops the shadows of every address space whose satp.ASID is {@code asid}. */
    public void flushAsid(long asid) {
        flushAsidCount++;
        dropSpaces(as -> as.asid() == (asid & 0xFFFF), true);
    }

    /** SFENCE.VMA rs1, x0: drops {@code va}'s page (its whole guest superpage, if it came from one) in every shadow. */
    public void flushPage(long va) {
        flushPageCount++;
        for (AddressSpace space : spaces.values()) space.unmap(va);
    }

    /**
     * SFENCE.VMA rs1, rs2: drops {@code va}'s page in the shadows of address spaces whose
     * satp.ASID is {@code asid}. Global mappings elsewhere are left alone, as the spec allows.
     */
    public void flushPage(long va, long asid) {
        flushPageAsidCount++;
        for (AddressSpace space : spaces.values()) if (space.asid() == (asid & 0xFFFF)) space.unmap(va);
    }

    /**
     * Tells the shadows the guest's effective MXR is now {@code mxr}. Leaves filled while MXR
     * was set may be readable only because of it; when MXR is cleared they are dropped (all
     * translated shadows, only if such a leaf exists). Returns whether anything was dropped,
     * in which case the caller flushes the physical TLB.
     */
    public boolean mxrChanged(boolean mxr) {
        if (mxr || !mxrGrantsLive) return false;
        dropped = false;
        dropSpaces(as -> true, true);
        mxrGrantsLive = false;
        mxrDrops++;
        return dropped;
    }

    /**
     * ON (the default): up to {@code maxAddressSpaces} guest address spaces keep their shadows,
     * least recently used evicted first, so switching back to an address space reuses its shadow.
     * OFF: asking {@link #root} for a guest satp other than the last drops every translated
     * shadow first — rebuild on every switch, the baseline to compare against.
     */
    public void setCaching(boolean on) {
        caching = on;
    }

    public boolean caching() {
        return caching;
    }

    // ---- measuring -------------------------------------------------------------------------------

    public ShadowStats stats() {
        int shadows = 0;
        for (AddressSpace space : spaces.values())
            for (int c = 0; c < ShadowContext.COUNT; c++) if (space.shadow(c) != null) shadows++;
        return new ShadowStats(fills, guestPageFaults, guestAccessFaults, notRam,
                flushAllCount, flushAsidCount, flushPageCount, flushPageAsidCount,
                switchDrops, evictions, mxrDrops, poolResets,
                pool.inUse(), pool.capacity(), spaces.size(), shadows, walk.adUpdates());
    }

    /** The walker of this domain's guest tables (shares the A/D counter), for reading guest memory by virtual address. */
    public GuestPageWalk guestWalk() {
        return walk;
    }

    /** For tests: the shadow leaf mapping {@code va}, or 0 (no shadow or no leaf). Creates nothing. */
    long leaf(long guestSatp, int context, long va) {
        if (context == ShadowContext.BARE || (guestSatp >>> 60) != SV39) return bare == null ? 0 : bare.leaf(va);
        for (AddressSpace space : spaces.values()) {        // not get(): that would touch the LRU order
            if (space.satp != guestSatp) continue;
            Shadow s = space.shadow(context);
            return s == null ? 0 : s.leaf(va);
        }
        return 0;
    }

    /** For tests: the root of every live shadow, the Bare one included. */
    java.util.List<Long> liveRoots() {
        java.util.List<Long> roots = new java.util.ArrayList<>();
        if (bare != null) roots.add(bare.root);
        for (AddressSpace space : spaces.values())
            for (int c = 0; c < ShadowContext.COUNT; c++) if (space.shadow(c) != null) roots.add(space.shadow(c).root);
        return roots;
    }

    /** For tests: whether host address {@code hpa} is a pool page. */
    boolean inPool(long hpa) {
        return pool.holds(hpa);
    }
}
