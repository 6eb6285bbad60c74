package org.virtlab.engine.hypervisor.para;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * Paravirtualization (shared/DESIGN.md section 3, "para"; docs/hypervisor.md, "para"; the ABI
 * in docs/hypercalls.md): a kernel built to ask instead of executing privileged instructions,
 * the way Xen runs PV guests.
 *
 * <p>The kernel and its processes both run in physical U-mode; the hypervisor keeps a virtual
 * kernel/user mode per vCPU ({@link ParaVcpu}). What reaches it:
 *
 * <ul>
 * <li>an ecall in virtual kernel mode is a hypercall ({@link Hypercalls});
 * <li>an ecall in virtual user mode is a system call of a guest process, bounced to the
 *     kernel's registered syscall entry ({@link TrapBounce}); any other exception of a process
 *     goes to its trap entry, as an interrupt would;
 * <li>a load or store of the kernel to a device register (never mapped) is decoded and carried
 *     out on the domain's {@link VirtualBoard} ({@link MmioAccess}), as under full
 *     virtualization; console and interrupts need no device registers: hypercalls and events;
 * <li>a privileged instruction of the kernel is not emulated: the domain is killed, with a
 *     message on its console ({@link #KILLED_EXIT_CODE}). Other domains go on.
 * </ul>
 *
 * Page tables hold machine frames and the real MMU walks them (direct paging): no shadow
 * tables. The guest's tables are trusted because {@link PageTableValidator} checks every page
 * pinned as a table and every entry written to one. Until the kernel has tables of its own it
 * runs on a {@link BootMap}; in user mode a vCPU runs on the user view of its root
 * ({@link UserViews}). Events ({@link EventChannels}) are delivered as upcalls when the
 * guest's mask word, in its shared info page, allows.
 */
public final class ParaVirtualization implements Virtualization {
    /** The exit status of a domain killed for executing a privileged instruction: 128 + SIGILL, as a shell reports it. */
    public static final int KILLED_EXIT_CODE = 132;

    private final Hypervisor hv;
    private final Domain domain;
    private final VirtualBoard board;
    private final Ram ram;
    private final BootMap bootMap;
    private final PoolAllocator pool;
    final UserViews views;
    final PageTableValidator tables;
    final EventChannels events;
    final TrapBounce bounce;
    private final Hypercalls hypercalls;
    final ParaVcpu[] vcpus;
    /** The vCPU whose trap is being handled (counters are charged to it), or null. */
    private ParaVcpu current;
    private String killReason;

    /**
     * Sets up the domain's boot address space and starts vCPU 0 at the kernel's entry in
     * virtual kernel mode: a0 = vCPU id, a1 = device tree, a2 = machine address of guest RAM,
     * a3 = ABI version.
     *
     * @throws IllegalArgumentException the kernel is not a PV kernel of this ABI version
     */
    public ParaVirtualization(Hypervisor hv, Domain domain, DomainImage image) {
        String kernel = domain.spec().guest().kernelName();
        int version = PvKernelNote.abiVersion(domain.spec().guest().kernel());
        if (version < 0)
            throw new IllegalArgumentException("domain " + domain.name() + ": " + kernel + " is not a paravirtualized kernel"
                    + " (it has no VirtLab PV ABI note), so under --technique para it would execute privileged"
                    + " instructions that nothing emulates. Run an unmodified kernel with --technique full or --technique hw,"
                    + " or give a PV kernel such as --image virtlab-os-pv.");
        if (version != ParaAbi.VERSION)
            throw new IllegalArgumentException("domain " + domain.name() + ": " + kernel + " speaks PV ABI " + version
                    + "; this hypervisor speaks version " + ParaAbi.VERSION);
        this.hv = hv;
        this.domain = domain;
        this.board = domain.board();
        this.ram = domain.memory().hostRam();
        this.pool = new PoolAllocator(ram, domain.poolBase(), domain.poolPages());
        this.bootMap = new BootMap(pool, domain.memory());
        this.views = new UserViews(ram, pool);
        this.tables = new PageTableValidator(domain.memory(), new PinListener(), this::isCurrentRoot, this::isInfoPage,
                this::count);
        this.events = new EventChannels(board, hv::time, this::count);
        this.bounce = new TrapBounce(views);
        this.hypercalls = new Hypercalls(this, hv, domain);
        this.vcpus = new ParaVcpu[domain.vcpus().size()];
        for (VCpu v : domain.vcpus()) vcpus[v.index()] = new ParaVcpu(v, ram, bootMap.root());
        VCpu boot = domain.vcpus().get(0);
        boot.setRegister(10, 0);
        boot.setRegister(11, image.fdtAddress());
        boot.setRegister(12, domain.memory().hostBase());
        boot.setRegister(13, ParaAbi.VERSION);
        boot.setPc(image.kernelEntry());
        hv.start(boot);
    }

    /**
     * Rebuilds a domain from a snapshot (restore): the boot map and the user views where RAM
     * holds them, the pool's free pages, the pinned tables with their reference counts recounted
     * from RAM, the event lines and each vCPU's PV state. Nothing is written and no vCPU started.
     *
     * @throws IllegalArgumentException the saved state does not fit the domain
     */
    public ParaVirtualization(Hypervisor hv, Domain domain, ParaSnapshot saved) {
        this.hv = hv;
        this.domain = domain;
        this.board = domain.board();
        this.ram = domain.memory().hostRam();
        long poolBase = domain.poolBase(), poolEnd = poolBase + ((long) domain.poolPages() << 12);
        this.bootMap = new BootMap(poolBase, domain.memory());
        if (bootMap.pages() + 1 > domain.poolPages())
            throw new IllegalArgumentException("para snapshot: the pool is too small for the boot map");
        this.pool = new PoolAllocator(ram, poolBase, domain.poolPages(), saved.poolFree());
        this.tables = new PageTableValidator(domain.memory(), new PinListener(), this::isCurrentRoot, this::isInfoPage,
                this::count);
        tables.restore(saved.pinned(), saved.refusal(), saved.writableDropped());
        long[] views = saved.views();
        for (int i = 0; i < views.length; i += 2)
            if (tables.levelOf(views[i]) != 2 || (views[i] & 0xFFF) != 0)
                throw new IllegalArgumentException(String.format("para snapshot: a user view of 0x%x, which is no pinned root", views[i]));
        this.views = new UserViews(ram, pool, poolBase + ((long) bootMap.pages() << 12), saved.userSlotFirst(),
                saved.userSlotCount(), views, page -> page >= poolBase && page < poolEnd);
        this.events = new EventChannels(board, hv::time, this::count);
        events.restoreLines(saved.eventLines());
        this.bounce = new TrapBounce(this.views);
        this.hypercalls = new Hypercalls(this, hv, domain);
        if (saved.vcpus().size() != domain.vcpus().size())
            throw new IllegalArgumentException("para snapshot: " + saved.vcpus().size() + " vCPUs, the domain has "
                    + domain.vcpus().size());
        this.vcpus = new ParaVcpu[domain.vcpus().size()];
        for (VCpu v : domain.vcpus()) {
            ParaVcpuState s = saved.vcpus().get(v.index());
            boolean rootOk = s.root() == bootMap.root() || (s.root() & 0xFFF) == 0 && domain.memory().ownsHost(s.root(), Sv39.PAGE);
            boolean infoOk = s.info() == -1 || (s.info() & 0xFFF) == 0 && domain.memory().ownsHost(s.info(), Sv39.PAGE);
            if (!rootOk || !infoOk)
                throw new IllegalArgumentException(String.format("para snapshot: vCPU %d runs on 0x%x with its info page at 0x%x",
                        v.index(), s.root(), s.info()));
            vcpus[v.index()] = ParaVcpu.restore(v, ram, s);
        }
        this.killReason = saved.killReason();
    }

    /** Why the domain was killed, or null. */
    public String killReason() {
        return killReason;
    }

    // ---- entering the guest --------------------------------------------------------------------------

    @Override
    public void enter(VCpu v, Hart hart) {
        hart.setMode(Privilege.U, false);
        hart.writeCsr(CsrNames.MCOUNTEREN, 7);     // cycle, time, instret: unprivileged reads never trap
        hart.writeCsr(CsrNames.SCOUNTEREN, 7);
        bounce.useRoot(vcpus[v.index()], hart);
        hart.flushTranslations();                   // pins may have changed mappings this hart cached
    }

    // ---- traps ---------------------------------------------------------------------------------------

    @Override
    public void trap(VCpu v, Hart hart, Trap t) {
        ParaVcpu pv = vcpus[v.index()];
        current = pv;
        try {
            int code = t.code();
            if (code == Cause.ECALL_FROM_U) {
                if (pv.kernelMode) hypercalls.call(pv, hart, t.pc());
                else syscall(pv, hart, t.pc());
            } else if (!pv.kernelMode) {
                bounceException(pv, hart, t, "bounce.exception." + Hypervisor.key(code));
            } else if (code == Cause.ILLEGAL_INSTRUCTION && PrivilegedInstruction.isPrivileged(t.tval())) {
                kill(pv, t.pc(), String.format("privileged instruction '%s' at pc 0x%x in a paravirtualized kernel",
                        describe(t.tval()), t.pc()));
            } else if ((code == Cause.LOAD_PAGE_FAULT || code == Cause.STORE_PAGE_FAULT) && mmio(pv, hart, t)) {
                return;
            } else {
                if (code == Cause.STORE_PAGE_FAULT && isPageTable(hart, t.tval())) count("refuse.store_to_page_table");
                bounceException(pv, hart, t, "bounce.kernel_exception." + Hypervisor.key(code));
            }
        } finally {
            current = null;
        }
    }

    private void syscall(ParaVcpu pv, Hart hart, long pc) {
        if (pv.syscallEntry == 0 || pv.info < 0) {
            kill(pv, pc, "system call from a process before the kernel registered its syscall entry");
            return;
        }
        bounce.syscall(pv, hart, pc);
        count("bounce.syscall");
        if (hv.trace().recording()) trace(pv, pc, "bounce", "syscall -> kernel 0x" + Long.toHexString(pv.syscallEntry));
    }

    private void bounceException(ParaVcpu pv, Hart hart, Trap t, String key) {
        boolean fromKernel = pv.kernelMode;
        if (!bounce.trap(pv, hart, t.pc(), t.code(), t.tval())) {
            kill(pv, t.pc(), Cause.name(t.cause()) + " at pc 0x" + Long.toHexString(t.pc()) + " (tval 0x"
                    + Long.toHexString(t.tval()) + ") before the kernel registered its trap entries");
            return;
        }
        count(key);
        if (hv.trace().recording())
            trace(pv, t.pc(), "bounce", Cause.name(t.cause()) + (fromKernel ? " in the kernel" : "") + " -> 0x"
                    + Long.toHexString(hart.pc()));
    }

    /** Whether the guest address {@code va} is mapped to a page the guest pinned as a table. */
    private boolean isPageTable(Hart hart, long va) {
        long pa = hart.mmu().translate(va, Access.LOAD, Privilege.U, false, 0);
        return pa != Mmu.FAULT && tables.levelOf(pa & ~0xFFFL) >= 0;
    }

    /** A kernel load or store to a device register: decoded and carried out on the virtual board. */
    private boolean mmio(ParaVcpu pv, Hart hart, Trap t) {
        long gpa = t.tval();
        if (!board.isDevice(gpa)) return false;
        long insn = MmioAccess.fetch(hart, t.pc(), domain.memory());
        MmioAccess a = insn < 0 ? null : MmioAccess.decode(insn);
        if (a == null || a.isStore() != (t.code() == Cause.STORE_PAGE_FAULT)) return false;
        String device = board.deviceName(gpa);
        count("mmio." + device);
        String what = a.perform(board, gpa, hart);
        hart.setPc(t.pc() + a.length());
        events.poll(vcpus[0]);                  // the access may have changed a device's interrupt line: see every edge
        if (hv.trace().recording()) trace(pv, t.pc(), "mmio", what);
        return true;
    }


    /** Kills the domain: a PV guest did what no PV guest may do. Reported on its console; other domains go on. */
    void kill(ParaVcpu pv, long pc, String why) {
        killReason = why;
        String text = "\r\n[hypervisor] " + domain.name() + ": " + why + ": domain killed.\r\n"
                + "[hypervisor] A paravirtualized kernel asks by hypercall (docs/hypercalls.md); an unmodified kernel"
                + " needs --technique full or hw.\r\n";
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) domain.consoleWrite(b);
        count("pv.killed");
        if (hv.trace().recording()) trace(pv, pc, "kill", why);
        hv.powerOff(domain, KILLED_EXIT_CODE);
    }

    private static String describe(long insn) {
        return Disassembler.format(Decoder.decode((int) insn));
    }

    // ---- events --------------------------------------------------------------------------------------

    @Override
    public boolean deliverInterrupt(VCpu v, Hart hart) {
        ParaVcpu pv = vcpus[v.index()];
        events.poll(pv);
        if (pv.masked() || pv.pending() == 0) return false;
        long from = hart.pc();
        boolean fromKernel = pv.kernelMode;
        current = pv;
        try {
            if (!bounce.trap(pv, hart, from, ParaAbi.CAUSE_EVENT, 0)) return false;
            count("bounce.event");
        } finally {
            current = null;
        }
        if (hv.trace().recording())
            trace(pv, from, "bounce", "event upcall (pending 0x" + Long.toHexString(pv.pending()) + ")"
                    + (fromKernel ? " in the kernel" : "") + " -> 0x" + Long.toHexString(hart.pc()));
        return true;
    }

    @Override
    public boolean hasDeliverableInterrupt(VCpu v) {
        ParaVcpu pv = vcpus[v.index()];
        events.poll(pv);
        long entry = pv.kernelMode ? pv.kernelTrapEntry : pv.userTrapEntry;
        return entry != 0 && !pv.masked() && pv.pending() != 0;
    }

    @Override
    public boolean wakes(VCpu v) {
        ParaVcpu pv = vcpus[v.index()];
        events.poll(pv);
        return pv.pending() != 0;
    }

    @Override
    public long timerDeadline(VCpu v) {
        return vcpus[v.index()].timerDeadline;
    }

    @Override
    public void interruptLine(VCpu v, int mipBit, boolean level) {
        // A PV guest never enables a PLIC context: device interrupts reach it as events (EventChannels).
    }

    @Override
    public void release() {
        // The boot map and the user views live in the domain's pool, which the hypervisor frees with it.
    }

    // ---- snapshots -----------------------------------------------------------------------------------

    /** What the hypervisor keeps in Java for this domain; RAM holds the rest (tables, info pages, boot map, views). */
    @Override
    public ParaSnapshot save() {
        List<ParaVcpuState> states = new ArrayList<>();
        for (ParaVcpu pv : vcpus) states.add(pv.save());
        return new ParaSnapshot(states, pool.free(), views.first(), views.count(), views.pairs(), tables.pinned(),
                tables.refusal(), tables.writableDropped(), events.lines(), killReason);
    }

    // ---- services for the hypercalls -----------------------------------------------------------------

    /** HC_VCPU_UP: starts a stopped vCPU at {@code entry} in kernel mode on the caller's address space. */
    long startVcpu(ParaVcpu caller, long index, long entry, long arg) {
        if (index < 0 || index >= vcpus.length) return -ParaAbi.EINVAL;
        VCpu v = domain.vcpus().get((int) index);
        if (v.state() != VCpu.State.STOPPED) return -ParaAbi.EBUSY;
        vcpus[(int) index] = new ParaVcpu(v, ram, caller.root);
        for (int r = 1; r < 32; r++) v.setRegister(r, 0);
        v.setRegister(10, index);
        v.setRegister(11, arg);
        v.setRegister(12, domain.memory().hostBase());
        v.setRegister(13, ParaAbi.VERSION);
        v.setPc(entry);
        hv.start(v);
        return 0;
    }

    /** Whether some vCPU runs on the boot map (whose entries change with every pin). */
    boolean bootMapInUse() {
        for (ParaVcpu pv : vcpus) if (pv.root == bootMap.root() && pv.vcpu.state() != VCpu.State.STOPPED) return true;
        return false;
    }

    private boolean isCurrentRoot(long page) {
        for (ParaVcpu pv : vcpus) if (pv.root == page && pv.vcpu.state() != VCpu.State.STOPPED) return true;
        return false;
    }

    private boolean isInfoPage(long page) {
        for (ParaVcpu pv : vcpus) if (pv.info == page) return true;
        return false;
    }

    /** Counts an event for the domain and the vCPU being handled. */
    void count(String key) {
        domain.count(current == null ? null : current.vcpu, key);
    }

    void trace(ParaVcpu pv, long pc, String kind, String action) {
        hv.trace().record(hv.time(), domain.id(), pv.vcpu.index(), pc, "", kind, action);
    }

    /** Keeps the boot map and the user views in step with what is pinned. */
    private final class PinListener implements PageTableValidator.Listener {
        @Override
        public boolean pinned(long page, int level) {
            bootMap.setWritable(page, false);
            if (level == 2 && !views.create(page)) {
                bootMap.setWritable(page, true);
                return false;
            }
            return true;
        }

        @Override
        public void unpinned(long page, int level) {
            bootMap.setWritable(page, true);
            if (level == 2) views.release(page);
        }

        @Override
        public void rootWritten(long root, int index, long value) {
            views.written(root, index, value);
        }
    }
}
