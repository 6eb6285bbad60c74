package org.virtlab.engine.hypervisor.para;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;

/**
 * Bouncing a trap into the PV kernel, and HC_IRET, the way back (docs/hypercalls.md,
 * "Bounces"): what SRET and the hardware trap entry do for a native kernel, done by the
 * hypervisor because a PV kernel runs in U-mode like its processes.
 *
 * <p>A bounce writes the interrupted pc, the cause and tval, and a status word (SPP: it came
 * from kernel mode; SPIE: events were unmasked) into the vCPU's info page, masks events, and
 * jumps to the registered entry. From user mode it also swaps sp with the info page's scratch
 * word (where the kernel left the process's trap frame) and moves the hart from the user view
 * to the kernel's root. HC_IRET undoes exactly that, restoring a7 from the info page (the
 * hypercall itself needs a7).
 *
 * <p>The system call path is the common one and is kept short: no cause or tval (the syscall
 * entry knows), and entering the kernel needs no TLB flush, since the kernel's root maps
 * everything the user view does, the same way. Only the way back flushes: the kernel's
 * translations must not outlive kernel mode.
 */
final class TrapBounce {
    private static final int SP = 2, A7 = 17;

    private final UserViews views;

    TrapBounce(UserViews views) {
        this.views = views;
    }

    /** A system call from user mode: to the syscall entry. */
    void syscall(ParaVcpu pv, Hart hart, long pc) {
        pv.write(ParaAbi.INFO_EPC, pc);
        enter(pv, hart, pv.syscallEntry);
    }

    /**
     * Any other trap or an event upcall: to the user trap entry from user mode, to the kernel
     * trap entry from kernel mode. False if the kernel has registered no entry for it.
     */
    boolean trap(ParaVcpu pv, Hart hart, long pc, long cause, long tval) {
        long entry = pv.kernelMode ? pv.kernelTrapEntry : pv.userTrapEntry;
        if (entry == 0 || pv.info < 0) return false;
        pv.write(ParaAbi.INFO_EPC, pc);
        pv.write(ParaAbi.INFO_CAUSE, cause);
        pv.write(ParaAbi.INFO_TVAL, tval);
        enter(pv, hart, entry);
        return true;
    }

    private void enter(ParaVcpu pv, Hart hart, long entry) {
        long status = (pv.masked() ? 0 : ParaAbi.STATUS_SPIE) | (pv.kernelMode ? ParaAbi.STATUS_SPP : 0);
        pv.write(ParaAbi.INFO_STATUS, status);
        pv.write(ParaAbi.INFO_MASK, 1);
        if (!pv.kernelMode) {
            swapStack(pv, hart);
            pv.kernelMode = true;
            hart.mmu().writeSatp(Sv39.satp(pv.root), false);    // a superset of the user view: no flush
        }
        hart.setPc(entry);
    }

    /** HC_IRET: back to the context the info page describes. */
    void iret(ParaVcpu pv, Hart hart) {
        long status = pv.read(ParaAbi.INFO_STATUS);
        hart.setX(A7, pv.read(ParaAbi.INFO_A7));
        hart.setPc(pv.read(ParaAbi.INFO_EPC));
        if ((status & ParaAbi.STATUS_SPP) == 0) {
            swapStack(pv, hart);
            pv.kernelMode = false;
            useRoot(pv, hart);
        }
        pv.write(ParaAbi.INFO_MASK, (status & ParaAbi.STATUS_SPIE) != 0 ? 0 : 1);
    }

    /** Points the hart at the vCPU's current address space: the root in kernel mode, its user view in user mode. */
    void useRoot(ParaVcpu pv, Hart hart) {
        long root = pv.kernelMode ? pv.root : views.viewOf(pv.root);
        hart.writeCsr(CsrNames.SATP, Sv39.satp(root));         // flushes the TLB when it changes
    }

    private static void swapStack(ParaVcpu pv, Hart hart) {
        long sp = hart.x(SP);
        hart.setX(SP, pv.read(ParaAbi.INFO_SCRATCH));
        pv.write(ParaAbi.INFO_SCRATCH, sp);
    }
}
