package org.virtlab.engine.hypervisor;

import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.hypervisor.full.VirtualHart;

/**
 * A virtual CPU: the registers of one guest hart while it is not on a physical hart, its
 * scheduling state, and (under full virtualization) its virtual privilege state.
 *
 * <p>While RUNNING, the vCPU's registers live in the physical hart it runs on; the hypervisor
 * copies them here only when it switches the hart to another vCPU ({@link #saveFrom}).
 */
public final class VCpu {

    /** Scheduling state. */
    public enum State {
        /** Ready to run, waiting for a physical hart. */
        RUNNABLE,
        /** On a physical hart. */
        RUNNING,
        /** In WFI: runs again when an interrupt would wake it. */
        WAITING,
        /** Not started (SBI HSM STOPPED), or its domain is off. */
        STOPPED
    }

    private final Domain domain;
    private final int index;
    final long[] x = new long[32];
    long pc;
    State state = State.STOPPED;
    /** The physical CPU it runs on while RUNNING. */
    PhysicalCpu pcpu;
    /** Virtual privilege state (full virtualization); null for other techniques. */
    VirtualHart virtualHart;
    /** Guest instructions this vCPU has retired, and the physical hart's count when it was loaded. */
    long retired;
    long retiredAtLoad;
    final EventCounters counters = new EventCounters();

    VCpu(Domain domain, int index) {
        this.domain = domain;
        this.index = index;
    }

    public Domain domain() {
        return domain;
    }

    public int index() {
        return index;
    }

    public State state() {
        return state;
    }

    public long pc() {
        return pc;
    }

    public VirtualHart virtualHart() {
        return virtualHart;
    }

    public EventCounters counters() {
        return counters;
    }

    /** Guest instructions retired so far (up to its last switch-out when running; see {@link Hypervisor#sync}). */
    public long retired() {
        return retired;
    }

    /** Sets the technique's virtual privilege state (full virtualization), once, at creation. */
    public void setVirtualHart(VirtualHart vh) {
        this.virtualHart = vh;
    }

    /** Sets a register of a vCPU that is not on a physical hart (boot, SBI hart_start). */
    public void setRegister(int reg, long value) {
        if (state == State.RUNNING) throw new IllegalStateException(this + " is running: change its registers on its hart");
        if (reg != 0) x[reg] = value;
    }

    /** Sets where a vCPU that is not on a physical hart continues. */
    public void setPc(long pc) {
        if (state == State.RUNNING) throw new IllegalStateException(this + " is running: change its pc on its hart");
        this.pc = pc;
    }

    /** Puts this vCPU's registers into {@code hart}. */
    void loadInto(Hart hart) {
        for (int i = 1; i < 32; i++) hart.setX(i, x[i]);
        hart.setPc(pc);
        retiredAtLoad = hart.retired();
    }

    /** Takes this vCPU's registers back from {@code hart}. */
    void saveFrom(Hart hart) {
        for (int i = 1; i < 32; i++) x[i] = hart.x(i);
        pc = hart.pc();
        accountRetired(hart);
    }

    /** Adds the instructions retired on {@code hart} since the last load or account. */
    void accountRetired(Hart hart) {
        long now = hart.retired();
        retired += now - retiredAtLoad;
        retiredAtLoad = now;
    }

    /**
     * This vCPU for a snapshot. A running one ({@code hart} is the hart it runs on) is saved as
     * if switched out: registers and pc from the hart, retired count brought up to date.
     */
    VcpuSnapshot save(Hart hart) {
        long[] regs = x.clone();
        long at = pc;
        if (hart != null) {
            accountRetired(hart);
            for (int i = 1; i < 32; i++) regs[i] = hart.x(i);
            at = hart.pc();
        }
        regs[0] = 0;
        return new VcpuSnapshot(index, regs, at, state, retired, retiredAtLoad, counters.snapshot());
    }

    /** Takes the saved state of a vCPU that has just been created (restore). */
    void restore(VcpuSnapshot s) {
        System.arraycopy(s.x(), 0, x, 0, 32);
        pc = s.pc();
        state = s.state();
        retired = s.retired();
        retiredAtLoad = s.retiredAtLoad();
        s.counters().forEach(counters::add);
    }

    @Override
    public String toString() {
        return domain.name() + "/vcpu" + index + " (" + state + ")";
    }
}
