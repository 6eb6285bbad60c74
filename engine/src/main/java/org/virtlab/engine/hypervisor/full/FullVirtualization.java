package org.virtlab.engine.hypervisor.full;

import java.util.ArrayList;
import java.util.List;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Decoder;
import org.virtlab.engine.cpu.Disassembler;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainImage;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.MmioAccess;
import org.virtlab.engine.hypervisor.VCpu;
import org.virtlab.engine.hypervisor.VirtualBoard;
import org.virtlab.engine.hypervisor.Virtualization;
import org.virtlab.engine.hypervisor.sbi.GuestSbi;
import org.virtlab.engine.hypervisor.sbi.SbiResult;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * Full virtualization (shared/DESIGN.md section 3, "full"): an unmodified kernel runs
 * deprivileged in physical U-mode. Its virtual privilege (M, S or U) and CSRs live in a
 * {@link VirtualHart}; what the real hart cannot do for it traps here:
 *
 * <ul>
 * <li>a privileged instruction raises illegal-instruction; {@link PrivilegedEmulator} decodes
 *     and emulates it against the virtual state;
 * <li>a page fault is a shadow miss or a real guest fault; {@link ShadowPageTables} walks the
 *     guest's tables and either fills the shadow or says which fault to reflect;
 * <li>an access to a device region never has a shadow mapping; the faulting load or store is
 *     decoded ({@link MmioAccess}) and carried out on the domain's {@link VirtualBoard};
 * <li>an ecall from virtual S-mode is an SBI call the hypervisor answers ({@link GuestSbi}) —
 *     unless the kernel started in M-mode and has its own firmware;
 * <li>everything else is reflected into the guest's own trap handler, as the hardware would
 *     have delivered it.
 * </ul>
 *
 * Before the guest continues, a pending virtual interrupt it can take is injected.
 */
public final class FullVirtualization implements Virtualization {
    private static final String[] ACCESS_NAMES = {"fetch", "load", "store"};

    private final Hypervisor hv;
    private final Domain domain;
    private final VirtualBoard board;
    /** One set of shadow tables per vCPU (each on its share of the domain's pool): SFENCE.VMA is per hart. */
    private final ShadowPageTables[] shadows;
    private final GuestSbi sbi;
    /** The hart and pc of the ecall being answered (for SBI calls that read guest memory). */
    private Hart ecallHart;
    private long ecallPc;

    public FullVirtualization(Hypervisor hv, Domain domain, DomainImage image) {
        this.hv = hv;
        this.domain = domain;
        this.board = domain.board();
        this.shadows = new ShadowPageTables[domain.vcpus().size()];
        newShadows();
        boolean firmware = !image.startsInMachineMode();
        this.sbi = firmware ? new GuestSbi(new FullSbiPlatform(hv, domain, this)) : null;
        for (VCpu v : domain.vcpus()) {
            v.setVirtualHart(firmware
                    ? VirtualHart.bootedBySbi(v.index(), hv::time, v::retired)
                    : VirtualHart.atMachineReset(v.index(), hv::time, v::retired));
            v.setRegister(10, v.index());
            v.setRegister(11, image.fdtAddress());
            v.setPc(image.kernelEntry());
            // With firmware, only the boot hart runs; the others wait for SBI hart_start (as OpenSBI does).
            if (!firmware || v.index() == 0) hv.start(v);
        }
    }

    /**
     * Rebuilds a domain from a snapshot (restore): each vCPU's virtual hart from its saved
     * state, empty shadow tables, the guest SBI when the kernel was booted by it. Nothing is
     * loaded and no vCPU is started: the hypervisor restores their registers and scheduling.
     *
     * @throws IllegalArgumentException the saved state does not fit the domain
     */
    public FullVirtualization(Hypervisor hv, Domain domain, FullSnapshot saved) {
        this.hv = hv;
        this.domain = domain;
        this.board = domain.board();
        this.shadows = new ShadowPageTables[domain.vcpus().size()];
        newShadows();
        boolean firmware = domain.spec().guest().firmware() != BoardConfig.Firmware.NONE;
        this.sbi = firmware ? new GuestSbi(new FullSbiPlatform(hv, domain, this)) : null;
        if (saved.vcpus().size() != shadows.length)
            throw new IllegalArgumentException("domain " + domain.name() + ": " + saved.vcpus().size()
                    + " saved virtual harts for " + shadows.length + " vCPUs");
        for (VCpu v : domain.vcpus()) {
            VirtualHartState s = saved.vcpus().get(v.index());
            if (s.hartId() != v.index() || s.platformOwnsMachineMode() != firmware)
                throw new IllegalArgumentException("domain " + domain.name() + ": the saved virtual hart " + s.hartId()
                        + " does not fit vCPU " + v.index());
            v.setVirtualHart(VirtualHart.fromState(s, hv::time, v::retired));
        }
    }

    /** Empty shadow tables for every vCPU, each on its share of the domain's pool. */
    private void newShadows() {
        int share = domain.poolPages() / shadows.length;
        for (int i = 0; i < shadows.length; i++) {
            shadows[i] = new ShadowPageTables(domain.memory(), domain.poolBase() + ((long) i * share << 12), share);
            shadows[i].setCaching(hv.config().shadowCaching());
        }
    }

    /** The shadow tables of vCPU {@code index}. */
    public ShadowPageTables shadows(int index) {
        return shadows[index];
    }

    /** Drops every shadow of every vCPU (SBI remote sfence). */
    void flushAllShadows() {
        for (ShadowPageTables s : shadows) s.flushAll();
        hv.flushTranslations(domain);
    }

    /** The guest SBI's counters, or null for a kernel that brings its own M-mode firmware. */
    public GuestSbi sbi() {
        return sbi;
    }

    // ---- entering the guest --------------------------------------------------------------------------

    @Override
    public void enter(VCpu v, Hart hart) {
        // Every guest trap comes to the hypervisor (another technique may have delegated some on this hart).
        hart.writeCsr(CsrNames.MEDELEG, 0);
        hart.writeCsr(CsrNames.MIDELEG, 0);
        hart.setMode(Privilege.U, false);
        useContext(v, hart);
    }

    /** Points the real satp at the shadow for the vCPU's current virtual mode, and lets it read the counters it may. */
    private void useContext(VCpu v, Hart hart) {
        VirtualHart vh = v.virtualHart();
        ShadowPageTables s = shadows[v.index()];
        long root = s.root(vh.satp(), VirtualTraps.shadowContext(vh));
        if (s.lastRootFlushed()) hart.flushTranslations();
        hart.writeCsr(CsrNames.SATP, ShadowPageTables.SATP_SV39 | (root >>> 12));
        int counters = VirtualTraps.nativeCounterEnable(vh);
        hart.writeCsr(CsrNames.MCOUNTEREN, counters);
        hart.writeCsr(CsrNames.SCOUNTEREN, counters);
    }

    // ---- traps ---------------------------------------------------------------------------------------

    @Override
    public void trap(VCpu v, Hart hart, Trap t) {
        switch (t.code()) {
            case Cause.ILLEGAL_INSTRUCTION -> emulate(v, hart, t);
            case Cause.ECALL_FROM_U -> ecall(v, hart, t);
            case Cause.INSTRUCTION_PAGE_FAULT, Cause.LOAD_PAGE_FAULT, Cause.STORE_PAGE_FAULT -> pageFault(v, hart, t);
            default -> reflect(v, hart, t.code(), t.tval(), t.pc());
        }
    }

    private void emulate(VCpu v, Hart hart, Trap t) {
        VirtualHart vh = v.virtualHart();
        Emulation e = PrivilegedEmulator.emulate(vh, hart, t.pc(), t.tval());
        String key = "emulate." + (e.kind() == Emulation.Kind.CSR ? "csr." + CsrNames.name(e.csr())
                : e.kind().name().toLowerCase());
        domain.count(v, key);
        trace(v, t.pc(), t.tval(), "emulate", e.description());
        hart.setPc(e.nextPc());
        if (e.kind() == Emulation.Kind.SFENCE_VMA) sfence(shadows[v.index()], e, hart);
        if (e.mxrChanged() && shadows[v.index()].mxrChanged(vh.mxr())) hart.flushTranslations();
        if (e.contextChanged() || e.kind() == Emulation.Kind.ILLEGAL) useContext(v, hart);
        if (e.waits()) hv.waitForInterrupt(v);
    }

    private void sfence(ShadowPageTables s, Emulation e, Hart hart) {
        if (e.sfenceAllAddresses() && e.sfenceAllAsids()) s.flushAll();
        else if (e.sfenceAllAddresses()) s.flushAsid(e.sfenceAsid());
        else if (e.sfenceAllAsids()) s.flushPage(e.sfenceVa());
        else s.flushPage(e.sfenceVa(), e.sfenceAsid());
        hart.flushTranslations();
    }

    private void ecall(VCpu v, Hart hart, Trap t) {
        VirtualHart vh = v.virtualHart();
        int priv = vh.priv();
        if (priv == Privilege.S && sbi != null) {
            long[] a = new long[8];
            for (int i = 0; i < 8; i++) a[i] = hart.x(10 + i);
            String call = GuestSbi.describe(a[7], a[6]);
            domain.count(v, call.endsWith("(not supported)") ? "sbi.unsupported" : "sbi." + call.substring(4));
            ecallHart = hart;
            ecallPc = t.pc();
            SbiResult r = sbi.call(v.index(), a);
            ecallHart = null;
            r.applyTo(hart, t.pc());
            trace(v, t.pc(), 0x73, "sbi", call + (r.returnsToGuest() ? " -> a0=" + r.a0() : ""));
            return;
        }
        reflect(v, hart, VirtualTraps.ecallCause(vh), 0, t.pc());
    }

    private void pageFault(VCpu v, Hart hart, Trap t) {
        VirtualHart vh = v.virtualHart();
        int access = t.code() == Cause.INSTRUCTION_PAGE_FAULT ? Access.FETCH
                : t.code() == Cause.LOAD_PAGE_FAULT ? Access.LOAD : Access.STORE;
        Fill f = shadows[v.index()].handleFault(vh.satp(), VirtualTraps.shadowContext(vh), vh.mxr(), t.tval(), access);
        if (f.flushedTlb()) hart.flushTranslations();
        switch (f.kind()) {
            case FILLED -> {
                domain.count(v, "shadow.fill");
                hart.setPc(t.pc());
                if (hv.trace().recording())
                    trace(v, t.pc(), -1, "shadow", String.format("%s at 0x%x: guest maps it to 0x%x; shadow entry filled",
                            ACCESS_NAMES[access], t.tval(), f.gpa()));
            }
            case GUEST_PAGE_FAULT -> {
                domain.count(v, "shadow.guest_fault");
                if (hv.trace().recording())
                    trace(v, t.pc(), -1, "shadow", String.format("%s at 0x%x: the guest's own tables forbid it", ACCESS_NAMES[access],
                            t.tval()));
                reflect(v, hart, t.code(), t.tval(), t.pc());
            }
            case GUEST_ACCESS_FAULT -> reflect(v, hart, accessFault(access), t.tval(), t.pc());
            case NOT_RAM -> {
                if (access != Access.FETCH && board.isDevice(f.gpa())) mmio(v, hart, t, f.gpa(), access);
                else reflect(v, hart, accessFault(access), t.tval(), t.pc());
            }
        }
    }

    /** Carries out a guest load or store to a device register on the virtual board. */
    private void mmio(VCpu v, Hart hart, Trap t, long gpa, int access) {
        long insn = MmioAccess.fetch(hart, t.pc(), domain.memory());
        MmioAccess a = insn < 0 ? null : MmioAccess.decode(insn);
        if (a == null || a.isStore() != (access == Access.STORE)) {
            reflect(v, hart, accessFault(access), t.tval(), t.pc());
            return;
        }
        String device = board.deviceName(gpa);
        domain.count(v, "mmio." + device);
        String what = a.perform(board, gpa, hart);
        hart.setPc(t.pc() + a.length());
        trace(v, t.pc(), insn, "mmio", what);
    }


    /** Delivers an exception to the guest's own handler, as the hardware would have. */
    private void reflect(VCpu v, Hart hart, int cause, long tval, long pc) {
        long target = VirtualTraps.enterTrap(v.virtualHart(), cause, tval, pc);
        domain.count(v, "inject." + Hypervisor.key(cause));
        hart.setPc(target);
        useContext(v, hart);
        trace(v, pc, -1, "inject", Cause.name(cause) + " -> guest handler 0x" + Long.toHexString(target));
    }

    private static int accessFault(int access) {
        return access == Access.FETCH ? Cause.INSTRUCTION_ACCESS_FAULT
                : access == Access.LOAD ? Cause.LOAD_ACCESS_FAULT : Cause.STORE_ACCESS_FAULT;
    }

    /**
     * Reads a doubleword at a guest-virtual address for the SBI (legacy hart masks), through the
     * guest's own translation as a supervisor load. A fault is delivered to the guest with its
     * epc at the ecall, and the read gives nothing.
     */
    java.util.OptionalLong readGuestVirtualLong(VCpu v, long va) {
        Hart hart = ecallHart;
        if (hart == null) return java.util.OptionalLong.empty();
        VirtualHart vh = v.virtualHart();
        for (int attempt = 0; attempt < 3; attempt++) {
            long pa = hart.mmu().translate(va, Access.LOAD, Privilege.U, false, 0);
            if (pa != Mmu.FAULT && (va & 7) == 0 && domain.memory().ownsHost(pa, 8))
                return java.util.OptionalLong.of(domain.memory().hostRam().read(pa, 8));
            Fill f = shadows[v.index()].handleFault(vh.satp(), VirtualTraps.shadowContext(vh), vh.mxr(), va, Access.LOAD);
            if (f.flushedTlb()) hart.flushTranslations();
            if (f.kind() != Fill.Kind.FILLED) break;
        }
        reflect(v, hart, Cause.LOAD_PAGE_FAULT, va, ecallPc);
        return java.util.OptionalLong.empty();
    }

    // ---- virtual interrupts and time -----------------------------------------------------------------

    @Override
    public boolean deliverInterrupt(VCpu v, Hart hart) {
        VirtualHart vh = v.virtualHart();
        long irq = VirtualTraps.pendingInterrupt(vh);
        if (irq == -1) return false;
        long from = hart.pc();
        long target = VirtualTraps.enterTrap(vh, irq, 0, from);
        domain.count(v, "inject." + Hypervisor.key(irq));
        hart.setPc(target);
        useContext(v, hart);
        trace(v, from, -1, "inject", Cause.name(irq) + " -> guest handler 0x" + Long.toHexString(target));
        return true;
    }

    @Override
    public boolean hasDeliverableInterrupt(VCpu v) {
        return VirtualTraps.pendingInterrupt(v.virtualHart()) != -1;
    }

    @Override
    public boolean wakes(VCpu v) {
        return VirtualTraps.wakes(v.virtualHart());
    }

    @Override
    public long timerDeadline(VCpu v) {
        return VirtualTraps.nextTimerDeadline(v.virtualHart());
    }

    @Override
    public void interruptLine(VCpu v, int mipBit, boolean level) {
        v.virtualHart().setInterruptLine(mipBit, level);
    }

    @Override
    public void release() {
        for (ShadowPageTables s : shadows) s.flushAll();
    }

    // ---- snapshots -----------------------------------------------------------------------------------

    @Override
    public FullSnapshot save() {
        List<VirtualHartState> states = new ArrayList<>();
        for (VCpu v : domain.vcpus()) states.add(v.virtualHart().state());
        return new FullSnapshot(states);
    }

    /**
     * Drops every shadow table, and the pool pages they were in: a snapshot keeps no shadows, so
     * the saved domain starts over with empty ones exactly as a restored one does.
     */
    @Override
    public void dropCaches() {
        hv.machine().ram().discard(domain.poolBase(), (long) domain.poolPages() << 12);
        newShadows();
        hv.flushTranslations(domain);
    }

    /** Points the hart at the (new, empty) shadow of the vCPU's current context. */
    @Override
    public void resumeOn(VCpu v, Hart hart) {
        useContext(v, hart);
        hart.flushTranslations();
    }

    // ---- tracing -------------------------------------------------------------------------------------

    private void trace(VCpu v, long pc, long insn, String kind, String action) {
        if (!hv.trace().recording()) return;
        String text = insn < 0 ? "" : Disassembler.format(Decoder.decode((int) insn));
        hv.trace().record(hv.time(), domain.id(), v.index(), pc, text, kind, action);
    }
}
