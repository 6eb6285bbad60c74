package org.virtlab.engine.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import org.virtlab.engine.mmu.Pmp;

/**
 * Saves a hart's architectural state as a {@link HartState} and puts it back
 * (docs/snapshots.md). Lives beside {@link Hart} because it reads and writes its
 * package-private fields; the run loop knows nothing of it.
 *
 * <p>Restore expects a hart built for the same machine and not yet run (the way
 * {@code Machine} builds one): it writes every field, goes through the MMU's and PMP's own
 * write methods so their decoded forms are recomputed, then drops all derived state
 * ({@code flushAllTlbs}, {@code modeChanged}) so TLBs and the data-access context are rebuilt
 * from the restored registers.
 */
public final class HartSnapshots {

    /** One saved register: how to read it from a hart and how to write it back. */
    private record Field(String name, ToLongFunction<Hart> get, ObjLongConsumer<Hart> set) { }

    /**
     * The saved registers in file order. PMP addresses come before PMP configurations: a locked
     * entry ignores address writes, so the addresses must be in place before the lock is.
     */
    private static final List<Field> FIELDS = fields();

    private static List<Field> fields() {
        List<Field> f = new ArrayList<>();
        f.add(new Field("misa", h -> h.misa, (h, v) -> h.misa = v));
        f.add(new Field("mstatus", h -> h.mstatus, (h, v) -> h.mstatus = v));
        f.add(new Field("medeleg", h -> h.medeleg, (h, v) -> h.medeleg = v));
        f.add(new Field("mideleg", h -> h.mideleg, (h, v) -> h.mideleg = v));
        f.add(new Field("mie", h -> h.mie, (h, v) -> h.mie = v));
        f.add(new Field("mip-software", h -> h.mipSoftware, (h, v) -> h.mipSoftware = v));
        f.add(new Field("mip-lines", h -> h.mipLines, (h, v) -> h.mipLines = v));
        f.add(new Field("mtvec", h -> h.mtvec, (h, v) -> h.mtvec = v));
        f.add(new Field("mepc", h -> h.mepc, (h, v) -> h.mepc = v));
        f.add(new Field("mcause", h -> h.mcause, (h, v) -> h.mcause = v));
        f.add(new Field("mtval", h -> h.mtval, (h, v) -> h.mtval = v));
        f.add(new Field("mscratch", h -> h.mscratch, (h, v) -> h.mscratch = v));
        f.add(new Field("mtval2", h -> h.mtval2, (h, v) -> h.mtval2 = v));
        f.add(new Field("mtinst", h -> h.mtinst, (h, v) -> h.mtinst = v));
        f.add(new Field("menvcfg", h -> h.menvcfg, (h, v) -> h.menvcfg = v));
        f.add(new Field("mcounteren", h -> h.mcounteren, (h, v) -> h.mcounteren = (int) v));
        f.add(new Field("stvec", h -> h.stvec, (h, v) -> h.stvec = v));
        f.add(new Field("sepc", h -> h.sepc, (h, v) -> h.sepc = v));
        f.add(new Field("scause", h -> h.scause, (h, v) -> h.scause = v));
        f.add(new Field("stval", h -> h.stval, (h, v) -> h.stval = v));
        f.add(new Field("sscratch", h -> h.sscratch, (h, v) -> h.sscratch = v));
        f.add(new Field("senvcfg", h -> h.senvcfg, (h, v) -> h.senvcfg = v));
        f.add(new Field("scounteren", h -> h.scounteren, (h, v) -> h.scounteren = (int) v));
        f.add(new Field("stimecmp", h -> h.stimecmp, (h, v) -> h.stimecmp = v));
        f.add(new Field("hstatus", h -> h.hstatus, (h, v) -> h.hstatus = v));
        f.add(new Field("hedeleg", h -> h.hedeleg, (h, v) -> h.hedeleg = v));
        f.add(new Field("hideleg", h -> h.hideleg, (h, v) -> h.hideleg = v));
        f.add(new Field("hvip", h -> h.hvip, (h, v) -> h.hvip = v));
        f.add(new Field("henvcfg", h -> h.henvcfg, (h, v) -> h.henvcfg = v));
        f.add(new Field("htval", h -> h.htval, (h, v) -> h.htval = v));
        f.add(new Field("htinst", h -> h.htinst, (h, v) -> h.htinst = v));
        f.add(new Field("htimedelta", h -> h.htimedelta, (h, v) -> h.htimedelta = v));
        f.add(new Field("hcounteren", h -> h.hcounteren, (h, v) -> h.hcounteren = (int) v));
        f.add(new Field("vsstatus", h -> h.vsstatus, (h, v) -> h.vsstatus = v));
        f.add(new Field("vstvec", h -> h.vstvec, (h, v) -> h.vstvec = v));
        f.add(new Field("vsepc", h -> h.vsepc, (h, v) -> h.vsepc = v));
        f.add(new Field("vscause", h -> h.vscause, (h, v) -> h.vscause = v));
        f.add(new Field("vstval", h -> h.vstval, (h, v) -> h.vstval = v));
        f.add(new Field("vsscratch", h -> h.vsscratch, (h, v) -> h.vsscratch = v));
        f.add(new Field("vstimecmp", h -> h.vstimecmp, (h, v) -> h.vstimecmp = v));
        f.add(new Field("instret-offset", h -> h.instretOffset, (h, v) -> h.instretOffset = v));
        f.add(new Field("cycle-offset", h -> h.cycleOffset, (h, v) -> h.cycleOffset = v));
        f.add(new Field("satp", h -> h.mmu.satp(), (h, v) -> h.mmu.writeSatp(v, false)));
        f.add(new Field("vsatp", h -> h.mmu.vsatp(), (h, v) -> h.mmu.writeSatp(v, true)));
        f.add(new Field("hgatp", h -> h.mmu.hgatp(), (h, v) -> h.mmu.writeHgatp(v)));
        for (int e = 0; e < Pmp.ENTRIES; e++) {
            int entry = e;
            f.add(new Field("pmpaddr" + e, h -> h.pmp.readAddr(entry), (h, v) -> h.pmp.writeAddr(entry, v)));
        }
        for (int reg = 0; reg < Pmp.ENTRIES / 4; reg += 2) {
            int r = reg;
            f.add(new Field("pmpcfg" + reg, h -> h.pmp.readCfg(r), (h, v) -> h.pmp.writeCfg(r, v)));
        }
        return List.copyOf(f);
    }

    private HartSnapshots() { }

    static List<String> fieldNames() {
        return FIELDS.stream().map(Field::name).toList();
    }

    static List<String> counterNames() {
        List<String> names = new ArrayList<>();
        for (int m = 0; m < 5; m++) names.add("retired-" + HartCounters.modeName(m));
        for (int c = 0; c < 24; c++) names.add("exception-" + c);
        for (int c = 0; c < 16; c++) names.add("interrupt-" + c);
        names.addAll(List.of("platform-traps", "tlb-misses", "page-walks", "mmio-accesses"));
        return List.copyOf(names);
    }

    /** The hart's state; call between slices (never while {@link Hart#run} is on the stack). */
    public static HartState save(Hart h) {
        long[] x = new long[32];
        System.arraycopy(h.x, 1, x, 1, 31);
        long[] csrs = new long[FIELDS.size()];
        for (int i = 0; i < csrs.length; i++) csrs[i] = FIELDS.get(i).get().applyAsLong(h);
        return new HartState(h.id, h.hasH, h.pc, h.priv, h.virt, x, csrs, h.waiting, h.isHalted(),
                h.reservations.holds(h.id), h.reservations.holds(h.id) ? h.reservations.address(h.id) : 0,
                h.retiredBefore, counters(h.counters));
    }

    /**
     * Puts {@code s} into {@code h}, a hart just built for the same machine.
     *
     * @throws IllegalArgumentException the state belongs to another hart, or a register refused
     *                                  its saved value (the state is damaged)
     */
    public static void restore(Hart h, HartState s) {
        if (s.id() != h.id) throw new IllegalArgumentException("hart state of hart " + s.id() + " given to hart " + h.id);
        if (s.hExtension() != h.hasH)
            throw new IllegalArgumentException("hart " + h.id + ": saved " + (s.hExtension() ? "with" : "without")
                    + " the H extension, but this hart " + (h.hasH ? "has" : "lacks") + " it");
        if (s.virtualMode() && (!h.hasH || s.privilege() == Privilege.M))
            throw new IllegalArgumentException("hart " + h.id + ": virtual mode saved in M-mode or without the H extension");
        long[] x = s.x();
        System.arraycopy(x, 1, h.x, 1, 31);
        h.x[0] = 0;
        h.x[32] = 0;
        h.pc = s.pc();
        h.priv = s.privilege();
        h.virt = s.virtualMode();
        long[] csrs = s.csrs();
        for (int i = 0; i < csrs.length; i++) FIELDS.get(i).set().accept(h, csrs[i]);
        for (int i = 0; i < csrs.length; i++) {
            Field f = FIELDS.get(i);
            long now = f.get().applyAsLong(h);
            if (now != csrs[i])
                throw new IllegalArgumentException(String.format("hart %d: %s refused the saved value 0x%x (reads 0x%x)",
                        h.id, f.name(), csrs[i], now));
        }
        h.waiting = s.waiting();
        h.setHalted(s.halted());
        h.reservations.clear(h.id);
        if (s.reserved()) h.reservations.reserve(h.id, s.reservation());
        h.retiredBefore = s.retiredBefore();
        h.sliceCount = 0;
        h.modeStartCount = 0;
        restoreCounters(h.counters, s.counters());
        // Derived state: rebuilt from the registers just restored, never saved.
        h.flushAllTlbs();
        h.modeChanged();
    }

    private static long[] counters(HartCounters c) {
        long[] v = new long[HartState.COUNTER_NAMES.size()];
        int i = 0;
        for (long r : c.retiredByMode) v[i++] = r;
        for (long e : c.exceptions) v[i++] = e;
        for (long n : c.interrupts) v[i++] = n;
        v[i++] = c.platformTraps;
        v[i++] = c.tlbMisses;
        v[i++] = c.pageWalks;
        v[i] = c.mmioAccesses;
        return v;
    }

    private static void restoreCounters(HartCounters c, long[] v) {
        int i = 0;
        for (int m = 0; m < c.retiredByMode.length; m++) c.retiredByMode[m] = v[i++];
        for (int e = 0; e < c.exceptions.length; e++) c.exceptions[e] = v[i++];
        for (int n = 0; n < c.interrupts.length; n++) c.interrupts[n] = v[i++];
        c.platformTraps = v[i++];
        c.tlbMisses = v[i++];
        c.pageWalks = v[i++];
        c.mmioAccesses = v[i];
    }
}
