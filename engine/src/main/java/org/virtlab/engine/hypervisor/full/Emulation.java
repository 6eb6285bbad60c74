package org.virtlab.engine.hypervisor.full;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Privilege;

/**
 * What {@link PrivilegedEmulator#emulate} did with one trapped instruction, and what the
 * hypervisor must do next: continue the guest at {@link #nextPc()}, and re-select the shadow
 * page table, flush shadows, re-arm its timer, look for an injectable interrupt or block the
 * vCPU as the flags say. Read-only once returned. {@link #description()} formats a one-line
 * trace entry only when asked, so an emulation costs no string work when tracing is off.
 */
public final class Emulation {
    /** The instruction that was emulated, or ILLEGAL when it was reflected to the guest as a virtual illegal-instruction trap. */
    public enum Kind { CSR, MRET, SRET, WFI, SFENCE_VMA, ILLEGAL }

    Kind kind;
    long nextPc;
    long insnBits;
    int fromPriv;
    int toPriv;
    boolean contextChanged;
    boolean mxrChanged;
    boolean satpWritten;
    long sfenceVa;
    long sfenceAsid;
    boolean sfenceAllAddresses;
    boolean sfenceAllAsids;
    boolean waits;
    boolean timerChanged;
    boolean interruptStateChanged;
    int csr = -1;
    String csrMnemonic;
    boolean csrRead;
    boolean csrWritten;
    long csrOld;
    long csrNew;

    Emulation() {
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Where the guest continues: pc + 4 after CSR, WFI and SFENCE.VMA; mepc/sepc after
     * MRET/SRET; the guest's trap handler when the instruction was reflected (ILLEGAL).
     */
    public long nextPc() {
        return nextPc;
    }

    /** Whether the instruction completed (everything but ILLEGAL): count it as retired. */
    public boolean retired() {
        return kind != Kind.ILLEGAL;
    }

    /** The virtual privilege before the instruction. */
    public int fromPriv() {
        return fromPriv;
    }

    /** The virtual privilege after it (changed by xRET, or by the trap entry of ILLEGAL). */
    public int toPriv() {
        return toPriv;
    }

    /**
     * Something that selects the shadow page table changed: the virtual privilege, satp's
     * value, sstatus.SUM, mstatus.MXR, mstatus.MPRV, or MPP while MPRV = 1. Re-select with
     * {@link VirtualTraps#shadowContext}.
     */
    public boolean contextChanged() {
        return contextChanged;
    }

    /** mstatus.MXR changed: shadow entries built under the old MXR are no longer right. */
    public boolean mxrChanged() {
        return mxrChanged;
    }

    /** satp was written (even with its old value, or with an unsupported mode that was ignored). */
    public boolean satpWritten() {
        return satpWritten;
    }

    /** SFENCE.VMA: the virtual address in rs1 (0 when {@link #sfenceAllAddresses()}). */
    public long sfenceVa() {
        return sfenceVa;
    }

    /** SFENCE.VMA: the ASID in rs2, its low 16 bits (0 when {@link #sfenceAllAsids()}). */
    public long sfenceAsid() {
        return sfenceAsid;
    }

    /** SFENCE.VMA with rs1 = x0: every virtual address. */
    public boolean sfenceAllAddresses() {
        return sfenceAllAddresses;
    }

    /** SFENCE.VMA with rs2 = x0: every address space (and global mappings). */
    public boolean sfenceAllAsids() {
        return sfenceAllAsids;
    }

    /** WFI and no interrupt would wake the hart now: block the vCPU until {@link VirtualTraps#wakes}. */
    public boolean waits() {
        return waits;
    }

    /** stimecmp written, or menvcfg.STCE, mie.STIE/MTIE or the software mip.STIP changed: recompute the physical timer. */
    public boolean timerChanged() {
        return timerChanged;
    }

    /**
     * The state that decides interrupt delivery changed (virtual privilege, mstatus.MIE/SIE,
     * mie, the software mip bits, mideleg, or a timer setting): check
     * {@link VirtualTraps#pendingInterrupt}.
     */
    public boolean interruptStateChanged() {
        return interruptStateChanged;
    }

    /** The CSR number a CSR instruction named (also when it was refused), or -1. */
    public int csr() {
        return csr;
    }

    /** The instruction bits as handed to the emulator. */
    public long insnBits() {
        return insnBits;
    }

    /** A one-line description for the event trace, e.g. "csrrw sstatus <- 0x22 (was 0x0)". */
    public String description() {
        switch (kind) {
            case CSR:
                if (!csrWritten) return String.format("%s %s -> 0x%x", csrMnemonic, CsrNames.name(csr), csrOld);
                if (!csrRead) return String.format("%s %s <- 0x%x", csrMnemonic, CsrNames.name(csr), csrNew);
                return String.format("%s %s <- 0x%x (was 0x%x)", csrMnemonic, CsrNames.name(csr), csrNew, csrOld);
            case MRET:
            case SRET:
                return String.format("%s -> %s at 0x%x", kind == Kind.MRET ? "mret" : "sret", mode(toPriv), nextPc);
            case WFI:
                return waits ? "wfi: waits for an interrupt" : "wfi: an interrupt is pending, continues";
            case SFENCE_VMA:
                return "sfence.vma va=" + (sfenceAllAddresses ? "all" : String.format("0x%x", sfenceVa))
                        + " asid=" + (sfenceAllAsids ? "all" : String.format("0x%x", sfenceAsid));
            default:
                return String.format("illegal instruction 0x%08x in %s%s -> trap to %s at 0x%x", insnBits,
                        mode(fromPriv), csr >= 0 ? " (" + CsrNames.name(csr) + ")" : "", mode(toPriv), nextPc);
        }
    }

    private static String mode(int priv) {
        return Privilege.name(priv, false);
    }

    @Override
    public String toString() {
        return description();
    }
}
