package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Trap;

/**
 * Hands a trap that reached M-mode down to the supervisor, as OpenSBI's trap redirection does:
 * the firmware performs the trap entry the hardware would have performed had the trap been
 * delegated (privileged spec, "Supervisor Trap Handling": scause, sepc, stval, sstatus.SPP,
 * SPIE := SIE, SIE := 0, pc := stvec; H extension, "Trap Entry": hstatus.SPV, SPVP, GVA, htval,
 * htinst). A trap from VS/VU-mode whose cause the hypervisor delegates in hedeleg goes straight
 * to VS-mode, any other to HS-mode.
 *
 * <p>Exceptions are always entered at the vector base (vectored mode only offsets interrupts).
 */
final class TrapRedirect {
    private static final long SIE = 1L << 1, SPIE = 1L << 5, SPP = 1L << 8;
    private static final long HSTATUS_GVA = 1L << 6, HSTATUS_SPV = 1L << 7, HSTATUS_SPVP = 1L << 8;

    private TrapRedirect() {
    }

    /**
     * Whether {@code trap} can be given to the supervisor: a synchronous exception from S or U
     * (or VS/VU) whose handler can at least be fetched. An instruction fault at the very address
     * of the target trap vector would only trap again forever.
     */
    static boolean canRedirect(Hart hart, Trap trap) {
        if (trap.isInterrupt() || trap.fromPriv() == Privilege.M) return false;
        int c = trap.code();
        boolean fetchFault = c == Cause.INSTRUCTION_ACCESS_FAULT || c == Cause.INSTRUCTION_PAGE_FAULT
                || c == Cause.INSTRUCTION_GUEST_PAGE_FAULT || c == Cause.INSTRUCTION_MISALIGNED;
        return !(fetchFault && trap.pc() == vectorBase(hart, toVs(hart, trap)));
    }

    /** Enters the supervisor's trap handler for {@code trap}; the caller checked {@link #canRedirect}. */
    static void redirect(Hart hart, Trap trap) {
        if (toVs(hart, trap)) enterVs(hart, trap);
        else enterHs(hart, trap);
    }

    private static boolean toVs(Hart hart, Trap trap) {
        return trap.fromVirt() && (hart.readCsr(CsrNames.HEDELEG) >>> trap.code() & 1) != 0;
    }

    private static long vectorBase(Hart hart, boolean vs) {
        return hart.readCsr(vs ? CsrNames.VSTVEC : CsrNames.STVEC) & ~3L;
    }

    private static void enterHs(Hart hart, Trap trap) {
        hart.writeCsr(CsrNames.SCAUSE, trap.cause());
        hart.writeCsr(CsrNames.SEPC, trap.pc());
        hart.writeCsr(CsrNames.STVAL, trap.tval());
        if (hart.hasHypervisorExtension()) {
            hart.writeCsr(CsrNames.HTVAL, trap.tval2());
            hart.writeCsr(CsrNames.HTINST, trap.tinst());
            long hs = hart.readCsr(CsrNames.HSTATUS) & ~(HSTATUS_SPV | HSTATUS_GVA);
            if (trap.fromVirt()) {
                hs |= HSTATUS_SPV;
                hs = (hs & ~HSTATUS_SPVP) | (trap.fromPriv() == Privilege.S ? HSTATUS_SPVP : 0);
            }
            if (trap.gva()) hs |= HSTATUS_GVA;
            hart.writeCsr(CsrNames.HSTATUS, hs);
        }
        hart.writeCsr(CsrNames.SSTATUS, pushed(hart.readCsr(CsrNames.SSTATUS), trap.fromPriv()));
        hart.setMode(Privilege.S, false);
        hart.setPc(vectorBase(hart, false));
    }

    private static void enterVs(Hart hart, Trap trap) {
        hart.writeCsr(CsrNames.VSCAUSE, trap.cause());
        hart.writeCsr(CsrNames.VSEPC, trap.pc());
        hart.writeCsr(CsrNames.VSTVAL, trap.tval());
        hart.writeCsr(CsrNames.VSSTATUS, pushed(hart.readCsr(CsrNames.VSSTATUS), trap.fromPriv()));
        hart.setMode(Privilege.S, true);
        hart.setPc(vectorBase(hart, true));
    }

    /** SPP := the privilege trapped from, SPIE := SIE, SIE := 0. */
    private static long pushed(long status, int fromPriv) {
        long s = status & ~(SPP | SPIE | SIE);
        if (fromPriv != Privilege.U) s |= SPP;
        if ((status & SIE) != 0) s |= SPIE;
        return s;
    }

    /** The one-line diagnostic printed before the firmware powers off on a trap it cannot handle. */
    static String diagnostic(Hart hart, Trap trap) {
        return String.format("virtlab-sbi: unexpected trap to M-mode on hart %d: %s at pc 0x%x (tval 0x%x) from %s-mode; powering off\n",
                hart.id(), Cause.name(trap.cause()), trap.pc(), trap.tval(),
                Privilege.name(trap.fromPriv(), trap.fromVirt()));
    }
}
