package org.virtlab.engine.hypervisor.full;

import static org.virtlab.engine.hypervisor.full.VirtualCsrs.*;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;

/**
 * Trap-and-emulate for a full-virtualization guest: the guest kernel runs in physical U-mode,
 * so each privileged instruction it executes traps as an illegal instruction, and the
 * hypervisor hands the instruction bits here to be carried out against the vCPU's
 * {@link VirtualHart} (shared/DESIGN.md section 3, "full").
 *
 * <p>Emulated: the six Zicsr instructions (CSRRW, CSRRS, CSRRC and their immediate forms),
 * MRET, SRET, WFI and SFENCE.VMA, each checked against the VIRTUAL privilege exactly as the
 * hardware checks the real one (privileged spec, "CSR Address Mapping Conventions",
 * "Virtualization Support in mstatus Register" for TVM, TW and TSR, "Trap-Return
 * Instructions", "Wait for Interrupt", "Supervisor Memory-Management Fence Instruction";
 * Zicsr chapter for which forms read and write). Anything the virtual hart may not execute,
 * and anything that is not one of these instructions (H-extension instructions, other SYSTEM
 * encodings, other opcodes, compressed parcels), is reflected to the guest as a virtual
 * illegal-instruction exception with tval = the instruction bits.
 *
 * <p>This class only changes the virtual hart and, for a CSR read, the destination register;
 * the caller applies the result (pc, shadow tables, timer, interrupt injection, blocking).
 */
public final class PrivilegedEmulator {
    private static final int OPCODE_SYSTEM = 0x73;
    private static final long MRET = 0x3020_0073L, SRET = 0x1020_0073L, WFI = 0x1050_0073L;
    private static final int FUNCT7_SFENCE_VMA = 0x09;
    private static final int FUNCT3_PRIVILEGED = 0, FUNCT3_HYPERVISOR_LOAD_STORE = 4;
    private static final int CSR_RW = 1, CSR_RS = 2, CSR_RC = 3;
    private static final String[] CSR_MNEMONICS = {"", "csrrw", "csrrs", "csrrc", "", "csrrwi", "csrrsi", "csrrci"};

    private PrivilegedEmulator() {
    }

    /**
     * Emulates the instruction {@code insnBits} that trapped at {@code pc}, with the guest's
     * general registers in {@code regs} (read with x(i), written with setX(i, value)).
     */
    public static Emulation emulate(VirtualHart v, Hart regs, long pc, long insnBits) {
        Emulation e = new Emulation();
        e.insnBits = insnBits;
        e.fromPriv = v.priv;
        long mstatusBefore = v.mstatus, mieBefore = v.mie, mipBefore = v.mipSoftware;
        long midelegBefore = v.mideleg, satpBefore = v.satp, menvcfgBefore = v.menvcfg;

        if (!execute(v, regs, pc, insnBits, e)) {
            e.kind = Emulation.Kind.ILLEGAL;
            e.nextPc = VirtualTraps.enterTrap(v, Cause.ILLEGAL_INSTRUCTION, insnBits, pc);
        }
        e.toPriv = v.priv;

        long statusChange = mstatusBefore ^ v.mstatus;
        boolean privChanged = e.fromPriv != e.toPriv;
        e.mxrChanged = (statusChange & MXR) != 0;
        e.contextChanged = privChanged || satpBefore != v.satp || (statusChange & (SUM | MXR | MPRV)) != 0
                || ((v.mstatus & MPRV) != 0 && (statusChange & MPP) != 0);
        e.timerChanged |= ((menvcfgBefore ^ v.menvcfg) & ENVCFG_STCE) != 0
                || ((mieBefore ^ v.mie) & (STIP | MTIP)) != 0 || ((mipBefore ^ v.mipSoftware) & STIP) != 0;
        e.interruptStateChanged = privChanged || (statusChange & (MSTATUS_MIE | MSTATUS_SIE)) != 0 || mieBefore != v.mie
                || mipBefore != v.mipSoftware || midelegBefore != v.mideleg || e.timerChanged;
        return e;
    }

    /** Carries out the instruction; false if it must be reflected as an illegal instruction. */
    private static boolean execute(VirtualHart v, Hart regs, long pc, long bits, Emulation e) {
        if ((bits & 3) != 3 || (bits >>> 32) != 0) return false;     // not a 32-bit instruction
        int insn = (int) bits;
        if (opcode(insn) != OPCODE_SYSTEM) return false;
        int f3 = funct3(insn);
        if (f3 == FUNCT3_PRIVILEGED) {
            if (bits == MRET) return mret(v, e);
            if (bits == SRET) return sret(v, e);
            if (bits == WFI) return wfi(v, pc, e);
            if (funct7(insn) == FUNCT7_SFENCE_VMA && rd(insn) == 0) return sfenceVma(v, regs, pc, insn, e);
            return false;                                            // ecall, ebreak, hfence, ...
        }
        if (f3 == FUNCT3_HYPERVISOR_LOAD_STORE) return false;       // HLV/HSV: no H extension
        return csrInstruction(v, regs, pc, insn, e);
    }

    // ---- Zicsr ---------------------------------------------------------------------------------

    /**
     * CSRRW/CSRRS/CSRRC and the immediate forms. CSRRW with rd = x0 does not read the CSR;
     * CSRRS/CSRRC with rs1 = x0 (or uimm = 0) do not write it, so they may read a read-only
     * CSR (Zicsr, "CSR Instructions").
     */
    private static boolean csrInstruction(VirtualHart v, Hart regs, long pc, int insn, Emulation e) {
        int csr = csrField(insn);
        int f3 = funct3(insn);
        int op = f3 & 3;
        int rd = rd(insn), rs1 = rs1(insn);
        e.csr = csr;
        long source = f3 >= 5 ? rs1 : regs.x(rs1);            // uimm, or the register (read before rd is written)
        boolean writes = op == CSR_RW || rs1 != 0;
        boolean reads = op != CSR_RW || rd != 0;
        if (!VirtualCsrs.allowed(v, csr, writes)) return false;
        long old = reads ? VirtualCsrs.read(v, csr) : 0;
        if (writes) {
            long base = op == CSR_RW ? 0 : VirtualCsrs.readForModify(v, csr);
            long value = op == CSR_RW ? source : op == CSR_RS ? base | source : base & ~source;
            VirtualCsrs.write(v, csr, value);
            e.csrNew = VirtualCsrs.read(v, csr);
            e.satpWritten = csr == CsrNames.SATP;
            e.timerChanged = csr == CsrNames.STIMECMP;
        }
        if (reads) regs.setX(rd, old);
        e.kind = Emulation.Kind.CSR;
        e.nextPc = pc + 4;
        e.csrMnemonic = CSR_MNEMONICS[f3];
        e.csrRead = reads;
        e.csrWritten = writes;
        e.csrOld = old;
        return true;
    }

    // ---- trap return ---------------------------------------------------------------------------

    /** MRET (M-mode only): privilege := MPP, MIE := MPIE, MPIE := 1, MPP := U; MPRV := 0 unless back to M. */
    private static boolean mret(VirtualHart v, Emulation e) {
        if (v.priv != Privilege.M) return false;
        long s = v.mstatus;
        int to = (int) ((s & MPP) >>> MPP_SHIFT);
        s = (s & ~MSTATUS_MIE) | ((s & MPIE) != 0 ? MSTATUS_MIE : 0);
        s = (s | MPIE) & ~MPP;
        if (to != Privilege.M) s &= ~MPRV;
        v.mstatus = s;
        v.priv = to;
        e.kind = Emulation.Kind.MRET;
        e.nextPc = v.mepc;
        return true;
    }

    /** SRET (S and M; not in S when TSR = 1): privilege := SPP, SIE := SPIE, SPIE := 1, SPP := U, MPRV := 0. */
    private static boolean sret(VirtualHart v, Emulation e) {
        if (v.priv == Privilege.U || (v.priv == Privilege.S && (v.mstatus & TSR) != 0)) return false;
        long s = v.mstatus;
        int to = (s & SPP) != 0 ? Privilege.S : Privilege.U;
        s = (s & ~MSTATUS_SIE) | ((s & SPIE) != 0 ? MSTATUS_SIE : 0);
        s = (s | SPIE) & ~(SPP | MPRV);
        v.mstatus = s;
        v.priv = to;
        e.kind = Emulation.Kind.SRET;
        e.nextPc = v.sepc;
        return true;
    }

    // ---- WFI and SFENCE.VMA --------------------------------------------------------------------

    /**
     * WFI: illegal in U-mode (S-mode exists) and, with mstatus.TW = 1, in S-mode too (the real
     * hart traps at once rather than after a time limit, and so does this). Otherwise it
     * completes; it waits if no interrupt would wake the hart now.
     */
    private static boolean wfi(VirtualHart v, long pc, Emulation e) {
        if (v.priv == Privilege.U || (v.priv == Privilege.S && (v.mstatus & TW) != 0)) return false;
        e.kind = Emulation.Kind.WFI;
        e.waits = !VirtualTraps.wakes(v);
        e.nextPc = pc + 4;
        return true;
    }

    /** SFENCE.VMA: illegal in U-mode, and in S-mode with mstatus.TVM = 1. */
    private static boolean sfenceVma(VirtualHart v, Hart regs, long pc, int insn, Emulation e) {
        if (v.priv == Privilege.U || (v.priv == Privilege.S && (v.mstatus & TVM) != 0)) return false;
        int rs1 = rs1(insn), rs2 = rs2(insn);
        e.kind = Emulation.Kind.SFENCE_VMA;
        e.sfenceAllAddresses = rs1 == 0;
        e.sfenceAllAsids = rs2 == 0;
        e.sfenceVa = regs.x(rs1);
        e.sfenceAsid = regs.x(rs2) & 0xFFFF;                // ASIDLEN = 16, as in satp
        e.nextPc = pc + 4;
        return true;
    }

    // ---- instruction fields (unprivileged spec, "Base Instruction Formats") --------------------

    private static int opcode(int insn) {
        return insn & 0x7F;
    }

    private static int rd(int insn) {
        return (insn >>> 7) & 31;
    }

    private static int funct3(int insn) {
        return (insn >>> 12) & 7;
    }

    private static int rs1(int insn) {
        return (insn >>> 15) & 31;
    }

    private static int rs2(int insn) {
        return (insn >>> 20) & 31;
    }

    private static int funct7(int insn) {
        return insn >>> 25;
    }

    private static int csrField(int insn) {
        return insn >>> 20;
    }
}
