package org.virtlab.engine.hypervisor.para;

import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/**
 * Direct paging's safety (docs/hypercalls.md, "Memory"; Xen's page-type rules, re-derived for
 * Sv39): the real MMU walks the guest's own tables, so the hypervisor keeps them trustworthy.
 * A page of the domain's RAM becomes a page table only by being pinned at a level (2 = root,
 * 1, 0), and only if every entry in it is valid for that level:
 *
 * <ul>
 * <li>an entry pointing at a table (level 2 or 1) points at a page pinned one level lower;
 * <li>a leaf (level 0 only: superpages are refused) maps a frame of this domain's RAM, has
 *     U set (the PV kernel runs in U-mode), and is not writable if that frame is a pinned
 *     table (or is the table itself);
 * <li>no reserved bits (63:54), no W without R.
 * </ul>
 *
 * A page can be pinned only while nothing maps it writable; a pinned page is changed only
 * through {@link #update}, which validates the new entry the same way; it is unpinned only
 * when no pinned table points at it and no vCPU runs on it. Per frame the validator counts
 * the table entries and writable leaves that refer to it (Xen's type and reference counts),
 * which is what makes each of these checks one array lookup.
 *
 * <p>Results are 0 or a negated {@link ParaAbi} error; {@link #refusal} says why the last
 * request was refused ("outside_domain", "writable_page_table", ...). Every valid entry checked
 * counts "validate.entry" (an invalid one is one bit test); every refusal "refuse.&lt;reason&gt;".
 */
final class PageTableValidator {
    /** What else must follow a pin or unpin: the boot map and the user views. */
    interface Listener {
        /** Page {@code page} was pinned at {@code level}; false to undo (no room for its user view). */
        boolean pinned(long page, int level);

        void unpinned(long page, int level);

        /** Entry {@code index} of pinned root {@code root} is now {@code value}. */
        void rootWritten(long root, int index, long value);
    }

    private final DomainMemory memory;
    private final Ram ram;
    private final Listener listener;
    private final LongPredicate inUse;
    private final LongPredicate reserved;
    private final Consumer<String> counter;
    /** Per frame: -1, or the level it is pinned at. */
    private final byte[] level;
    /** Per frame: entries of pinned tables that point at it as a table. */
    private final int[] tableRefs;
    /** Per frame: writable leaves of pinned tables that map it. */
    private final int[] writableRefs;
    private String refusal = "";
    private boolean writableDropped;

    /**
     * @param inUse    whether a page is the root a vCPU runs on (it cannot be unpinned)
     * @param reserved whether a page is off limits as a page table (a vCPU's shared info page,
     *                 which the hypervisor writes directly)
     * @param counter  counts an event by key
     */
    PageTableValidator(DomainMemory memory, Listener listener, LongPredicate inUse, LongPredicate reserved,
                       Consumer<String> counter) {
        this.memory = memory;
        this.ram = memory.hostRam();
        this.listener = listener;
        this.inUse = inUse;
        this.reserved = reserved;
        this.counter = counter;
        int frames = (int) (memory.size() >>> 12);
        level = new byte[frames];
        Arrays.fill(level, (byte) -1);
        tableRefs = new int[frames];
        writableRefs = new int[frames];
    }

    /** The pinned tables as (frame, level) pairs, by frame: for a snapshot. */
    int[] pinned() {
        int n = 0;
        for (byte l : level) if (l >= 0) n++;
        int[] out = new int[2 * n];
        int i = 0;
        for (int f = 0; f < level.length; f++) {
            if (level[f] < 0) continue;
            out[i++] = f;
            out[i++] = level[f];
        }
        return out;
    }

    boolean writableDropped() {
        return writableDropped;
    }

    /**
     * Takes saved {@link #pinned} tables and recounts the references they hold from their
     * entries in RAM: the counts are exactly what the pins and updates that made those tables
     * added up (every change to a pinned table goes through {@link #update}).
     *
     * @throws IllegalArgumentException a frame or level out of range
     */
    void restore(int[] pinned, String lastRefusal, boolean dropped) {
        for (int i = 0; i < pinned.length; i += 2) {
            int f = pinned[i], l = pinned[i + 1];
            if (f < 0 || f >= level.length || l < 0 || l > 2 || level[f] >= 0)
                throw new IllegalArgumentException("para snapshot: frame " + f + " pinned at level " + l);
            level[f] = (byte) l;
        }
        for (int f = 0; f < level.length; f++) {
            if (level[f] < 0) continue;
            long page = memory.hostBase() + ((long) f << 12);
            for (int e = 0; e < Sv39.ENTRIES; e++) account(ram.read(page + e * 8L, 8), level[f], 1);
        }
        refusal = lastRefusal;
        writableDropped = dropped;
    }

    /** Why the last refused request was refused. */
    String refusal() {
        return refusal;
    }

    /** The level host page {@code page} is pinned at, or -1. */
    int levelOf(long page) {
        return memory.ownsHost(page, 8) ? level[frame(page)] : -1;
    }

    /** Whether a writable mapping was removed since the last call: stale writable TLB entries may exist. */
    boolean takeWritableDropped() {
        boolean d = writableDropped;
        writableDropped = false;
        return d;
    }

    /** Validates and pins the page at host address {@code page} as a table of {@code lvl}. */
    int pin(long page, int lvl) {
        if (lvl < 0 || lvl > 2) return refuse("bad_level", ParaAbi.EINVAL);
        if ((page & 0xFFF) != 0 || !memory.ownsHost(page, Sv39.PAGE)) return refuse("outside_domain", ParaAbi.EFAULT);
        int f = frame(page);
        if (level[f] >= 0) return refuse("already_pinned", ParaAbi.EBUSY);
        if (reserved.test(page)) return refuse("reserved_page", ParaAbi.EBUSY);
        if (writableRefs[f] > 0) return refuse("mapped_writable", ParaAbi.EPERM);
        for (int i = 0; i < Sv39.ENTRIES; i++) {
            long pte = ram.read(page + i * 8L, 8);
            if ((pte & Sv39.V) == 0) continue;
            counter.accept("validate.entry");
            String why = check(pte, lvl, f);
            if (why != null) return refuse(why, ParaAbi.EPERM);
        }
        level[f] = (byte) lvl;
        for (int i = 0; i < Sv39.ENTRIES; i++) account(ram.read(page + i * 8L, 8), lvl, 1);
        if (!listener.pinned(page, lvl)) {
            for (int i = 0; i < Sv39.ENTRIES; i++) account(ram.read(page + i * 8L, 8), lvl, -1);
            level[f] = -1;
            return refuse("pool_full", ParaAbi.ENOMEM);
        }
        return 0;
    }

    /** Unpins the table at host address {@code page}: it becomes an ordinary page again. */
    int unpin(long page) {
        if ((page & 0xFFF) != 0 || !memory.ownsHost(page, Sv39.PAGE)) return refuse("outside_domain", ParaAbi.EFAULT);
        int f = frame(page);
        int lvl = level[f];
        if (lvl < 0) return refuse("not_pinned", ParaAbi.EINVAL);
        if (tableRefs[f] > 0) return refuse("still_referenced", ParaAbi.EBUSY);
        if (inUse.test(page)) return refuse("current_root", ParaAbi.EBUSY);
        for (int i = 0; i < Sv39.ENTRIES; i++) account(ram.read(page + i * 8L, 8), lvl, -1);
        level[f] = -1;
        listener.unpinned(page, lvl);
        return 0;
    }

    /** Validates {@code value} and writes it to the entry at host address {@code entry} of a pinned table. */
    int update(long entry, long value) {
        if ((entry & 7) != 0 || !memory.ownsHost(entry, 8)) return refuse("outside_domain", ParaAbi.EFAULT);
        long page = entry & ~0xFFFL;
        int f = frame(page);
        int lvl = level[f];
        if (lvl < 0) return refuse("not_a_page_table", ParaAbi.EINVAL);
        if ((value & Sv39.V) != 0) counter.accept("validate.entry");
        String why = check(value, lvl, f);
        if (why != null) return refuse(why, ParaAbi.EPERM);
        long old = ram.read(entry, 8);
        account(old, lvl, -1);
        account(value, lvl, 1);
        ram.write(entry, 8, value);
        if (lvl == 2) listener.rootWritten(page, (int) ((entry & 0xFFF) >>> 3), value);
        return 0;
    }

    /** Why {@code pte} may not stand in a table of level {@code lvl} held in frame {@code self}, or null. */
    private String check(long pte, int lvl, int self) {
        if ((pte & Sv39.V) == 0) return null;
        if ((pte >>> 54) != 0) return "reserved_bits";
        if ((pte & (Sv39.R | Sv39.W)) == Sv39.W) return "write_without_read";
        long target = Sv39.target(pte);
        if (!memory.ownsHost(target, Sv39.PAGE)) return "outside_domain";
        int t = frame(target);
        if (!Sv39.isLeaf(pte)) {
            if (lvl == 0) return "pointer_in_leaf_table";
            return level[t] == lvl - 1 ? null : "child_not_pinned";
        }
        if (lvl != 0) return "superpage";
        if ((pte & Sv39.U) == 0) return "no_user_bit";
        if ((pte & Sv39.W) != 0 && (level[t] >= 0 || t == self)) return "writable_page_table";
        return null;
    }

    /** Adds (+1) or removes (-1) the references entry {@code pte} of a level-{@code lvl} table holds. */
    private void account(long pte, int lvl, int delta) {
        if ((pte & Sv39.V) == 0 || (pte >>> 54) != 0) return;
        long target = Sv39.target(pte);
        if (!memory.ownsHost(target, Sv39.PAGE)) return;
        int t = frame(target);
        if (!Sv39.isLeaf(pte)) {
            if (lvl > 0) tableRefs[t] += delta;
        } else if ((pte & Sv39.W) != 0 && lvl == 0) {
            writableRefs[t] += delta;
            if (delta < 0) writableDropped = true;
        }
    }

    private int refuse(String why, int error) {
        refusal = why;
        counter.accept("refuse." + why);
        return -error;
    }

    private int frame(long hostAddress) {
        return (int) ((hostAddress - memory.hostBase()) >>> 12);
    }
}
