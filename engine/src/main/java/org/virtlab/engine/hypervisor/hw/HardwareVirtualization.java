package org.virtlab.engine.hypervisor.hw;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Decoder;
import org.virtlab.engine.cpu.Disassembler;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Insn;
import org.virtlab.engine.cpu.Op;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainImage;
import org.virtlab.engine.hypervisor.DomainSpec;
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
 * Hardware-assisted virtualization (shared/DESIGN.md section 3, "hw"): an unmodified kernel
 * runs in VS-mode and its processes in VU-mode on the H extension. The guest's CSR accesses hit
 * the VS CSR file in hardware, its page tables are walked by the hardware in two stages (its
 * own VS-stage, then the domain's {@link GStageTables}), and its system calls, page faults and
 * interrupts go straight to its own handler ({@link HostSetup}). Only these <em>exits</em>
 * reach the hypervisor (the VM exits of VT-x):
 *
 * <ul>
 * <li>ecall from VS-mode: an SBI call, answered by {@link GuestSbi} ("exit.sbi.&lt;EXT&gt;");
 * <li>guest-page fault: the G-stage maps RAM only, so this is a device access — decoded from
 *     mtinst or the guest's instruction ({@link FaultingAccess}) and carried out on the
 *     domain's {@link VirtualBoard} — or an access to nothing, which the guest gets as an access
 *     fault ("exit.guest_page_fault.&lt;region&gt;");
 * <li>virtual instruction: WFI (hstatus.VTW), which blocks the vCPU until an interrupt would
 *     wake it; anything else a VS guest may not do is reflected as illegal instruction
 *     ("exit.virtual_instruction.&lt;insn&gt;");
 * <li>an interrupt for the hypervisor: the end of a time slice or a kick ("exit.interrupt.&lt;kind&gt;").
 * </ul>
 *
 * Virtual interrupts are injected by writing hvip (VSEIP from the virtual PLIC, VSSIP from SBI
 * IPIs); the guest's timer is vstimecmp, compared by the hardware against time + htimedelta.
 * A vCPU switch saves and restores the VS CSRs ({@link VsState}); every domain has its own
 * VMID in hgatp, so the hypervisor never flushes guest translations when it switches domains.
 */
public final class HardwareVirtualization implements Virtualization {
    private final Hypervisor hv;
    private final Domain domain;
    private final VirtualBoard board;
    private final GStageTables gstage;
    private final int vmid;
    private final long hgatp;
    private final VsState[] states;
    /** The hart each vCPU runs on, or null. */
    private final Hart[] onHart;
    /** Per physical hart: the vCPU of this domain it ran last (-1: none); another one's cached translations are dropped. */
    private final int[] lastOnHart;
    /** vCPUs whose cached guest translations must be dropped before they run again (remote SFENCE.VMA). */
    private final boolean[] flushOnEntry;
    private final GuestSbi sbi;
    /** The hart and pc of the ecall being answered (for SBI calls that read guest memory). */
    private Hart ecallHart;
    private long ecallPc;

    /**
     * Why {@code spec} cannot run under this technique on a machine with ({@code machineHasH})
     * or without the H extension, or null if it can.
     */
    public static String refusal(DomainSpec spec, boolean machineHasH) {
        if (!machineHasH)
            return "domain " + spec.name() + ": --technique hw runs the guest in VS-mode, which needs the hypervisor"
                    + " extension (misa.H), and this machine's harts have none (--no-h-extension); drop --no-h-extension,"
                    + " or use --technique full, which needs no help from the hardware";
        if (spec.guest().firmware() == BoardConfig.Firmware.NONE)
            return "domain " + spec.name() + ": a kernel without firmware (--bios none) starts in M-mode, and a VS-mode"
                    + " guest has no M-mode to start in; run it with --technique full, which emulates M-mode, or boot"
                    + " an SBI kernel with --bios builtin";
        return null;
    }

    /** A domain's VMID: its id + 1 (0 is left to the host), wrapping at 14 bits. */
    static int vmidOf(int domainId) {
        return (domainId % ((1 << GStageTables.VMID_BITS) - 1)) + 1;
    }

    /**
     * Builds the domain's G-stage tables in its pool and makes its boot vCPU runnable in VS-mode
     * at the kernel entry (a0 = hart id, a1 = device tree); the other vCPUs wait for hart_start.
     *
     * @throws IllegalArgumentException the image starts in M-mode (see {@link #refusal})
     */
    public HardwareVirtualization(Hypervisor hv, Domain domain, DomainImage image) {
        if (image.startsInMachineMode()) throw new IllegalArgumentException(refusal(domain.spec(), true));
        this.hv = hv;
        this.domain = domain;
        this.board = domain.board();
        this.gstage = GStageTables.build(domain.memory(), domain.poolBase(), domain.poolPages());
        this.vmid = vmidOf(domain.id());
        this.hgatp = gstage.hgatp(vmid);
        int n = domain.vcpus().size();
        this.states = new VsState[n];
        this.onHart = new Hart[n];
        this.flushOnEntry = new boolean[n];
        this.lastOnHart = new int[hv.machine().hartCount()];
        Arrays.fill(lastOnHart, -1);
        this.sbi = new GuestSbi(new HwSbiPlatform(hv, domain, this));
        for (VCpu v : domain.vcpus()) {
            states[v.index()] = new VsState();
            v.setRegister(10, v.index());
            v.setRegister(11, image.fdtAddress());
            v.setPc(image.kernelEntry());
            if (v.index() == 0) hv.start(v);     // the others wait for SBI hart_start, as under OpenSBI
        }
    }

    /**
     * Rebuilds a domain from a snapshot (restore): each vCPU's VS state as saved, the G-stage
     * tables found where they are in the domain's pool (RAM holds them: {@link GStageTables#inPool}).
     * Nothing is written to RAM and no vCPU is started.
     *
     * @throws IllegalArgumentException the machine has no H extension, or the state does not fit the domain
     */
    public HardwareVirtualization(Hypervisor hv, Domain domain, HwSnapshot saved) {
        String why = refusal(domain.spec(), hv.machine().hart(0).hasHypervisorExtension());
        if (why != null) throw new IllegalArgumentException(why);
        this.hv = hv;
        this.domain = domain;
        this.board = domain.board();
        this.gstage = GStageTables.inPool(domain.memory(), domain.poolBase(), domain.poolPages());
        this.vmid = vmidOf(domain.id());
        this.hgatp = gstage.hgatp(vmid);
        int n = domain.vcpus().size();
        if (saved.vcpus().size() != n || saved.lastOnHart().length != hv.machine().hartCount())
            throw new IllegalArgumentException("domain " + domain.name() + ": saved VS state for " + saved.vcpus().size()
                    + " vCPUs and " + saved.lastOnHart().length + " harts, expected " + n + " and " + hv.machine().hartCount());
        this.states = new VsState[n];
        this.onHart = new Hart[n];
        this.flushOnEntry = new boolean[n];
        this.lastOnHart = saved.lastOnHart();
        for (int h : lastOnHart)
            if (h < -1 || h >= n) throw new IllegalArgumentException("domain " + domain.name() + ": a hart last ran vCPU " + h);
        for (int i = 0; i < n; i++) {
            states[i] = VsState.restore(saved.vcpus().get(i));
            flushOnEntry[i] = saved.vcpus().get(i).flushOnEntry();
        }
        this.sbi = new GuestSbi(new HwSbiPlatform(hv, domain, this));
    }

    /** The domain's VMID (hgatp bits 57:44). */
    public int vmid() {
        return vmid;
    }

    /** The domain's hgatp value: Sv39x4, its VMID, its G-stage root. */
    public long hgatp() {
        return hgatp;
    }

    public GStageTables gstage() {
        return gstage;
    }

    /** The guest SBI's call counts. */
    public GuestSbi sbi() {
        return sbi;
    }

    /** Instructions the vCPU retired in VS- and VU-mode so far (up to now, when the machine is between runs). */
    public GuestModeRetired retired(VCpu v) {
        VsState s = states[v.index()];
        if (onHart[v.index()] != null) s.accountRetired(onHart[v.index()]);
        return new GuestModeRetired(s.retiredVs, s.retiredVu);
    }

    /** The sum of {@link #retired(VCpu)} over the domain's vCPUs. */
    public GuestModeRetired retired() {
        GuestModeRetired sum = new GuestModeRetired(0, 0);
        for (VCpu v : domain.vcpus()) sum = sum.plus(retired(v));
        return sum;
    }

    // ---- entering and leaving the guest ----------------------------------------------------------

    @Override
    public void enter(VCpu v, Hart hart) {
        int i = v.index();
        HostSetup.enter(hart, hgatp);
        if (lastOnHart[hart.id()] != i || flushOnEntry[i]) {
            hart.flushTranslations();
            domain.count(v, "tlb.flush");
        }
        states[i].loadInto(hart);
        onHart[i] = hart;
        lastOnHart[hart.id()] = i;
        flushOnEntry[i] = false;
    }

    @Override
    public void leave(VCpu v, Hart hart) {
        states[v.index()].saveFrom(hart);
        onHart[v.index()] = null;
        HostSetup.neutral(hart);
    }

    // ---- exits -----------------------------------------------------------------------------------

    @Override
    public void countTrap(VCpu v, Hart hart, Trap t, String key) {
        states[v.index()].accountRetired(hart);
        if (!t.isInterrupt()) return;           // exceptions are counted by reason in trap()
        String kind = switch (t.code()) {
            case Cause.MACHINE_TIMER -> "timer";
            case Cause.MACHINE_SOFTWARE -> "ipi";
            default -> Hypervisor.key(t.cause());
        };
        domain.count(v, "exit.interrupt." + kind);
        trace(v, t.pc(), -1, "exit", Cause.name(t.cause()) + " (the hypervisor's " + kind + ")");
    }

    @Override
    public void trap(VCpu v, Hart hart, Trap t) {
        switch (t.code()) {
            case Cause.ECALL_FROM_VS -> sbiCall(v, hart, t);
            case Cause.INSTRUCTION_GUEST_PAGE_FAULT, Cause.LOAD_GUEST_PAGE_FAULT, Cause.STORE_GUEST_PAGE_FAULT ->
                    guestPageFault(v, hart, t);
            case Cause.VIRTUAL_INSTRUCTION -> virtualInstruction(v, hart, t);
            default -> {
                // Not an exit this setup produces (every other exception is delegated to VS): give it to the guest.
                domain.count(v, "exit.exception." + Hypervisor.key(t.cause()));
                inject(v, hart, t.code(), t.tval(), t.pc());
            }
        }
    }

    private void sbiCall(VCpu v, Hart hart, Trap t) {
        long[] a = new long[8];
        for (int i = 0; i < 8; i++) a[i] = hart.x(10 + i);
        String call = GuestSbi.describe(a[7], a[6]);
        boolean supported = !call.endsWith("(not supported)");
        domain.count(v, "exit.sbi." + (supported ? call.substring(4, call.indexOf('.')) : "unsupported"));
        domain.count(v, supported ? "sbi." + call.substring(4) : "sbi.unsupported");
        trace(v, t.pc(), 0x73, "exit", "environment call from VS-mode: a7=0x" + Long.toHexString(a[7])
                + " a6=0x" + Long.toHexString(a[6]) + " (mcause 10, mepc 0x" + Long.toHexString(t.pc()) + ")");
        ecallHart = hart;
        ecallPc = t.pc();
        SbiResult r = sbi.call(v.index(), a);
        ecallHart = null;
        r.applyTo(hart, t.pc());
        trace(v, t.pc(), 0x73, "sbi", call + (r.returnsToGuest() ? " -> a0=" + r.a0() + ", back to VS at pc+4" : ""));
    }

    private void guestPageFault(VCpu v, Hart hart, Trap t) {
        long gpa = (t.tval2() << 2) | (t.tval() & 3);
        int access = t.code() == Cause.INSTRUCTION_GUEST_PAGE_FAULT ? Access.FETCH
                : t.code() == Cause.LOAD_GUEST_PAGE_FAULT ? Access.LOAD : Access.STORE;
        String device = board.deviceName(gpa);
        String region = device != null ? device : domain.memory().contains(gpa, 1) ? "ram" : "unmapped";
        domain.count(v, "exit.guest_page_fault." + region);
        domain.count(v, "gstage.fault." + region);
        if (hv.trace().recording())
            trace(v, t.pc(), FaultingAccess.fetch(hart, t.pc(), t.fromPriv(), domain.memory()), "exit",
                    String.format("%s: gva 0x%x gpa 0x%x (%s), mtinst 0x%x", Cause.name(t.cause()), t.tval(), gpa, region,
                            t.tinst()));
        MmioAccess a = device == null || access == Access.FETCH || FaultingAccess.isImplicit(t.tinst()) ? null
                : FaultingAccess.decode(t, hart, domain.memory());
        if (a == null || a.isStore() != (access == Access.STORE)) {
            // Nothing there for this access (or an access a device cannot do): as on a real board, an access fault.
            inject(v, hart, Access.accessFault(access), t.tval(), t.pc());
            return;
        }
        domain.count(v, "mmio." + device);
        String what = a.perform(board, gpa, hart);
        hart.setPc(t.pc() + a.length());
        trace(v, t.pc(), -1, "mmio", what);
    }

    private void virtualInstruction(VCpu v, Hart hart, Trap t) {
        Insn in = Decoder.decode((int) t.tval());
        boolean csr = in.op >= Op.CSRRW && in.op <= Op.CSRRCI;
        String name = csr ? "csr." + CsrNames.name((int) in.imm) : Op.mnemonic(in.op);
        domain.count(v, "exit.virtual_instruction." + name);
        if (in.op == Op.WFI && t.fromPriv() == Privilege.S) {
            trace(v, t.pc(), t.tval(), "exit", "virtual instruction (hstatus.VTW): the vCPU waits for an interrupt");
            hart.setPc(t.pc() + in.length);
            hv.waitForInterrupt(v);
            return;
        }
        trace(v, t.pc(), t.tval(), "exit", "virtual instruction: not allowed in " + Privilege.name(t.fromPriv(), true));
        inject(v, hart, Cause.ILLEGAL_INSTRUCTION, t.tval(), t.pc());
    }

    /** Delivers an exception to the guest's own handler, as the hardware would have. */
    private void inject(VCpu v, Hart hart, int cause, long tval, long pc) {
        long target = VsTraps.inject(hart, cause, tval, pc);
        domain.count(v, "inject." + Hypervisor.key(cause));
        trace(v, pc, -1, "inject", Cause.name(cause) + " -> guest handler 0x" + Long.toHexString(target));
    }

    /**
     * Reads a doubleword at guest-virtual {@code va} for the SBI (legacy hart masks) as a VS-mode
     * load: both stages, the guest's SUM and MXR. On a fault the guest gets a load page fault (or
     * a load access fault where the G-stage has nothing) with its epc at the ecall.
     */
    OptionalLong readGuestVirtualLong(VCpu v, long va) {
        Hart hart = ecallHart;
        if (hart == null) return OptionalLong.empty();
        long vsstatus = hart.readCsr(CsrNames.VSSTATUS);
        int flags = ((vsstatus >>> 18) & 1) != 0 ? Mmu.SUM : 0;
        if (((vsstatus >>> 19) & 1) != 0) flags |= Mmu.MXR;
        long value = 0;
        for (int b = 0; b < 8; b++) {
            long hpa = hart.mmu().translate(va + b, Access.LOAD, Privilege.S, true, flags);
            if (hpa == Mmu.FAULT || !domain.memory().ownsHost(hpa, 1)) {
                boolean pageFault = hpa == Mmu.FAULT && hart.mmu().faultCause == Cause.LOAD_PAGE_FAULT;
                inject(v, hart, pageFault ? Cause.LOAD_PAGE_FAULT : Cause.LOAD_ACCESS_FAULT, va + b, ecallPc);
                return OptionalLong.empty();
            }
            value |= (domain.memory().hostRam().read(hpa, 1) & 0xFF) << (8 * b);
        }
        return OptionalLong.of(value);
    }

    // ---- virtual interrupts and time ------------------------------------------------------------

    @Override
    public boolean deliverInterrupt(VCpu v, Hart hart) {
        long old = hart.readCsr(CsrNames.HVIP);
        long now = states[v.index()].applyRequests(old);
        if (now == old) return false;
        hart.writeCsr(CsrNames.HVIP, now);
        long raised = now & ~old;
        if ((raised & VsState.VSEIP) != 0) domain.count(v, "hvip.vseip");
        if ((raised & VsState.VSSIP) != 0) domain.count(v, "hvip.vssip");
        if (raised != 0) trace(v, hart.pc(), -1, "hvip", String.format("hvip 0x%x -> 0x%x", old, now));
        return raised != 0;
    }

    @Override
    public boolean hasDeliverableInterrupt(VCpu v) {
        Hart h = onHart[v.index()];
        return h != null && states[v.index()].requestsChange(h.readCsr(CsrNames.HVIP));
    }

    @Override
    public boolean wakes(VCpu v) {
        VsState s = states[v.index()];
        Hart h = onHart[v.index()];
        if (h == null) return (s.pendingAt(hv.time()) & s.vsie) != 0;
        long pending = (h.readCsr(CsrNames.MIP) & VsState.VSTIP) | s.withRequests(h.readCsr(CsrNames.HVIP));
        return (pending & h.readCsr(CsrNames.MIE) & VsState.VS_INTERRUPTS) != 0;
    }

    @Override
    public long timerDeadline(VCpu v) {
        Hart h = onHart[v.index()];
        if (h == null) return states[v.index()].timerDeadline();
        return VsState.timerDeadline(h.readCsr(CsrNames.VSTIMECMP), h.readCsr(CsrNames.HTIMEDELTA),
                h.readCsr(CsrNames.MIE) & VsState.VS_INTERRUPTS);
    }

    @Override
    public void interruptLine(VCpu v, int mipBit, boolean level) {
        // Only the PLIC's S-mode context (SEIP) reaches an S-mode guest; MSIP, MTIP and MEIP are M-level lines.
        if (mipBit != Cause.SUPERVISOR_EXTERNAL) return;
        VsState s = states[v.index()];
        s.setSeipLine(level);
        if (onHart[v.index()] == null) s.hvip = s.applyRequests(s.hvip);
    }

    /** SBI set_timer: the vCPU's vstimecmp. */
    void setTimer(VCpu v, long value) {
        Hart h = onHart[v.index()];
        if (h != null) h.writeCsr(CsrNames.VSTIMECMP, value);
        else states[v.index()].vstimecmp = value;
    }

    /** SBI send_ipi: VSSIP for the vCPU, folded into its hvip at its next entry or exit. */
    void requestSoftwareInterrupt(VCpu v) {
        VsState s = states[v.index()];
        s.requestSsip();
        if (onHart[v.index()] == null) s.hvip = s.applyRequests(s.hvip);
        domain.count(v, "irq.ipi");
    }

    /** Legacy clear_ipi: clears the vCPU's VSSIP; whether it was pending. */
    boolean clearSoftwareInterrupt(VCpu v) {
        VsState s = states[v.index()];
        Hart h = onHart[v.index()];
        long hvip = s.applyRequests(h != null ? h.readCsr(CsrNames.HVIP) : s.hvip);
        if (h != null) h.writeCsr(CsrNames.HVIP, hvip & ~VsState.VSSIP);
        else s.hvip = hvip & ~VsState.VSSIP;
        return (hvip & VsState.VSSIP) != 0;
    }

    /** Remote SFENCE.VMA: the vCPU's cached guest translations go, now if it runs, else before it runs again. */
    void flushGuestTranslations(VCpu v) {
        Hart h = onHart[v.index()];
        if (h != null) h.flushTranslations();
        else flushOnEntry[v.index()] = true;
    }

    /** SBI hart_start: the stopped vCPU gets the state a freshly started hart has. */
    void resetVcpu(VCpu v) {
        states[v.index()].reset();
        flushOnEntry[v.index()] = true;
    }

    @Override
    public void release() {
        // The G-stage tables live in the domain's pool, which the hypervisor frees with the domain.
    }

    // ---- snapshots -----------------------------------------------------------------------------------

    @Override
    public HwSnapshot save() {
        List<HwVcpuState> vcpus = new ArrayList<>();
        for (int i = 0; i < states.length; i++) vcpus.add(states[i].save(onHart[i], flushOnEntry[i]));
        return new HwSnapshot(vcpus, lastOnHart);
    }

    /** The hart already holds the vCPU's VS state and the host setup (restored with it): remember where it runs. */
    @Override
    public void resumeOn(VCpu v, Hart hart) {
        onHart[v.index()] = hart;
    }

    // ---- tracing -------------------------------------------------------------------------------------

    private void trace(VCpu v, long pc, long insn, String kind, String action) {
        if (!hv.trace().recording()) return;
        String text = insn < 0 ? "" : Disassembler.format(Decoder.decode((int) insn));
        hv.trace().record(hv.time(), domain.id(), v.index(), pc, text, kind, action);
    }
}
