package org.virtlab.engine.cpu;

import static org.virtlab.engine.cpu.Packed.imm;
import static org.virtlab.engine.cpu.Packed.length;
import static org.virtlab.engine.cpu.Packed.op;
import static org.virtlab.engine.cpu.Packed.rd;
import static org.virtlab.engine.cpu.Packed.rs1;
import static org.virtlab.engine.cpu.Packed.rs2;

import org.virtlab.engine.memory.Bus;
import org.virtlab.engine.memory.LittleEndian;
import org.virtlab.engine.memory.MmioRegion;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.memory.RamPage;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;
import org.virtlab.engine.mmu.Pmp;
import org.virtlab.engine.mmu.Tlb;

/**
 * One RISC-V hart: RV64IMAC + Zicsr + Zifencei + Zicntr + Sstc, privilege levels M/S/U, Sv39,
 * and the H extension (VS/VU modes, two-stage translation).
 *
 * <p>This class holds the architectural state and the interpreter's hot path: the run loop,
 * instruction fetch through the decoded-instruction cache, and loads and stores through the
 * software TLBs. Everything that is not hot lives beside it: {@link Csrs} (CSR accesses),
 * {@link Traps} (trap entry, interrupts, xRET), {@link SystemOps} (privileged instructions,
 * atomics, hypervisor loads and stores). Hot straight runs of code are translated to JVM
 * bytecode ({@link BlockTranslator}, docs/translator.md); the loop calls them where they start
 * and stays the reference for everything else.
 *
 * <p>Guest traps are values: a faulting access calls {@link #raise}, which enters the trap
 * handler at once and sets {@link #attention}; the loop then continues from the new pc. No
 * Java exception is ever thrown for anything a guest does.
 *
 * <p>A hart owns no thread. {@link #run} executes up to a budget of instructions on the
 * caller's thread and returns; the machine interleaves harts in slices.
 */
public final class Hart {
    // ---- identity and surroundings ----------------------------------------------------------
    final int id;
    final Bus bus;
    final Ram ram;
    final Mmu mmu;
    final Pmp pmp;
    final Reservations reservations;
    final boolean hasH;
    final HartCounters counters = new HartCounters();
    PlatformTrapHandler machineOwner;
    PlatformTrapHandler hypervisorOwner;

    // ---- architectural state -----------------------------------------------------------------
    /** x0..x31, plus slot 32 that absorbs writes to x0. */
    final long[] x = new long[33];
    long pc;
    int priv = Privilege.M;
    boolean virt;

    // CSRs (see Csrs for their WARL rules).
    long mstatus;
    long misa;
    long medeleg, mideleg, mie;
    /** mip bits written by software (SSIP, STIP without Sstc, SEIP). */
    long mipSoftware;
    /** mip bits driven by devices (MSIP, MTIP, MEIP, SEIP). */
    long mipLines;
    long mtvec, mepc, mcause, mtval, mscratch, mtval2, mtinst, menvcfg;
    int mcounteren;
    long stvec, sepc, scause, stval, sscratch, senvcfg;
    int scounteren;
    long stimecmp = -1;
    long hstatus, hedeleg, hideleg, hvip, henvcfg, htval, htinst, htimedelta;
    int hcounteren;
    long vsstatus, vstvec, vsepc, vscause, vstval, vsscratch;
    long vstimecmp = -1;
    /** minstret = retired + instretOffset; mcycle = retired + cycleOffset. */
    long instretOffset, cycleOffset;

    // ---- execution bookkeeping ---------------------------------------------------------------
    /** Instructions retired before the current slice. */
    long retiredBefore;
    /**
     * Instructions retired so far in the current slice. While out-of-line code runs (a slow
     * path, a system instruction, a trap) it counts those retired before the current one.
     */
    int sliceCount;
    /** sliceCount when the current privilege mode was entered (for per-mode counters). */
    int modeStartCount;
    /** Machine time at the start of the current slice, in instructions; and instructions per 10 MHz tick. */
    long sliceStartCycles;
    int instructionsPerTick = 10;

    /** Leave the fast path after this instruction: re-check interrupts and stop requests. */
    boolean attention;
    /** The current instruction trapped or jumped out of line: take pc from {@link #pc}. */
    boolean redirected;
    /** The current instruction raised a trap and does not retire. */
    boolean trapped;
    /** Instructions attempted in the current slice (retired or trapped): what the budget counts. */
    private int steps;
    /** WFI: the hart sleeps until an interrupt is pending and locally enabled. */
    boolean waiting;
    /** The machine wants the run loop to return at the next instruction boundary. */
    boolean exitRequested;
    /** Stopped by the platform (SBI HSM): runs nothing until released. */
    private boolean halted;
    /** Virtual pcs at which {@link #run} stops before executing; sorted, usually empty. */
    private long[] breakpoints = new long[0];
    /** The last run stopped at a breakpoint, before executing the instruction at pc. */
    private boolean atBreakpoint;
    /** The breakpoint pc the hart stopped at: the next run executes it instead of stopping again. */
    private long resumePc = -1;

    // ---- software TLBs ----------------------------------------------------------------------
    static final int CTX_M = 0, CTX_S = 1, CTX_S_SUM = 2, CTX_U = 3, CTX_VS = 4, CTX_VS_SUM = 5, CTX_VU = 6;
    private static final int CONTEXTS = 7;
    private static final int TLB_MASK = Tlb.ENTRIES - 1;
    private final Tlb[][] tlbs = new Tlb[CONTEXTS][3];

    private Tlb fetchTlb, loadTlb, storeTlb;
    private long[] loadTag, storeTag;
    private RamPage[] loadPage, storePage;
    /** Effective privilege, virtualization and translation flags of loads and stores (MPRV). */
    int dataPriv;
    boolean dataVirt;
    int dataFlags;
    private int lastMxrBits = -1;

    /** Virtual page and decoded slots of the code page the loop is executing from. */
    private long codeVpn = -1;
    private Insn[] code;
    private long[] codeWords;
    private DecodedPage codeDecoded;
    private RamPage codePage;
    /** The last instruction decoded across a page boundary (never cached). */
    private Insn pageCrossingInsn;
    /**
     * Whether PMP lets the current privilege fetch from all of the page {@link #fetchPage}
     * returned last. If not, the loop fetches each instruction on it through fetchPage, which
     * checks PMP for that instruction alone, and runs no translated blocks there.
     */
    private boolean wholePageFetchable;

    // ---- block translation (docs/translator.md) ------------------------------------------------
    private static final int HEAT_MASK = 4095;
    /** Taken branches and jumps into each (hashed) target; a block is translated when one reaches the threshold. */
    private final int[] heat = new int[HEAT_MASK + 1];
    /** Entries after which a block is translated; 0: never. */
    private int translationThreshold = DEFAULT_TRANSLATION_THRESHOLD;
    /** The count at which {@link #entered} looks at an address: the threshold, or never. */
    private int heatLimit = DEFAULT_TRANSLATION_THRESHOLD;
    /** 200, or the system property {@code virtlab.translationThreshold} (to run a whole test suite eagerly translated). */
    public static final int DEFAULT_TRANSLATION_THRESHOLD = Integer.getInteger("virtlab.translationThreshold", 200);
    /**
     * New classes one hart may define over its life ({@link SharedBlockCode} bounds them for the
     * whole JVM): a guest that keeps writing new hot code, or a hostile one, takes at most this
     * much of the shared budget; past it, it runs code already shared and is interpreted otherwise.
     */
    static final int CLASS_LIMIT = 2_000;
    int classLimit = CLASS_LIMIT;
    private int classesDefined;

    public Hart(int id, Bus bus, Reservations reservations, boolean hExtension) {
        this.id = id;
        this.bus = bus;
        this.ram = bus.ram();
        this.pmp = new Pmp();
        this.mmu = new Mmu(ram, pmp);
        this.reservations = reservations;
        this.hasH = hExtension;
        reset(0x8000_0000L);
    }

    /** Puts the hart in its reset state: M-mode at {@code resetPc}, CSRs at their reset values. */
    public void reset(long resetPc) {
        java.util.Arrays.fill(x, 0);
        pc = resetPc;
        priv = Privilege.M;
        virt = false;
        misa = Csrs.misaValue(hasH);
        mstatus = 0;
        medeleg = mideleg = mie = mipSoftware = 0;
        mideleg = hasH ? Csrs.MIDELEG_FORCED_H : 0;
        mtvec = mepc = mcause = mtval = mscratch = mtval2 = mtinst = menvcfg = 0;
        stvec = sepc = scause = stval = sscratch = senvcfg = 0;
        mcounteren = scounteren = hcounteren = 0;
        stimecmp = vstimecmp = -1;
        hstatus = hedeleg = hideleg = hvip = henvcfg = htval = htinst = htimedelta = 0;
        vsstatus = vstvec = vsepc = vscause = vstval = vsscratch = 0;
        mmu.writeSatp(0, false);
        mmu.writeSatp(0, true);
        mmu.writeHgatp(0);
        reservations.clear(id);
        waiting = false;
        flushAllTlbs();
        modeChanged();
    }

    // ---- public face ---------------------------------------------------------------------------

    public int id() {
        return id;
    }

    public long pc() {
        return pc;
    }

    /** Sets where the hart continues (used by loaders and platform trap handlers). */
    public void setPc(long newPc) {
        pc = newPc;
        redirected = true;
        attention = true;
    }

    public long x(int reg) {
        return reg == 0 ? 0 : x[reg];
    }

    public void setX(int reg, long value) {
        if (reg != 0) x[reg] = value;
    }

    public int privilege() {
        return priv;
    }

    public boolean virtualMode() {
        return virt;
    }

    /** Changes privilege level and virtualization mode (for platform trap handlers and loaders). */
    public void setMode(int privilege, boolean virtualMode) {
        if (privilege != Privilege.M && privilege != Privilege.S && privilege != Privilege.U)
            throw new IllegalArgumentException("no such privilege level: " + privilege);
        if (virtualMode && (!hasH || privilege == Privilege.M))
            throw new IllegalArgumentException("virtual mode needs the H extension and S or U");
        accountMode();
        priv = privilege;
        virt = virtualMode;
        modeChanged();
        attention = true;
    }

    public HartCounters counters() {
        return counters;
    }

    public Mmu mmu() {
        return mmu;
    }

    public boolean hasHypervisorExtension() {
        return hasH;
    }

    /**
     * Puts the hart to sleep as WFI does, until an interrupt is pending and enabled in mie: for
     * a platform owner (a hypervisor) with nothing to run on this hart. Call from a trap handler
     * or between runs.
     */
    public void sleepUntilInterrupt() {
        waiting = true;
        attention = true;
    }

    /** Machine time (mtime) as this hart sees it at the current instruction. */
    public long currentTime() {
        return time();
    }

    /** Whether the hart sleeps in WFI. */
    public boolean isWaiting() {
        return waiting;
    }

    /**
     * Halts or releases the hart. A halted hart runs nothing and no interrupt wakes it; firmware
     * uses this for harts that SBI HSM reports as stopped.
     */
    public void setHalted(boolean halted) {
        this.halted = halted;
        if (halted) requestExit();
    }

    public boolean isHalted() {
        return halted;
    }

    /** Drops every cached translation and decoded-code lookup, as SFENCE.VMA + HFENCE.GVMA + FENCE.I would. */
    public void flushTranslations() {
        flushAllTlbs();
    }

    /** Reads a CSR as a debugger would: no privilege checks, no side effects beyond the read. */
    public long readCsr(int csr) {
        return Csrs.peek(this, csr);
    }

    /** Writes a CSR as M-mode software would, without privilege checks (for firmware and tests). */
    public void writeCsr(int csr, long value) {
        Csrs.poke(this, csr, value);
        attention = true;
    }

    /** Lets Java code own M-mode (built-in SBI) or HS-mode (a hypervisor): see {@link PlatformTrapHandler}. */
    public void setPlatformOwner(int privilege, PlatformTrapHandler handler) {
        if (privilege == Privilege.M) machineOwner = handler;
        else if (privilege == Privilege.S) hypervisorOwner = handler;
        else throw new IllegalArgumentException("only M-mode and HS-mode can be owned by the platform");
    }

    /**
     * A device drives an interrupt line into this hart: {@code bit} is the mip bit (3 MSIP,
     * 7 MTIP, 9 SEIP, 11 MEIP). Level-triggered.
     */
    public void setInterruptLine(int bit, boolean level) {
        long mask = 1L << bit;
        long old = mipLines;
        mipLines = level ? old | mask : old & ~mask;
        if (mipLines != old) attention = true;
    }

    /**
     * A timer comparator changed: end the slice so the machine recomputes its deadlines and the
     * new deadline fires on time instead of at the end of a long slice.
     */
    void timersChanged() {
        requestExit();
    }

    /** Asks the run loop to return at the next instruction boundary (power-off, stop requests). */
    public void requestExit() {
        exitRequested = true;
        attention = true;
    }

    /** Wakes the hart if an interrupt is pending and locally enabled (WFI's wake-up rule). */
    public boolean wakeIfInterruptPending() {
        if (halted) return false;
        if (waiting && (mip() & mie) != 0) waiting = false;
        return !waiting;
    }

    /**
     * The earliest machine time after {@code now} at which one of this hart's Sstc comparators
     * (stimecmp, vstimecmp - htimedelta) fires, or Long.MAX_VALUE.
     */
    public long nextTimerDeadline(long now) {
        long d = Long.MAX_VALUE;
        if (Csrs.sstcEnabled(this) && Long.compareUnsigned(stimecmp, now) > 0) d = stimecmp;
        if (hasH && Csrs.vsSstcEnabled(this)) {
            long t = vstimecmp - htimedelta;
            if (Long.compareUnsigned(t, now) > 0 && Long.compareUnsigned(t, d) < 0) d = t;
        }
        return d;
    }

    /** Sets the machine time (in instructions) at the start of the next slice, and the timebase ratio. */
    public void setSliceStart(long cycles, int instructionsPerTick) {
        this.sliceStartCycles = cycles;
        this.instructionsPerTick = instructionsPerTick;
    }

    /**
     * Sets the virtual addresses at which {@link #run} stops before executing the instruction
     * there (in any privilege mode). With breakpoints set the hart checks pc before every
     * instruction, which is much slower; an empty array switches them off.
     */
    public void setBreakpoints(long[] pcs) {
        long[] sorted = pcs.clone();
        java.util.Arrays.sort(sorted);
        breakpoints = sorted;
    }

    /**
     * Translates a straight run of guest code to JVM bytecode once execution has jumped to its
     * start {@code entries} times (docs/translator.md); 0 switches translation off. Translated
     * code behaves exactly like the interpreter, only faster.
     */
    public void setTranslationThreshold(int entries) {
        if (entries < 0) throw new IllegalArgumentException("translation threshold must be 0 (off) or more, not " + entries);
        translationThreshold = entries;
        heatLimit = entries == 0 ? Integer.MAX_VALUE : entries;
        java.util.Arrays.fill(heat, 0);
    }

    /** Whether the last {@link #run} stopped at a breakpoint; pc is then the breakpoint's address. */
    public boolean atBreakpoint() {
        return atBreakpoint;
    }

    /** Instructions retired since reset. */
    public long retired() {
        return retiredBefore + sliceCount;
    }

    // ---- time and interrupts -------------------------------------------------------------------

    /** mtime as this hart sees it now: the slice's start plus the instructions run in it. */
    long time() {
        return (sliceStartCycles + sliceCount) / instructionsPerTick;
    }

    /** The full mip value: device lines, software bits, hvip, and the Sstc comparators. */
    long mip() {
        long v = mipLines | mipSoftware;
        if (hasH) {
            v |= hvip & Csrs.HVIP_MASK;
            if (Csrs.vsSstcEnabled(this) && Long.compareUnsigned(time() + htimedelta, vstimecmp) >= 0)
                v |= 1L << Cause.VIRTUAL_SUPERVISOR_TIMER;
        }
        if (Csrs.sstcEnabled(this)) {
            v &= ~(1L << Cause.SUPERVISOR_TIMER);
            if (Long.compareUnsigned(time(), stimecmp) >= 0) v |= 1L << Cause.SUPERVISOR_TIMER;
        }
        return v;
    }

    // ---- privilege bookkeeping -------------------------------------------------------------------

    /** Adds the instructions retired in the current mode to its counter (call before changing mode). */
    void accountMode() {
        accountMode(0);
    }

    /**
     * Like {@link #accountMode()}, counting {@code alsoCurrent} (0 or 1) more: MRET and SRET retire
     * in the mode they leave.
     */
    void accountMode(int alsoCurrent) {
        int upTo = sliceCount + alsoCurrent;
        int n = upTo - modeStartCount;
        if (n > 0) counters.retiredByMode[HartCounters.modeIndex(priv, virt)] += n;
        modeStartCount = upTo;
    }

    /**
     * Selects the TLBs for the current privilege and the data-access context (mstatus.MPRV,
     * SUM, MXR; vsstatus.SUM, MXR). Call after any change to those.
     */
    void modeChanged() {
        int fetchCtx = contextOf(priv, virt, false);
        int effPriv = priv;
        boolean effVirt = virt;
        if (priv == Privilege.M && (mstatus & Csrs.MSTATUS_MPRV) != 0) {
            effPriv = (int) ((mstatus >>> 11) & 3);
            effVirt = hasH && effPriv != Privilege.M && (mstatus & Csrs.MSTATUS_MPV) != 0;
        }
        boolean sum = effVirt ? (vsstatus & Csrs.MSTATUS_SUM) != 0 : (mstatus & Csrs.MSTATUS_SUM) != 0;
        int flags = sum ? Mmu.SUM : 0;
        boolean mxr = (mstatus & Csrs.MSTATUS_MXR) != 0;
        boolean vsMxr = (vsstatus & Csrs.MSTATUS_MXR) != 0;
        if (effVirt) {
            if (mxr || vsMxr) flags |= Mmu.MXR;
            if (mxr) flags |= Mmu.G_MXR;
        } else if (mxr) {
            flags |= Mmu.MXR;
        }
        int mxrBits = (mxr ? 1 : 0) | (vsMxr ? 2 : 0);
        if (mxrBits != lastMxrBits) {          // MXR is not part of the context: drop cached loads
            for (Tlb[] set : tlbs) if (set[Access.LOAD] != null) set[Access.LOAD].flush();
            lastMxrBits = mxrBits;
        }
        dataPriv = effPriv;
        dataVirt = effVirt;
        dataFlags = flags;
        int dataCtx = contextOf(effPriv, effVirt, sum);
        fetchTlb = tlb(fetchCtx, Access.FETCH);
        loadTlb = tlb(dataCtx, Access.LOAD);
        storeTlb = tlb(dataCtx, Access.STORE);
        loadTag = loadTlb.tag;
        loadPage = loadTlb.page;
        storeTag = storeTlb.tag;
        storePage = storeTlb.page;
        codeVpn = -1;
    }

    private static int contextOf(int priv, boolean virt, boolean sum) {
        if (priv == Privilege.M) return CTX_M;
        if (virt) return priv == Privilege.S ? (sum ? CTX_VS_SUM : CTX_VS) : CTX_VU;
        return priv == Privilege.S ? (sum ? CTX_S_SUM : CTX_S) : CTX_U;
    }

    private Tlb tlb(int ctx, int access) {
        Tlb t = tlbs[ctx][access];
        if (t == null) {
            t = new Tlb();
            tlbs[ctx][access] = t;
        }
        return t;
    }

    /** Drops every cached translation of the host (non-virtual) S and U contexts. */
    void flushHostTlbs(long vpnOrMinus1) {
        flushContexts(vpnOrMinus1, CTX_S, CTX_S_SUM, CTX_U);
    }

    /** Drops every cached translation of the guest (VS/VU) contexts. */
    void flushGuestTlbs(long vpnOrMinus1) {
        flushContexts(vpnOrMinus1, CTX_VS, CTX_VS_SUM, CTX_VU);
    }

    private void flushContexts(long vpn, int... contexts) {
        for (int ctx : contexts) {
            for (Tlb t : tlbs[ctx]) {
                if (t == null) continue;
                if (vpn < 0) t.flush();
                else t.flush(vpn);
            }
        }
        codeVpn = -1;
    }

    void flushAllTlbs() {
        for (Tlb[] set : tlbs) for (Tlb t : set) if (t != null) t.flush();
        codeVpn = -1;
    }

    /** Forgets the code page the loop runs from (FENCE.I, context switches). */
    void dropCodePage() {
        codeVpn = -1;
    }

    // ---- traps ----------------------------------------------------------------------------------

    /** Raises a synchronous exception at {@code faultPc}; the handler is entered immediately. */
    void raise(int cause, long tval, long faultPc) {
        raise(cause, tval, 0, 0, false, faultPc);
    }

    void raise(int cause, long tval, long tval2, long tinst, boolean gva, long faultPc) {
        trapped = true;
        redirected = true;
        attention = true;
        Traps.exception(this, cause, tval, tval2, tinst, gva, faultPc);
    }

    // ---- the run loop -----------------------------------------------------------------------

    /**
     * Runs until {@code budget} instructions have been attempted (retired or trapped), the hart
     * waits (WFI), or the machine asks it to exit. Returns the number of instructions retired;
     * {@link #lastSliceSteps()} tells how many were attempted. Because trapping instructions
     * count against the budget, a guest that traps forever still returns control.
     */
    public int run(int budget) {
        exitRequested = false;
        atBreakpoint = false;
        sliceCount = 0;
        modeStartCount = 0;
        attention = false;
        steps = 0;
        if (waiting || halted) return 0;
        Traps.pollInterrupts(this);
        int n = breakpoints.length == 0 ? execute(budget) : executeWithBreakpoints(budget);
        accountMode();
        retiredBefore += n;
        sliceCount = 0;
        modeStartCount = 0;
        return n;
    }

    /** Instructions attempted in the last {@link #run}: retired ones plus those that trapped. */
    public int lastSliceSteps() {
        return steps;
    }

    /** Runs one instruction at a time, stopping before any breakpoint. */
    private int executeWithBreakpoints(int budget) {
        while (steps < budget && !exitRequested && !waiting) {
            if (pc != resumePc && java.util.Arrays.binarySearch(breakpoints, pc) >= 0) {
                atBreakpoint = true;
                resumePc = pc;
                break;
            }
            resumePc = -1;
            execute(steps + 1);
        }
        return sliceCount;
    }

    /**
     * The interpreter: runs until {@link #steps} reaches {@code budget}, continuing the slice's
     * counts ({@link #steps}, {@link #sliceCount}) where the last call left them.
     */
    private int execute(int budget) {
        final long[] x = this.x;
        long pc = this.pc;
        int steps = this.steps;         // instructions attempted; retired = steps - traps
        int traps = steps - this.sliceCount;
        long pageVpn = -1;      // the code page in use, kept in locals: fetch checks them every instruction
        long[] words = null;
        DecodedPage decoded = null;
        redirected = trapped = false;
        while (steps < budget) {
            steps++;
            if ((pc >>> RamPage.SHIFT) != pageVpn) {
                this.sliceCount = steps - 1 - traps;
                if (!enterCodePage(pc)) {                     // fetch fault: the trap was taken
                    traps++;
                    pc = afterTrap();
                    pageVpn = -1;
                    if (exitRequested || waiting) break;
                    continue;
                }
                pageVpn = wholePageFetchable ? codeVpn : -1;   // -1: re-enter (re-check PMP) every instruction
                words = codeWords;
                decoded = codeDecoded;
            }
            int slot = ((int) pc & RamPage.OFFSET_MASK) >>> 1;
            long w = words[slot];
            if (w == Packed.NOT_DECODED) {
                this.sliceCount = steps - 1 - traps;
                Insn in = decodeAt(pc, slot);
                if (in == null) {
                    traps++;
                    pc = afterTrap();
                    pageVpn = -1;
                    if (exitRequested || waiting) break;
                    continue;
                }
                w = in.packed;
                pageVpn = wholePageFetchable ? codeVpn : -1;   // a page-crossing decode forgets the page
            }
            if (op(w) == Op.BLOCK) {
                TranslatedBlock block = decoded.blocks[(int) imm(w)];
                // pageVpn is -1 here only on a page PMP does not wholly allow: interpret, checking each fetch.
                if (block.length - 1 <= budget - steps && pageVpn != -1) {
                    int n = block.code.run(this, x, pc, steps - 1 - traps, budget - steps + 1);
                    steps += n - 1;
                    counters.translatedInstructions += n;
                    counters.translatedCalls++;
                    pc = this.pc;
                    if (attention) {
                        if (trapped) traps++;
                        this.sliceCount = steps - traps;
                        pc = afterTrap();
                        pageVpn = -1;
                        if (exitRequested || waiting) break;
                    }
                    entered(pc);
                    continue;
                }
                w = block.firstWord;    // too little budget left: interpret it
            }
            switch (op(w)) {
                case Op.LUI: x[rd(w)] = imm(w); pc += length(w); continue;
                case Op.AUIPC: x[rd(w)] = pc + imm(w); pc += 4; continue;
                case Op.JAL: x[rd(w)] = pc + length(w); pc += imm(w); entered(pc); continue;
                case Op.JALR: {
                    long target = (x[rs1(w)] + imm(w)) & ~1L;
                    x[rd(w)] = pc + length(w);
                    pc = target;
                    entered(pc);
                    continue;
                }
                case Op.BEQ: if (x[rs1(w)] == x[rs2(w)]) { pc += imm(w); entered(pc); } else pc += length(w); continue;
                case Op.BNE: if (x[rs1(w)] != x[rs2(w)]) { pc += imm(w); entered(pc); } else pc += length(w); continue;
                case Op.BLT: if (x[rs1(w)] < x[rs2(w)]) { pc += imm(w); entered(pc); } else pc += length(w); continue;
                case Op.BGE: if (x[rs1(w)] >= x[rs2(w)]) { pc += imm(w); entered(pc); } else pc += length(w); continue;
                case Op.BLTU: if (Long.compareUnsigned(x[rs1(w)], x[rs2(w)]) < 0) { pc += imm(w); entered(pc); } else pc += length(w); continue;
                case Op.BGEU: if (Long.compareUnsigned(x[rs1(w)], x[rs2(w)]) >= 0) { pc += imm(w); entered(pc); } else pc += length(w); continue;

                case Op.LB: { long v = load8(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = (byte) v; break; }
                case Op.LH: { long v = load16(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = (short) v; break; }
                case Op.LW: { long v = load32(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = (int) v; break; }
                case Op.LD: { long v = load64(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = v; break; }
                case Op.LBU: { long v = load8(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = v & 0xFF; break; }
                case Op.LHU: { long v = load16(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = v & 0xFFFF; break; }
                case Op.LWU: { long v = load32(x[rs1(w)] + imm(w), pc, steps - 1 - traps); if (!trapped) x[rd(w)] = v & 0xFFFF_FFFFL; break; }
                case Op.SB: store8(x[rs1(w)] + imm(w), x[rs2(w)], pc, steps - 1 - traps); break;
                case Op.SH: store16(x[rs1(w)] + imm(w), x[rs2(w)], pc, steps - 1 - traps); break;
                case Op.SW: store32(x[rs1(w)] + imm(w), x[rs2(w)], pc, steps - 1 - traps); break;
                case Op.SD: store64(x[rs1(w)] + imm(w), x[rs2(w)], pc, steps - 1 - traps); break;

                case Op.ADDI: x[rd(w)] = x[rs1(w)] + imm(w); pc += length(w); continue;
                case Op.SLTI: x[rd(w)] = x[rs1(w)] < imm(w) ? 1 : 0; pc += 4; continue;
                case Op.SLTIU: x[rd(w)] = Long.compareUnsigned(x[rs1(w)], imm(w)) < 0 ? 1 : 0; pc += 4; continue;
                case Op.XORI: x[rd(w)] = x[rs1(w)] ^ imm(w); pc += 4; continue;
                case Op.ORI: x[rd(w)] = x[rs1(w)] | imm(w); pc += 4; continue;
                case Op.ANDI: x[rd(w)] = x[rs1(w)] & imm(w); pc += length(w); continue;
                case Op.SLLI: x[rd(w)] = x[rs1(w)] << imm(w); pc += length(w); continue;
                case Op.SRLI: x[rd(w)] = x[rs1(w)] >>> imm(w); pc += length(w); continue;
                case Op.SRAI: x[rd(w)] = x[rs1(w)] >> imm(w); pc += length(w); continue;
                case Op.ADD: x[rd(w)] = x[rs1(w)] + x[rs2(w)]; pc += length(w); continue;
                case Op.SUB: x[rd(w)] = x[rs1(w)] - x[rs2(w)]; pc += length(w); continue;
                case Op.SLL: x[rd(w)] = x[rs1(w)] << x[rs2(w)]; pc += 4; continue;
                case Op.SLT: x[rd(w)] = x[rs1(w)] < x[rs2(w)] ? 1 : 0; pc += 4; continue;
                case Op.SLTU: x[rd(w)] = Long.compareUnsigned(x[rs1(w)], x[rs2(w)]) < 0 ? 1 : 0; pc += 4; continue;
                case Op.XOR: x[rd(w)] = x[rs1(w)] ^ x[rs2(w)]; pc += length(w); continue;
                case Op.SRL: x[rd(w)] = x[rs1(w)] >>> x[rs2(w)]; pc += 4; continue;
                case Op.SRA: x[rd(w)] = x[rs1(w)] >> x[rs2(w)]; pc += 4; continue;
                case Op.OR: x[rd(w)] = x[rs1(w)] | x[rs2(w)]; pc += length(w); continue;
                case Op.AND: x[rd(w)] = x[rs1(w)] & x[rs2(w)]; pc += length(w); continue;
                case Op.ADDIW: x[rd(w)] = (int) (x[rs1(w)] + imm(w)); pc += length(w); continue;
                case Op.SLLIW: x[rd(w)] = (int) x[rs1(w)] << imm(w); pc += 4; continue;
                case Op.SRLIW: x[rd(w)] = (int) x[rs1(w)] >>> imm(w); pc += 4; continue;
                case Op.SRAIW: x[rd(w)] = (int) x[rs1(w)] >> imm(w); pc += 4; continue;
                case Op.ADDW: x[rd(w)] = (int) (x[rs1(w)] + x[rs2(w)]); pc += length(w); continue;
                case Op.SUBW: x[rd(w)] = (int) (x[rs1(w)] - x[rs2(w)]); pc += length(w); continue;
                case Op.SLLW: x[rd(w)] = (int) x[rs1(w)] << (x[rs2(w)] & 31); pc += 4; continue;
                case Op.SRLW: x[rd(w)] = (int) x[rs1(w)] >>> (x[rs2(w)] & 31); pc += 4; continue;
                case Op.SRAW: x[rd(w)] = (int) x[rs1(w)] >> (x[rs2(w)] & 31); pc += 4; continue;

                case Op.MUL: x[rd(w)] = x[rs1(w)] * x[rs2(w)]; pc += 4; continue;
                case Op.MULH: x[rd(w)] = Math.multiplyHigh(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.MULHSU: x[rd(w)] = MulDiv.mulhsu(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.MULHU: x[rd(w)] = MulDiv.mulhu(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.DIV: x[rd(w)] = MulDiv.div(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.DIVU: x[rd(w)] = MulDiv.divu(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.REM: x[rd(w)] = MulDiv.rem(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.REMU: x[rd(w)] = MulDiv.remu(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.MULW: x[rd(w)] = (int) x[rs1(w)] * (int) x[rs2(w)]; pc += 4; continue;
                case Op.DIVW: x[rd(w)] = MulDiv.divw(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.DIVUW: x[rd(w)] = MulDiv.divuw(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.REMW: x[rd(w)] = MulDiv.remw(x[rs1(w)], x[rs2(w)]); pc += 4; continue;
                case Op.REMUW: x[rd(w)] = MulDiv.remuw(x[rs1(w)], x[rs2(w)]); pc += 4; continue;

                case Op.FENCE: pc += 4; continue;

                default:
                    // Atomics, CSRs, privileged and hypervisor instructions: out of line.
                    this.pc = pc;
                    this.sliceCount = steps - 1 - traps;
                    SystemOps.execute(this, currentInsn(pc));
                    if (!attention) {
                        pc += length(w);
                        entered(pc);        // where a translated block can start again
                        continue;
                    }
                    break;
            }
            // Only instructions that may trap, jump out of line or touch devices get here.
            if (attention) {
                if (trapped) traps++;
                this.sliceCount = steps - traps;
                pc = redirected ? this.pc : pc + length(w);
                this.pc = pc;
                pc = afterTrap();
                pageVpn = -1;
                if (exitRequested || waiting) break;
                entered(pc);                // a trap handler, the return from one, or after a device access
            } else {
                pc += length(w);
            }
        }
        int retired = steps - traps;
        this.pc = pc;
        this.sliceCount = retired;
        this.steps = steps;
        return retired;
    }

    /** Execution jumped to {@code target}: counts it, and translates the block there once it is hot. */
    private void entered(long target) {
        int i = (int) (target >>> 1) & HEAT_MASK;
        if (++heat[i] >= heatLimit) translateAt(target, i);
    }

    /**
     * Translates the block at {@code target} unless there is one, and starts its count again:
     * counts are per hashed virtual address, and the code there may change (a dropped block, a
     * new program at the same address), so a hot address is looked at again every so often.
     */
    private void translateAt(long target, int heatIndex) {
        heat[heatIndex] = 0;
        if (translationThreshold == 0) return;
        long vpn = target >>> RamPage.SHIFT;
        int t = Tlb.index(vpn);
        if (fetchTlb.tag[t] != vpn) return;         // not fetchable from the TLB (yet)
        RamPage page = fetchTlb.page[t];
        DecodedPage d = DecodedPage.of(page);
        int off = (int) target & RamPage.OFFSET_MASK;
        if (op(d.words[off >>> 1]) == Op.BLOCK) return;
        TranslatedBlock block = BlockTranslator.translate(d, page.data, off, classesDefined < classLimit);
        if (block == null) {
            heat[heatIndex] = -7 * translationThreshold;   // nothing worth it there: look again 8 times later
            return;
        }
        d.install(block);
        counters.blocksTranslated++;
        if (block.defined) classesDefined++;
    }

    /** The decoded instruction at {@code pc}, which the loop is executing (for slow paths). */
    private Insn currentInsn(long pc) {
        if ((pc >>> RamPage.SHIFT) == codeVpn) {
            Insn in = code[((int) pc & RamPage.OFFSET_MASK) >>> 1];
            if (in != null) return in;
        }
        return pageCrossingInsn;
    }

    /** After a trap or out-of-line work: re-checks interrupts and returns the pc to continue at. */
    private long afterTrap() {
        attention = false;
        redirected = false;
        trapped = false;
        codeVpn = -1;
        Traps.pollInterrupts(this);
        attention = false;
        redirected = false;
        trapped = false;
        return pc;
    }

    // ---- instruction fetch ----------------------------------------------------------------------

    /** Makes the page of {@code fetchPc} the current code page; false if fetching faulted. */
    private boolean enterCodePage(long fetchPc) {
        RamPage page = fetchPage(fetchPc, fetchPc);
        if (page == null) return false;
        DecodedPage decoded = DecodedPage.of(page);
        code = decoded.insns;
        codeWords = decoded.words;
        codeDecoded = decoded;
        codePage = page;
        codeVpn = fetchPc >>> RamPage.SHIFT;
        return true;
    }

    /** The RAM page backing the instruction bytes at {@code va}, or null after raising a fetch fault. */
    private RamPage fetchPage(long va, long faultPc) {
        long vpn = va >>> RamPage.SHIFT;
        Tlb t = fetchTlb;
        int i = Tlb.index(vpn);
        if (t.tag[i] == vpn) {
            wholePageFetchable = true;
            return t.page[i];
        }
        counters.tlbMisses++;
        long walksBefore = mmu.walks;
        long pa = mmu.translate(va, Access.FETCH, priv, virt, 0);
        counters.pageWalks += mmu.walks - walksBefore;
        if (pa == Mmu.FAULT) {
            raise(mmu.faultCause, va, mmu.faultTval2, mmu.faultTinst, virt, faultPc);
            return null;
        }
        if (!pmp.allows(pa, 2, Access.FETCH, priv) || !bus.isPlainRamPage(pa)) {
            raise(Cause.INSTRUCTION_ACCESS_FAULT, va, 0, 0, virt, faultPc);
            return null;
        }
        RamPage page = bus.memoryAt(pa, 2).page(pa);
        wholePageFetchable = pmp.allows(pa & ~(long) RamPage.OFFSET_MASK, RamPage.SIZE, Access.FETCH, priv);
        if (wholePageFetchable) {
            t.fill(vpn, page, mmu.lastSuperpage);
        } else if (va == faultPc && upperHalfDenied(page, pa)) {
            raise(Cause.INSTRUCTION_ACCESS_FAULT, va + 2, 0, 0, virt, faultPc);   // tval: the part that faulted
            return null;
        }
        return page;
    }

    /**
     * Whether the instruction starting at {@code pa} is a 32-bit one whose upper half, on the same
     * page, lies in a PMP granule the current privilege may not fetch from (its lower half was
     * checked already; an upper half on the next page is fetched and checked on its own).
     */
    private boolean upperHalfDenied(RamPage page, long pa) {
        int off = (int) pa & RamPage.OFFSET_MASK;
        if (off > RamPage.SIZE - 4) return false;
        int low = (short) LittleEndian.SHORT.get(page.data, off) & 0xFFFF;
        return !Decoder.isCompressed(low) && !pmp.allows(pa + 2, 2, Access.FETCH, priv);
    }

    /** Decodes the instruction at {@code fetchPc} into the cache; null after raising a fetch fault. */
    private Insn decodeAt(long fetchPc, int slot) {
        byte[] bytes = codePage.data;
        int off = (int) fetchPc & RamPage.OFFSET_MASK;
        int low = (short) LittleEndian.SHORT.get(bytes, off) & 0xFFFF;
        if (Decoder.isCompressed(low) || off <= RamPage.SIZE - 4) {
            Insn in = Decoder.decode(Decoder.isCompressed(low) ? low : (int) LittleEndian.INT.get(bytes, off));
            code[slot] = in;
            codeWords[slot] = in.packed;
            return in;
        }
        // A 32-bit instruction whose upper half lies on the next page: decoded every time.
        RamPage next = fetchPage(fetchPc + 2, fetchPc);
        if (next == null) {
            // The fault is reported at the second half's address (the part that faulted).
            return null;
        }
        int high = (short) LittleEndian.SHORT.get(next.data, 0) & 0xFFFF;
        codeVpn = -1;   // the next-page lookup may have replaced the TLB entry; re-enter next time
        pageCrossingInsn = Decoder.decode(low | (high << 16));
        return pageCrossingInsn;
    }

    // ---- loads and stores: fast paths ------------------------------------------------------------

    long load8(long va, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (loadTag[i] == vpn) return loadPage[i].data[(int) va & RamPage.OFFSET_MASK];
        return loadSlow(va, 1, pc, retired);
    }

    long load16(long va, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & RamPage.OFFSET_MASK;
        if (loadTag[i] == vpn && off <= RamPage.SIZE - 2) return (short) LittleEndian.SHORT.get(loadPage[i].data, off);
        return loadSlow(va, 2, pc, retired);
    }

    long load32(long va, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & RamPage.OFFSET_MASK;
        if (loadTag[i] == vpn && off <= RamPage.SIZE - 4) return (int) LittleEndian.INT.get(loadPage[i].data, off);
        return loadSlow(va, 4, pc, retired);
    }

    long load64(long va, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & RamPage.OFFSET_MASK;
        if (loadTag[i] == vpn && off <= RamPage.SIZE - 8) return (long) LittleEndian.LONG.get(loadPage[i].data, off);
        return loadSlow(va, 8, pc, retired);
    }

    void store8(long va, long value, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        if (storeTag[i] == vpn) {
            RamPage p = storePage[i];
            int off = (int) va & RamPage.OFFSET_MASK;
            p.data[off] = (byte) value;
            stored(p, off, 1);
            return;
        }
        storeSlow(va, 1, value, pc, retired);
    }

    void store16(long va, long value, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & RamPage.OFFSET_MASK;
        if (storeTag[i] == vpn && off <= RamPage.SIZE - 2) {
            RamPage p = storePage[i];
            LittleEndian.SHORT.set(p.data, off, (short) value);
            stored(p, off, 2);
            return;
        }
        storeSlow(va, 2, value, pc, retired);
    }

    void store32(long va, long value, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & RamPage.OFFSET_MASK;
        if (storeTag[i] == vpn && off <= RamPage.SIZE - 4) {
            RamPage p = storePage[i];
            LittleEndian.INT.set(p.data, off, (int) value);
            stored(p, off, 4);
            return;
        }
        storeSlow(va, 4, value, pc, retired);
    }

    void store64(long va, long value, long pc, int retired) {
        long vpn = va >>> RamPage.SHIFT;
        int i = (int) vpn & TLB_MASK;
        int off = (int) va & RamPage.OFFSET_MASK;
        if (storeTag[i] == vpn && off <= RamPage.SIZE - 8) {
            RamPage p = storePage[i];
            LittleEndian.LONG.set(p.data, off, value);
            stored(p, off, 8);
            return;
        }
        storeSlow(va, 8, value, pc, retired);
    }

    /** Keeps decoded code and other harts' LR reservations coherent after a store to RAM. */
    private void stored(RamPage p, int off, int size) {
        if (p.code != null && p.code.invalidate(off, size)) attention = true;   // leave translated code that was dropped
        if (reservations.active != 0) reservations.stored(id, p.base + off, size);
    }

    // ---- loads and stores: slow paths -----------------------------------------------------------

    /** A TLB miss or page-crossing load; {@code retired}: instructions retired before this one in the slice. */
    private long loadSlow(long va, int size, long pc, int retired) {
        sliceCount = retired;
        return loadSlow(va, size, pc, currentInsn(pc));
    }

    private long loadSlow(long va, int size, long pc, Insn in) {
        int off = (int) va & RamPage.OFFSET_MASK;
        if (off + size > RamPage.SIZE) {           // misaligned across a page: byte by byte
            long v = 0;
            for (int b = 0; b < size; b++) {
                long byteVal = loadSlow(va + b, 1, pc, in);
                if (trapped) return 0;
                v |= (byteVal & 0xFF) << (8 * b);
            }
            return v;
        }
        counters.tlbMisses++;
        long pa = translateData(va, Access.LOAD, pc, in);
        if (pa == Mmu.FAULT) return 0;
        return physicalLoad(pa, va, size, pc, in, true);
    }

    /** A TLB miss or page-crossing store; {@code retired}: instructions retired before this one in the slice. */
    private void storeSlow(long va, int size, long value, long pc, int retired) {
        sliceCount = retired;
        storeSlow(va, size, value, pc, currentInsn(pc));
    }

    private void storeSlow(long va, int size, long value, long pc, Insn in) {
        int off = (int) va & RamPage.OFFSET_MASK;
        if (off + size > RamPage.SIZE) {
            // Translate and check both parts before writing anything, so a fault leaves memory unchanged.
            long second = (va + size - 1) & ~(long) RamPage.OFFSET_MASK;
            long pa = translateData(va, Access.STORE, pc, in);
            if (pa == Mmu.FAULT) return;
            long pa2 = translateData(second, Access.STORE, pc, in);
            if (pa2 == Mmu.FAULT) return;
            int firstPart = RamPage.SIZE - off;
            if (!storable(pa, firstPart)) {
                raise(Cause.STORE_ACCESS_FAULT, va, 0, SystemOps.transformedInstruction(in), dataVirt, pc);
                return;
            }
            if (!storable(pa2, size - firstPart)) {
                raise(Cause.STORE_ACCESS_FAULT, second, 0, SystemOps.transformedInstruction(in), dataVirt, pc);
                return;
            }
            for (int b = 0; b < size; b++) {
                storeSlow(va + b, 1, value >>> (8 * b), pc, in);
                if (trapped) return;
            }
            return;
        }
        counters.tlbMisses++;
        long pa = translateData(va, Access.STORE, pc, in);
        if (pa == Mmu.FAULT) return;
        physicalStore(pa, va, size, value, pc, in, true);
    }

    /** Whether PMP lets the current data context store {@code size} bytes at {@code pa}, and something is there. */
    private boolean storable(long pa, int size) {
        return pmp.allows(pa, size, Access.STORE, dataPriv) && bus.isMapped(pa, size);
    }

    /** Translates a data address in the current data context; raises the fault and returns FAULT on failure. */
    long translateData(long va, int access, long pc, Insn in) {
        long walksBefore = mmu.walks;
        long pa = mmu.translate(va, access, dataPriv, dataVirt, dataFlags);
        counters.pageWalks += mmu.walks - walksBefore;
        if (pa == Mmu.FAULT) {
            long tinst = mmu.faultTinst != 0 ? mmu.faultTinst : SystemOps.transformedInstruction(in);
            raise(mmu.faultCause, va, mmu.faultTval2, tinst, dataVirt, pc);
        }
        return pa;
    }

    /** A load from physical address {@code pa}: RAM (filling the TLB when it may) or a device. */
    long physicalLoad(long pa, long va, int size, long pc, Insn in, boolean mayCache) {
        if (!pmp.allows(pa, size, Access.LOAD, dataPriv)) {
            raise(Cause.LOAD_ACCESS_FAULT, va, 0, SystemOps.transformedInstruction(in), dataVirt, pc);
            return 0;
        }
        MmioRegion r = bus.deviceAt(pa);
        if (r != null) {
            counters.mmioAccesses++;
            long v = r.device().read(pa - r.base(), size);
            attention = true;          // a device read may change interrupt lines
            return v;
        }
        Ram memory = bus.memoryAt(pa, size);
        if (memory == null) {
            raise(Cause.LOAD_ACCESS_FAULT, va, 0, SystemOps.transformedInstruction(in), dataVirt, pc);
            return 0;
        }
        RamPage page = memory.page(pa);
        if (mayCache && bus.isPlainRamPage(pa)
                && pmp.allows(pa & ~(long) RamPage.OFFSET_MASK, RamPage.SIZE, Access.LOAD, dataPriv))
            loadTlb.fill(va >>> RamPage.SHIFT, page, mmu.lastSuperpage);
        return LittleEndian.read(page.data, (int) pa & RamPage.OFFSET_MASK, size);
    }

    /** A store to physical address {@code pa}: RAM (filling the TLB when it may) or a device. */
    void physicalStore(long pa, long va, int size, long value, long pc, Insn in, boolean mayCache) {
        if (!pmp.allows(pa, size, Access.STORE, dataPriv)) {
            raise(Cause.STORE_ACCESS_FAULT, va, 0, SystemOps.transformedInstruction(in), dataVirt, pc);
            return;
        }
        MmioRegion r = bus.deviceAt(pa);
        if (r != null) {
            counters.mmioAccesses++;
            r.device().write(pa - r.base(), size, value);
            attention = true;          // a device write may raise interrupts or power off
            return;
        }
        Ram memory = bus.memoryAt(pa, size);
        if (memory == null) {
            raise(Cause.STORE_ACCESS_FAULT, va, 0, SystemOps.transformedInstruction(in), dataVirt, pc);
            return;
        }
        if (memory.isReadOnly()) return;           // writes to ROM are ignored
        RamPage page = memory.pageForWrite(pa);
        int off = (int) pa & RamPage.OFFSET_MASK;
        LittleEndian.write(page.data, off, size, value);
        stored(page, off, size);
        if (mayCache && bus.isPlainRamPage(pa)
                && pmp.allows(pa & ~(long) RamPage.OFFSET_MASK, RamPage.SIZE, Access.STORE, dataPriv))
            storeTlb.fill(va >>> RamPage.SHIFT, page, mmu.lastSuperpage);
    }

    @Override
    public String toString() {
        return String.format("hart %d pc 0x%x %s", id, pc, Privilege.name(priv, virt));
    }
}
