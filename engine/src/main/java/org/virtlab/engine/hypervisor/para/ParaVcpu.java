package org.virtlab.engine.hypervisor.para;

import org.virtlab.engine.hypervisor.VCpu;
import org.virtlab.engine.memory.Ram;

/**
 * What the hypervisor knows about one vCPU of a PV guest besides its registers: whether it is
 * in virtual kernel or user mode, the root it runs on, its registered entry points, its timer,
 * and its shared info page ({@link ParaAbi}: the event mask and pending words the guest reads
 * and writes without a hypercall, and the frame of the last bounce).
 */
final class ParaVcpu {
    final VCpu vcpu;
    private final Ram ram;
    /** Virtual kernel mode (the guest kernel runs) or user mode (one of its processes runs). */
    boolean kernelMode = true;
    /** Host address of the root the vCPU runs on in kernel mode (a pinned root, or the boot map). */
    long root;
    /** Host address of the shared info page, or -1 until HC_REGISTER_VCPU_INFO. */
    long info = -1;
    /** Entry points (guest-virtual), 0 until HC_SET_CALLBACKS. */
    long userTrapEntry, syscallEntry, kernelTrapEntry;
    /** Machine time of the one-shot timer, or Long.MAX_VALUE. */
    long timerDeadline = Long.MAX_VALUE;
    /** Events raised before the info page exists; moved there when it is registered. */
    long earlyPending;

    ParaVcpu(VCpu vcpu, Ram ram, long root) {
        this.vcpu = vcpu;
        this.ram = ram;
        this.root = root;
    }

    ParaVcpuState save() {
        return new ParaVcpuState(kernelMode, root, info, userTrapEntry, syscallEntry, kernelTrapEntry, timerDeadline,
                earlyPending);
    }

    /** A vCPU's saved state (restore); the caller has checked its pages. */
    static ParaVcpu restore(VCpu vcpu, Ram ram, ParaVcpuState s) {
        ParaVcpu pv = new ParaVcpu(vcpu, ram, s.root());
        pv.kernelMode = s.kernelMode();
        pv.info = s.info();
        pv.userTrapEntry = s.userTrapEntry();
        pv.syscallEntry = s.syscallEntry();
        pv.kernelTrapEntry = s.kernelTrapEntry();
        pv.timerDeadline = s.timerDeadline();
        pv.earlyPending = s.earlyPending();
        return pv;
    }

    long read(int offset) {
        return ram.read(info + offset, 8);
    }

    void write(int offset, long value) {
        ram.write(info + offset, 8, value);
    }

    /** Whether events are masked: always before the info page exists. */
    boolean masked() {
        return info < 0 || read(ParaAbi.INFO_MASK) != 0;
    }

    long pending() {
        return info < 0 ? earlyPending : read(ParaAbi.INFO_PENDING);
    }

    /** Sets the pending bit of {@code channel}; false if it was set already. */
    boolean raise(int channel) {
        long bit = 1L << channel;
        long p = pending();
        if ((p & bit) != 0) return false;
        if (info < 0) earlyPending = p | bit;
        else write(ParaAbi.INFO_PENDING, p | bit);
        return true;
    }

    /** Clears the pending bit of {@code channel} (a new timer replaces the old one's event). */
    void clear(int channel) {
        long p = pending() & ~(1L << channel);
        if (info < 0) earlyPending = p;
        else write(ParaAbi.INFO_PENDING, p);
    }

    /** Starts using the info page at host address {@code page}; events raised so far move there. */
    void register(long page) {
        info = page;
        if (earlyPending != 0) write(ParaAbi.INFO_PENDING, read(ParaAbi.INFO_PENDING) | earlyPending);
        earlyPending = 0;
    }
}
