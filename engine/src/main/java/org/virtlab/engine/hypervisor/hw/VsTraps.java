package org.virtlab.engine.hypervisor.hw;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;

/**
 * Injecting an exception into a VS-mode guest: what the hypervisor does when an exit turns out
 * to be the guest's own fault (an access to an address that is neither its RAM nor a device,
 * an instruction VS-mode may not execute). It performs the trap entry the hardware performs
 * when it delivers a trap to VS-mode (H extension, "Trap Entry", and privileged spec,
 * "Supervisor Trap Handling" as seen through the VS CSRs): vsepc = the faulting pc,
 * vscause, vstval, vsstatus.SPP = the mode the guest was in, SPIE = SIE, SIE = 0, and the
 * guest continues in VS-mode at vstvec (exceptions never use the vectored offset).
 */
final class VsTraps {
    private static final long SIE = 1L << 1, SPIE = 1L << 5, SPP = 1L << 8;

    private VsTraps() {
    }

    /** Enters the guest's trap handler on {@code hart} for exception {@code cause}; returns the handler address. */
    static long inject(Hart hart, int cause, long tval, long pc) {
        long s = hart.readCsr(CsrNames.VSSTATUS);
        s &= ~(SPP | SPIE);
        if (hart.privilege() == Privilege.S) s |= SPP;
        if ((s & SIE) != 0) s |= SPIE;
        s &= ~SIE;
        hart.writeCsr(CsrNames.VSSTATUS, s);
        hart.writeCsr(CsrNames.VSEPC, pc);
        hart.writeCsr(CsrNames.VSCAUSE, cause);
        hart.writeCsr(CsrNames.VSTVAL, tval);
        long target = hart.readCsr(CsrNames.VSTVEC) & ~3L;
        hart.setMode(Privilege.S, true);
        hart.setPc(target);
        return target;
    }
}
