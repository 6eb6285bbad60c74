package org.virtlab.engine.hypervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.PlatformTrapHandler;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.devices.PowerControl;
import org.virtlab.engine.devices.clint.Clint;
import org.virtlab.engine.hypervisor.full.FullSnapshot;
import org.virtlab.engine.hypervisor.full.FullVirtualization;
import org.virtlab.engine.hypervisor.hw.HardwareVirtualization;
import org.virtlab.engine.hypervisor.hw.HwSnapshot;
import org.virtlab.engine.hypervisor.para.ParaSnapshot;
import org.virtlab.engine.hypervisor.para.ParaVirtualization;
import org.virtlab.engine.machine.Clocked;
import org.virtlab.engine.machine.Machine;

/**
 * VirtLab's type-1 hypervisor (shared/DESIGN.md sections 3-4): Java code that owns M-mode on
 * every physical hart, partitions host RAM among domains, gives each domain vCPUs and a
 * virtual board of its own, schedules the vCPUs onto the physical harts, and handles every
 * trap its guests cause. docs/hypervisor.md explains the design.
 *
 * <p>The physical harts never run hypervisor code: the hypervisor is the
 * {@link PlatformTrapHandler} for M-mode, so a guest trap calls {@link #handle} with the hart
 * exactly as it trapped. Guests always run in a lower mode: U-mode for full virtualization,
 * with every trap going to M-mode (medeleg = mideleg = 0); VS/VU-mode for hardware-assisted
 * virtualization, with the traps the guest handles itself delegated to VS-mode and only its
 * exits coming here. Each technique sets the delegation it needs when it enters a vCPU
 * ({@link Virtualization#enter}) and clears it when the vCPU leaves. The hypervisor's own time slices
 * come from the physical CLINT: mtimecmp ends a slice, and an IPI (msip) makes a hart come
 * back to the hypervisor at once, e.g. when a waiting vCPU gets an interrupt.
 *
 * <p>Scheduling: weighted round robin over runnable vCPUs; a vCPU gets {@code quantum x weight}
 * of machine time, a vCPU waiting in WFI is not run, a hart with nothing to run sleeps.
 *
 * <p>Threads: everything runs on the machine thread. Management calls from other threads
 * ({@link #submit}) run at the next slice boundary.
 *
 * <p>Snapshots (docs/snapshots.md, "The hypervisor stack"): {@link #save} captures the
 * hypervisor between runs; {@link #restore} rebuilds one on a restored machine through the same
 * code as {@link #boot} ({@link HypervisorSnapshots}), and it continues exactly where the saved
 * one was.
 */
public final class Hypervisor implements PlatformTrapHandler, Clocked {
    private static final long CLINT_MTIMECMP = 0x4000;
    private static final long MIE_MSIE = 1L << 3, MIE_MTIE = 1L << 7;
    private static final long PMP_TOR = 0x08, PMP_R = 1, PMP_RWX = 7;
    /** How long a domain's reset takes: 10 ms of machine time. */
    static final long RESET_TICKS = 100_000;

    private final Machine machine;
    private final Clint clint;
    private final HypervisorConfig config;
    private final PhysicalCpu[] pcpus;
    private final HostMemory hostMemory;
    private final Map<Integer, Domain> domains = new LinkedHashMap<>();
    private final ArrayDeque<VCpu> runQueue = new ArrayDeque<>();
    private final EventCounters counters = new EventCounters();
    private final EventTrace trace;
    private final IntFunction<IntConsumer> consoleFor;
    private final ConcurrentLinkedQueue<Runnable> commands = new ConcurrentLinkedQueue<>();
    /** The physical CPU whose trap is being handled, or null. */
    private PhysicalCpu handling;
    private int nextDomainId;

    private Hypervisor(Machine machine, Clint clint, HypervisorConfig config, IntFunction<IntConsumer> consoleFor) {
        this.machine = machine;
        this.clint = clint;
        this.config = config;
        this.consoleFor = consoleFor;
        this.trace = new EventTrace(config.traceCapacity());
        this.hostMemory = new HostMemory(machine.ram().base() + HypervisorConfig.RESERVED,
                machine.ram().size() - HypervisorConfig.RESERVED);
        this.pcpus = new PhysicalCpu[machine.hartCount()];
        for (int i = 0; i < pcpus.length; i++) pcpus[i] = new PhysicalCpu(machine.hart(i));
    }

    /**
     * Takes the machine: M-mode on every hart, the CLINT for time slices and IPIs; creates the
     * configured domains and puts their first vCPUs on the harts.
     *
     * @param consoleFor the console stream of each domain, by domain id
     * @throws IllegalArgumentException a domain does not fit or its images are broken (nothing runs then)
     */
    public static Hypervisor boot(Machine machine, Clint clint, HypervisorConfig config, IntFunction<IntConsumer> consoleFor) {
        return start(machine, clint, config, consoleFor, null);
    }

    /**
     * Takes a machine restored from a snapshot and rebuilds the hypervisor that ran on it, through
     * the same code as {@link #boot}: every domain's board from its saved device states, its
     * vCPUs and technique from their saved state, the run queue and what each hart runs. No image
     * is loaded and no hart is reset (the machine's harts, CLINT and RAM came back with it); the
     * hypervisor continues exactly where the saved one was (docs/snapshots.md).
     *
     * @param config     the configuration the saved hypervisor was booted with
     * @param consoleFor the console stream of each domain, by domain id
     * @throws IllegalArgumentException the saved state is inconsistent or does not fit the machine
     */
    public static Hypervisor restore(Machine machine, Clint clint, HypervisorConfig config, HypervisorSnapshot saved,
            IntFunction<IntConsumer> consoleFor) {
        if (saved == null) throw new IllegalArgumentException("restore needs a hypervisor snapshot");
        return start(machine, clint, config, consoleFor, saved);
    }

    /** Boot ({@code saved} null) or restore: one path, as VirtBoard's constructor is for the board. */
    private static Hypervisor start(Machine machine, Clint clint, HypervisorConfig config, IntFunction<IntConsumer> consoleFor,
            HypervisorSnapshot saved) {
        Hypervisor hv = new Hypervisor(machine, clint, config, consoleFor);
        if (saved == null) {
            for (PhysicalCpu p : hv.pcpus) {
                Hart h = p.hart;
                h.reset(machine.ram().base());
                h.writeCsr(CsrNames.MEDELEG, 0);
                h.writeCsr(CsrNames.MIDELEG, 0);
                h.writeCsr(CsrNames.MIE, MIE_MSIE | MIE_MTIE);
                h.setMode(Privilege.U, false);
                hv.disarmTimer(p);
            }
            for (DomainSpec spec : config.domains()) hv.createDomain(spec);
        } else {
            HypervisorSnapshots.restore(hv, saved);
        }
        machine.setPlatformOwner(Privilege.M, hv);
        machine.addClocked(hv);
        if (saved == null) for (PhysicalCpu p : hv.pcpus) hv.schedule(p);
        return hv;
    }

    // ---- public face ------------------------------------------------------------------------------

    public HypervisorConfig config() {
        return config;
    }

    public Machine machine() {
        return machine;
    }

    /** Every domain created since boot, destroyed ones included, by id. */
    public List<Domain> domains() {
        return Collections.unmodifiableList(new ArrayList<>(domains.values()));
    }

    public Domain domain(int id) {
        Domain d = domains.get(id);
        if (d == null) throw new IllegalArgumentException("no domain " + id);
        return d;
    }

    /** Hypervisor-wide counters (interrupts it took, scheduling, idle). */
    public EventCounters counters() {
        return counters;
    }

    public EventTrace trace() {
        return trace;
    }

    public CostModel costModel() {
        return config.costs();
    }

    /** Runs {@code command} on the machine thread at the next slice boundary (management from other threads). */
    public void submit(Runnable command) {
        commands.add(command);
        machine.requestStop();
    }

    /** Console input for a domain (any thread); returns how many bytes its UART took. */
    public int receive(int domainId, byte[] data, int off, int len) {
        Domain d = domains.get(domainId);
        if (d == null || d.board == null) return 0;
        return d.board.receive(data, off, len);
    }

    /** Brings the counters of running vCPUs up to date (their retired instructions); machine thread. */
    public void sync() {
        for (PhysicalCpu p : pcpus) if (p.current != null) p.current.accountRetired(p.hart);
    }

    // ---- domain lifecycle (machine thread) -----------------------------------------------------------

    /** Creates a domain and makes its boot vCPU runnable. */
    public Domain createDomain(DomainSpec spec) {
        return createDomain(spec, nextDomainId++);
    }

    private Domain createDomain(DomainSpec spec, int id) {
        if (spec.technique() == Technique.HW) {
            String why = HardwareVirtualization.refusal(spec, machine.hart(0).hasHypervisorExtension());
            if (why != null) throw new IllegalArgumentException(why);
        }
        // A guest sees a plain RV64 hart (no nested virtualization): its device tree must not promise the H extension.
        if (spec.guest().hExtension())
            spec = new DomainSpec(spec.name(), spec.guest().toBuilder().hExtension(false).build(), spec.technique(), spec.weight());
        long mem = spec.guest().memoryBytes();
        long size = HypervisorConfig.footprint(spec);
        long start = hostMemory.allocate(size);
        if (start < 0)
            throw new IllegalArgumentException(String.format("no room for domain %s: it needs %s of host RAM and %s is free",
                    spec.name(), describe(size), describe(hostMemory.freeBytes())));
        long poolBase = start + ((mem + HostMemory.ALIGN - 1) & ~(HostMemory.ALIGN - 1));
        int poolPages = (int) ((start + size - poolBase) >>> 12);
        try {
            DomainMemory memory = new DomainMemory(machine.ram(), start, mem);
            IntConsumer sink = consoleFor.apply(id);
            Domain d = new Domain(id, spec, memory, start, size, poolBase, poolPages, sink == null ? b -> { } : sink);
            build(d, null);
            domains.put(id, d);
            kickIdle();
            return d;
        } catch (RuntimeException e) {
            discardHost(start, size);
            hostMemory.release(start, size);
            throw e;
        }
    }

    /**
     * Wires the domain's board and makes its vCPUs and technique: at boot ({@code saved} null)
     * every device in its reset state and the images loaded; at restore every part from its
     * saved state and nothing loaded.
     */
    void build(Domain d, DomainSnapshot saved) {
        d.board = new VirtualBoard(d.spec().guest(), d.memory, this::now,
                (vcpu, bit, level) -> interruptLine(d, vcpu, bit, level),
                b -> d.console.accept(b), new PowerControl() {
                    @Override
                    public void powerOff(int exitCode) { domainPowerOff(d, exitCode); }

                    @Override
                    public void reset() { requestReboot(d); }
                }, saved == null ? null : saved.board());
        DomainImage image = saved == null ? DomainImage.load(d.spec().guest(), d.board.guestRam()) : null;
        for (int i = 0; i < d.spec().guest().harts(); i++) {
            VCpu v = new VCpu(d, i);
            if (saved != null) v.restore(saved.vcpus().get(i));
            d.vcpus.add(v);
        }
        TechniqueState ts = saved == null ? null : saved.technique();
        d.virtualization = switch (d.technique()) {
            case FULL -> ts == null ? new FullVirtualization(this, d, image)
                    : new FullVirtualization(this, d, (FullSnapshot) ts);
            case HW -> ts == null ? new HardwareVirtualization(this, d, image)
                    : new HardwareVirtualization(this, d, (HwSnapshot) ts);
            case PARA -> ts == null ? new ParaVirtualization(this, d, image)
                    : new ParaVirtualization(this, d, (ParaSnapshot) ts);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    /** Stops the domain's vCPUs where they are; they keep their state. */
    public void pause(int id) {
        Domain d = domain(id);
        if (d.state != Domain.State.RUNNING) return;
        d.state = Domain.State.PAUSED;
        for (VCpu v : d.vcpus) if (v.state == VCpu.State.RUNNING) kick(v.pcpu);
        count(null, "sched.pause");
    }

    public void resume(int id) {
        Domain d = domain(id);
        if (d.state != Domain.State.PAUSED) return;
        d.state = Domain.State.RUNNING;
        kickIdle();
        count(null, "sched.resume");
    }

    /** Destroys a domain: its vCPUs stop at once and its host RAM and shadow pool are freed. */
    public void destroy(int id) {
        Domain d = domain(id);
        if (d.state == Domain.State.DESTROYED) return;
        d.state = Domain.State.DESTROYED;
        release(d);
        checkAllOff();
    }

    private void release(Domain d) {
        for (VCpu v : d.vcpus) {
            if (v.pcpu != null) evict(v.pcpu);
            v.state = VCpu.State.STOPPED;
        }
        runQueue.removeIf(v -> v.domain() == d);
        d.virtualization.release();
        discardHost(d.hostStart, d.hostSize);
        hostMemory.release(d.hostStart, d.hostSize);
        for (PhysicalCpu p : pcpus) {
            if (p.pmpDomain == d.id()) p.pmpDomain = -1;
            p.hart.flushTranslations();
        }
    }

    /** Forgets the host pages of a range, so a later domain gets zeroed memory. */
    private void discardHost(long start, long size) {
        machine.ram().discard(start, size);
    }

    private void domainPowerOff(Domain d, int exitCode) {
        if (d.state == Domain.State.OFF || d.state == Domain.State.DESTROYED) return;
        d.exitCode = exitCode;
        d.state = Domain.State.OFF;
        for (VCpu v : d.vcpus) {
            if (v.pcpu != null && v.pcpu != handling) kick(v.pcpu);
            if (v.state != VCpu.State.RUNNING) v.state = VCpu.State.STOPPED;
        }
        runQueue.removeIf(v -> v.domain() == d);
        count(null, "domain.power_off");
        checkAllOff();
    }

    /** Power the machine off once no domain can run any more: with the first failing domain's status, else 0. */
    private void checkAllOff() {
        int status = 0;
        for (Domain d : domains.values()) {
            if (d.state == Domain.State.RUNNING || d.state == Domain.State.PAUSED || d.rebootAt >= 0) return;
            if (d.state == Domain.State.OFF && status == 0) status = d.exitCode;
        }
        machine.powerOff(status);
    }

    private void reboot(Domain d) {
        d.rebootAt = -1;
        release(d);
        d.state = Domain.State.DESTROYED;
        domains.remove(d.id());
        createDomain(d.spec(), d.id()).setConsole(d.console);
        count(null, "domain.reboot");
    }

    // ---- traps ---------------------------------------------------------------------------------------

    @Override
    public void handle(Hart hart, Trap trap) {
        PhysicalCpu p = pcpus[hart.id()];
        handling = p;
        try {
            VCpu v = p.current;
            if (trap.isInterrupt()) {
                takeInterrupt(p, trap);
            } else if (v != null) {
                v.domain().virtualization.countTrap(v, hart, trap, "trap." + key(trap.cause()));
                v.domain().virtualization.trap(v, hart, trap);
            } else {
                count(null, "trap.while_idle");
            }
            schedule(p);
        } finally {
            handling = null;
        }
    }

    private void takeInterrupt(PhysicalCpu p, Trap trap) {
        VCpu v = p.current;
        String key;
        if (trap.code() == Cause.MACHINE_SOFTWARE) {
            clint.write(4L * p.id(), 4, 0);
            key = "trap.ipi";
        } else if (trap.code() == Cause.MACHINE_TIMER) {
            disarmTimer(p);
            key = "trap.timer";
        } else {
            key = "trap." + key(trap.cause());
        }
        counters.add(key);
        if (v != null) v.domain().virtualization.countTrap(v, p.hart, trap, key);
    }

    /** Rebuilds the domains whose reset time has come. */
    private void rebootRequested(long now) {
        for (Domain d : new ArrayList<>(domains.values())) if (d.rebootAt >= 0 && now >= d.rebootAt) reboot(d);
    }

    // ---- scheduling ----------------------------------------------------------------------------------

    /** Decides what {@code p} runs next and puts it there (or lets the hart sleep). */
    private void schedule(PhysicalCpu p) {
        VCpu cur = p.current;
        long now = p.hart.currentTime();
        if (cur != null) {
            boolean runnable = cur.state == VCpu.State.RUNNING && cur.domain().state == Domain.State.RUNNING;
            if (runnable && (now < p.sliceEnd || !hasRunnable())) {
                if (now >= p.sliceEnd) p.sliceEnd = now + slice(cur);
                cur.domain().virtualization.deliverInterrupt(cur, p.hart);
                armTimer(p);
                return;
            }
            cur.saveFrom(p.hart);
            cur.domain().virtualization.leave(cur, p.hart);
            cur.pcpu = null;
            p.current = null;
            Domain.State ds = cur.domain().state;
            if (ds == Domain.State.OFF || ds == Domain.State.DESTROYED) {
                cur.state = VCpu.State.STOPPED;
            } else if (cur.state == VCpu.State.RUNNING) {
                cur.state = VCpu.State.RUNNABLE;
                runQueue.add(cur);
            }
        }
        VCpu next = takeRunnable();
        if (next == null) {
            disarmTimer(p);
            p.hart.sleepUntilInterrupt();
            count(null, "sched.idle");
            return;
        }
        next.state = VCpu.State.RUNNING;
        next.pcpu = p;
        p.current = next;
        usePmpOf(p, next.domain());
        next.loadInto(p.hart);
        next.domain().virtualization.enter(next, p.hart);
        next.domain().virtualization.deliverInterrupt(next, p.hart);
        p.sliceEnd = now + slice(next);
        armTimer(p);
        next.domain().count(next, "switch.vcpu");
        if (trace.recording())
            trace.record(now, next.domain().id(), next.index(), next.pc, "", "switch", "hart " + p.id() + " runs " + next);
    }

    private long slice(VCpu v) {
        return config.quantumTicks() * v.domain().spec().weight();
    }

    private boolean hasRunnable() {
        for (VCpu v : runQueue) if (v.domain().state == Domain.State.RUNNING) return true;
        return false;
    }

    /** The first runnable vCPU of a running domain, removed from the queue. */
    private VCpu takeRunnable() {
        for (Iterator<VCpu> it = runQueue.iterator(); it.hasNext(); ) {
            VCpu v = it.next();
            if (v.domain().state != Domain.State.RUNNING) continue;
            it.remove();
            return v;
        }
        return null;
    }

    /** A vCPU became runnable (woken, started): queue it and wake an idle hart. */
    void makeRunnable(VCpu v) {
        if (v.state == VCpu.State.RUNNABLE || v.state == VCpu.State.RUNNING) return;
        v.state = VCpu.State.RUNNABLE;
        runQueue.add(v);
        kickIdle();
    }

    /** Takes a vCPU off its hart for good (destroy): the hart reschedules at its next instruction. */
    private void evict(PhysicalCpu p) {
        VCpu v = p.current;
        if (v != null) {
            v.accountRetired(p.hart);
            v.domain().virtualization.leave(v, p.hart);
            v.pcpu = null;
        }
        p.current = null;
        if (p != handling) kick(p);
    }

    /** Physical memory protection: the hart may touch the domain's RAM (RWX) and read its shadow pool (page walks). */
    private void usePmpOf(PhysicalCpu p, Domain d) {
        if (p.pmpDomain == d.id()) return;
        Hart h = p.hart;
        long ramEnd = d.memory.hostBase() + d.memory.size();
        h.writeCsr(CsrNames.PMPADDR0, d.memory.hostBase() >>> 2);
        h.writeCsr(CsrNames.PMPADDR0 + 1, ramEnd >>> 2);
        h.writeCsr(CsrNames.PMPADDR0 + 2, d.poolBase >>> 2);
        h.writeCsr(CsrNames.PMPADDR0 + 3, (d.poolBase + ((long) d.poolPages << 12)) >>> 2);
        h.writeCsr(CsrNames.PMPCFG0, (PMP_TOR | PMP_RWX) << 8 | (PMP_TOR | PMP_R) << 24);
        p.pmpDomain = d.id();
        d.count(null, "switch.pmp");
    }

    private void armTimer(PhysicalCpu p) {
        clint.write(CLINT_MTIMECMP + 8L * p.id(), 8, p.sliceEnd);
    }

    private void disarmTimer(PhysicalCpu p) {
        clint.write(CLINT_MTIMECMP + 8L * p.id(), 8, -1L);
    }

    /** An IPI to a physical hart: it comes back to the hypervisor at its next instruction. */
    private void kick(PhysicalCpu p) {
        if (p == null) return;
        clint.write(4L * p.id(), 4, 1);
    }

    private void kickIdle() {
        int runnable = 0;
        for (VCpu v : runQueue) if (v.domain().state == Domain.State.RUNNING) runnable++;
        for (PhysicalCpu p : pcpus) {
            if (runnable == 0) return;
            if (p.current == null && p != handling) {
                kick(p);
                runnable--;
            }
        }
    }

    // ---- virtual interrupts and time -----------------------------------------------------------------

    // ---- services for the techniques -------------------------------------------------------------

    /** The vCPU executed WFI with nothing to wake it: it leaves its hart until an interrupt would wake it. */
    public void waitForInterrupt(VCpu v) {
        if (v.state != VCpu.State.RUNNING) return;
        if (v.domain().virtualization.wakes(v)) return;      // an interrupt arrived meanwhile: WFI completes
        v.state = VCpu.State.WAITING;
        v.domain().count(v, "sched.block");
    }

    /** The vCPU gives up the rest of its time slice (a PV guest's HC_YIELD): another runnable vCPU goes first. */
    public void yieldSlice(VCpu v) {
        if (v.pcpu != null) v.pcpu.sliceEnd = now();
        v.domain().count(v, "sched.yield");
    }

    /** Starts a stopped vCPU (boot, SBI hart_start); its registers and virtual state are set. */
    public void start(VCpu v) {
        if (v.state != VCpu.State.STOPPED) return;
        makeRunnable(v);
    }

    /** Stops a vCPU (SBI hart_stop): it leaves its hart and runs no more until started. */
    public void stop(VCpu v) {
        if (v.state == VCpu.State.RUNNING) {
            v.state = VCpu.State.STOPPED;      // the hart switches it out when the trap returns
            if (v.pcpu != handling) kick(v.pcpu);
        } else {
            runQueue.remove(v);
            v.state = VCpu.State.STOPPED;
        }
    }

    /** The guest powered its domain off (SBI shutdown, test finisher). */
    public void powerOff(Domain d, int exitCode) {
        domainPowerOff(d, exitCode);
    }

    /** The guest asked for a reboot: the domain is rebuilt from its spec at the next boundary. */
    public void requestReboot(Domain d) {
        if (d.rebootAt >= 0 || d.state == Domain.State.DESTROYED) return;
        // A reset takes machine time, as on hardware: a guest that resets in a loop costs the
        // hypervisor one rebuild per RESET_TICKS, not one per handful of instructions.
        d.rebootAt = now() + RESET_TICKS;
        for (VCpu v : d.vcpus) stop(v);
        count(null, "domain.reset_requested");
    }

    /** Drops the cached translations of every hart that runs one of the domain's vCPUs. */
    public void flushTranslations(Domain d) {
        for (PhysicalCpu p : pcpus) if (p.current != null && p.current.domain() == d) p.hart.flushTranslations();
    }

    /** Machine time now: the trapping hart's view inside a handler, the machine's between slices. */
    public long time() {
        return now();
    }

    /** Machine time now: the trapping hart's view inside a handler, the machine's between slices. */
    long now() {
        return handling != null ? handling.hart.currentTime() : machine.time();
    }

    /** A virtual device drove an interrupt line of one of the domain's vCPUs. */
    private void interruptLine(Domain d, int vcpu, int bit, boolean level) {
        if (vcpu < 0 || vcpu >= d.vcpus.size()) return;
        VCpu v = d.vcpus.get(vcpu);
        d.virtualization.interruptLine(v, bit, level);
        if (level) d.count(v, "irq.line." + bit);
        attend(v);
    }

    /** Wakes or kicks a vCPU that may have an interrupt to take. */
    public void attend(VCpu v) {
        if (v.domain().state != Domain.State.RUNNING) return;
        Virtualization virt = v.domain().virtualization;
        if (v.state == VCpu.State.WAITING && virt.wakes(v)) {
            v.domain().count(v, "sched.wake");
            makeRunnable(v);
        } else if (v.state == VCpu.State.RUNNING && v.pcpu != handling && virt.hasDeliverableInterrupt(v)) {
            kick(v.pcpu);
        }
    }

    @Override
    public void advanceTo(long mtime) {
        for (Runnable c; (c = commands.poll()) != null; ) c.run();
        rebootRequested(mtime);
        for (Domain d : domains.values()) {
            if (d.state != Domain.State.RUNNING) continue;
            d.board.advanceTo(mtime);
            for (VCpu v : d.vcpus) attend(v);
        }
    }

    @Override
    public long nextDeadline() {
        long t = Long.MAX_VALUE;
        for (Domain d : domains.values()) {
            if (d.rebootAt >= 0) t = Math.min(t, d.rebootAt);
            if (d.state != Domain.State.RUNNING) continue;
            t = Math.min(t, d.board.nextDeadline());
            for (VCpu v : d.vcpus) {
                if (v.state == VCpu.State.STOPPED) continue;
                long dl = d.virtualization.timerDeadline(v);
                if (Long.compareUnsigned(dl, t) < 0) t = dl;
            }
        }
        return t;
    }

    // ---- snapshots (docs/snapshots.md, "The hypervisor stack") -----------------------------------------

    /**
     * The hypervisor's state for a snapshot, taken between runs on the machine thread, before
     * the machine itself is captured. Running vCPUs are saved as if switched out (registers
     * from their harts) and go on running. Caches a snapshot does not keep are dropped first
     * ({@link Virtualization#dropCaches}: full virtualization's shadow tables), so this
     * hypervisor and every one restored from the snapshot continue from the same state.
     *
     * @throws IllegalStateException inside a trap, or a domain's technique cannot be saved
     */
    public HypervisorSnapshot save() {
        if (handling != null) throw new IllegalStateException("a snapshot is taken between runs, not inside a trap");
        // Everything that may refuse comes first, while nothing has changed.
        Map<Domain, TechniqueState> techniques = new LinkedHashMap<>();
        Map<Domain, HypervisorSnapshots.SavedDisk> disks = new LinkedHashMap<>();
        for (Domain d : domains.values()) {
            techniques.put(d, d.virtualization.save());
            disks.put(d, HypervisorSnapshots.disk(d));
        }
        for (Domain d : domains.values()) if (d.state != Domain.State.DESTROYED) d.virtualization.dropCaches();
        for (PhysicalCpu p : pcpus) if (p.current != null) p.current.domain().virtualization.resumeOn(p.current, p.hart);
        List<HypervisorSnapshot.PhysicalCpuState> cpus = new ArrayList<>();
        for (PhysicalCpu p : pcpus)
            cpus.add(new HypervisorSnapshot.PhysicalCpuState(p.current == null ? null : ref(p.current), p.sliceEnd, p.pmpDomain));
        List<HypervisorSnapshot.VcpuRef> queue = new ArrayList<>();
        for (VCpu v : runQueue) queue.add(ref(v));
        List<DomainSnapshot> ds = new ArrayList<>();
        for (Domain d : domains.values()) ds.add(HypervisorSnapshots.save(d, disks.get(d), techniques.get(d)));
        return new HypervisorSnapshot(nextDomainId, hostMemory.freeRanges(), counters.snapshot(), cpus, queue, ds, -1);
    }

    private static HypervisorSnapshot.VcpuRef ref(VCpu v) {
        return new HypervisorSnapshot.VcpuRef(v.domain().id(), v.index());
    }

    // package-private access for HypervisorSnapshots, which rebuilds the scheduler's state

    PhysicalCpu[] pcpus() {
        return pcpus;
    }

    HostMemory hostMemory() {
        return hostMemory;
    }

    ArrayDeque<VCpu> runQueue() {
        return runQueue;
    }

    Map<Integer, Domain> domainMap() {
        return domains;
    }

    IntConsumer consoleOf(int id) {
        IntConsumer sink = consoleFor.apply(id);
        return sink == null ? b -> { } : sink;
    }

    void restoreIds(int next) {
        nextDomainId = next;
    }

    // ---- counting ------------------------------------------------------------------------------------

    /** Counts a hypervisor event against the running vCPU's domain (if any) and the hypervisor. */
    private void count(VCpu v, String key) {
        counters.add(key);
        if (v != null) v.domain().count(v, key);
    }

    /** Counter keys by cause code, exceptions and interrupts: built once, not on every trap. */
    private static final String[] EXCEPTION_KEYS = new String[64], INTERRUPT_KEYS = new String[64];

    static {
        for (int c = 0; c < 64; c++) {
            EXCEPTION_KEYS[c] = keyOf(c);
            INTERRUPT_KEYS[c] = keyOf(Cause.INTERRUPT | c);
        }
    }

    /** "illegal instruction" -> "illegal_instruction": a cause as a counter key. */
    public static String key(long cause) {
        int code = (int) (cause & 0x3F);
        if ((cause & ~(Cause.INTERRUPT | 0x3F)) != 0) return keyOf(cause);
        return cause < 0 ? INTERRUPT_KEYS[code] : EXCEPTION_KEYS[code];
    }

    private static String keyOf(long cause) {
        return Cause.name(cause).replace("store/AMO", "store").replace('-', '_').replace(' ', '_').toLowerCase();
    }

    private static String describe(long bytes) {
        return org.virtlab.engine.board.BoardConfig.describeSize(bytes);
    }
}
