package org.virtlab.engine.cpu;

import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.Traps.bit;

/**
 * The CSR file: who may access which CSR, what reads return and which written bits stick
 * (WARL). With the H extension and V=1, supervisor CSR numbers are routed to their VS copies
 * ({@link #route}), which is how a guest kernel runs unmodified in VS-mode.
 *
 * <p>References: privileged spec, "Control and Status Registers (CSRs)", "Machine-Level CSRs",
 * "Supervisor-Level CSRs", "Hypervisor and Virtual Supervisor CSRs"; the Sstc and Zicntr
 * chapters. Unimplemented CSRs raise illegal instruction.
 */
final class Csrs {
    // mstatus / sstatus / vsstatus bits.
    static final long MSTATUS_SIE = 1L << 1, MSTATUS_MIE = 1L << 3, MSTATUS_SPIE = 1L << 5, MSTATUS_MPIE = 1L << 7;
    static final long MSTATUS_SPP = 1L << 8, MSTATUS_MPP = 3L << 11, MSTATUS_MPRV = 1L << 17, MSTATUS_SUM = 1L << 18;
    static final long MSTATUS_MXR = 1L << 19, MSTATUS_TVM = 1L << 20, MSTATUS_TW = 1L << 21, MSTATUS_TSR = 1L << 22;
    static final long MSTATUS_UXL = 2L << 32, MSTATUS_SXL = 2L << 34, MSTATUS_GVA = 1L << 38, MSTATUS_MPV = 1L << 39;
    private static final long MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | MSTATUS_SPIE | MSTATUS_MPIE | MSTATUS_SPP
            | MSTATUS_MPP | MSTATUS_MPRV | MSTATUS_SUM | MSTATUS_MXR | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR;
    private static final long SSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR;

    // hstatus bits.
    static final long HSTATUS_GVA = 1L << 6, HSTATUS_SPV = 1L << 7, HSTATUS_SPVP = 1L << 8, HSTATUS_HU = 1L << 9;
    static final long HSTATUS_VTVM = 1L << 20, HSTATUS_VTW = 1L << 21, HSTATUS_VTSR = 1L << 22;
    private static final long HSTATUS_VSXL = 2L << 32;
    private static final long HSTATUS_WRITABLE = HSTATUS_GVA | HSTATUS_SPV | HSTATUS_SPVP | HSTATUS_HU
            | HSTATUS_VTVM | HSTATUS_VTW | HSTATUS_VTSR;

    // Interrupt bits.
    private static final long SSIP = 1L << 1, VSSIP = 1L << 2, MSIP = 1L << 3, STIP = 1L << 5, VSTIP = 1L << 6;
    private static final long MTIP = 1L << 7, SEIP = 1L << 9, VSEIP = 1L << 10, MEIP = 1L << 11, SGEIP = 1L << 12;
    private static final long S_INTERRUPTS = SSIP | STIP | SEIP;
    private static final long VS_INTERRUPTS = VSSIP | VSTIP | VSEIP;
    private static final long H_INTERRUPTS = VS_INTERRUPTS | SGEIP;
    static final long HVIP_MASK = VS_INTERRUPTS;
    /** With the H extension, mideleg's VS and SGEI bits are read-only one. */
    static final long MIDELEG_FORCED_H = VS_INTERRUPTS | SGEIP;

    /** Exceptions medeleg can delegate: not ecall-from-M (11) nor reserved 14 (plus 10, 20-23 with H). */
    private static final long MEDELEG_MASK = 0xB3FFL & ~(1L << 10);
    private static final long MEDELEG_MASK_H = 0xB7FFL | (0xFL << 20);
    /** Exceptions hedeleg can pass on to VS: 0-8, 12, 13, 15 (spec: "Hypervisor Trap Delegation Registers"). */
    private static final long HEDELEG_MASK = 0x1FFL | (1L << 12) | (1L << 13) | (1L << 15);

    private static final long ENVCFG_FIOM = 1, ENVCFG_STCE = 1L << 63;

    private Csrs() {
    }

    static long misaValue(boolean h) {
        long ext = 0;
        for (char c : "ACIMSU".toCharArray()) ext |= 1L << (c - 'A');
        if (h) ext |= 1L << ('H' - 'A');
        return (2L << 62) | ext;
    }

    static boolean sstcEnabled(Hart h) {
        return (h.menvcfg & ENVCFG_STCE) != 0;
    }

    static boolean vsSstcEnabled(Hart h) {
        return (h.menvcfg & ENVCFG_STCE) != 0 && (h.henvcfg & ENVCFG_STCE) != 0;
    }

    // ---- the CSR instructions ----------------------------------------------------------------

    /** Executes CSRRW/CSRRS/CSRRC and their immediate forms. */
    static void execute(Hart h, Insn in) {
        int csr = (int) in.imm;
        int kind = (in.op - Op.CSRRW) % 3;                  // 0 = RW, 1 = RS, 2 = RC
        boolean immediate = in.op >= Op.CSRRWI;
        long source = immediate ? in.rs1 : h.x[in.rs1];
        boolean writes = kind == 0 || in.rs1 != 0;          // CSRRS/C with x0 or uimm 0 only read
        int fault = check(h, csr, writes);
        if (fault != 0) {
            h.raise(fault, in.raw & (in.length == 2 ? 0xFFFFL : 0xFFFF_FFFFL), h.pc);
            return;
        }
        int target = route(h, csr);
        long old = read(h, target);
        if (writes) {
            long base = target == MIP ? rmwMip(h, old) : old;
            long value = kind == 0 ? source : kind == 1 ? base | source : base & ~source;
            write(h, target, value);
        }
        h.x[in.rd] = old;
    }

    /**
     * The mip value CSRRS/CSRRC modify: as read, but with SEIP only the software-writable bit,
     * not its OR with the external interrupt line, which would otherwise latch into the
     * software bit (privileged spec, "Machine Interrupt Registers (mip and mie)").
     */
    private static long rmwMip(Hart h, long read) {
        return (read & ~SEIP) | (h.mipSoftware & SEIP);
    }

    /**
     * 0 if the current mode may access {@code csr} (writing it if {@code writes}), else the
     * exception: illegal instruction, or virtual instruction where HS-mode would have been allowed.
     */
    static int check(Hart h, int csr, boolean writes) {
        if (writes && (csr >>> 10) == 3) return Cause.ILLEGAL_INSTRUCTION;    // read-only CSR
        if (!exists(h, csr)) return Cause.ILLEGAL_INSTRUCTION;
        int p = h.priv;
        int level = (csr >>> 8) & 3;
        switch (level) {
            case 3:
                if (p != Privilege.M) return Cause.ILLEGAL_INSTRUCTION;
                break;
            case 2:                                   // hypervisor and VS CSRs
                if (h.virt) return Cause.VIRTUAL_INSTRUCTION;
                if (p < Privilege.S) return Cause.ILLEGAL_INSTRUCTION;
                if (csr == HGATP && p == Privilege.S && (h.mstatus & MSTATUS_TVM) != 0) return Cause.ILLEGAL_INSTRUCTION;
                if (csr == VSTIMECMP && p != Privilege.M && !timerCompareAllowed(h)) return Cause.ILLEGAL_INSTRUCTION;
                break;
            case 1:                                   // supervisor CSRs
                if (p < Privilege.S) return h.virt ? Cause.VIRTUAL_INSTRUCTION : Cause.ILLEGAL_INSTRUCTION;
                if (csr == SATP) {
                    if (!h.virt && p == Privilege.S && (h.mstatus & MSTATUS_TVM) != 0) return Cause.ILLEGAL_INSTRUCTION;
                    if (h.virt && (h.hstatus & HSTATUS_VTVM) != 0) return Cause.VIRTUAL_INSTRUCTION;
                }
                if (csr == STIMECMP) {
                    if (p != Privilege.M && !timerCompareAllowed(h)) return Cause.ILLEGAL_INSTRUCTION;
                    if (h.virt && (!bit(h.hcounteren, 1) || (h.henvcfg & ENVCFG_STCE) == 0)) return Cause.VIRTUAL_INSTRUCTION;
                }
                break;
            default:                                  // user CSRs: the counters
                if (csr >= CYCLE && csr <= 0xC1F) {
                    int b = csr - CYCLE;
                    if (p != Privilege.M && !bit(h.mcounteren, b)) return Cause.ILLEGAL_INSTRUCTION;
                    if (h.virt && !bit(h.hcounteren, b)) return Cause.VIRTUAL_INSTRUCTION;
                    if (p == Privilege.U && !bit(h.scounteren, b))
                        return h.virt ? Cause.VIRTUAL_INSTRUCTION : Cause.ILLEGAL_INSTRUCTION;
                }
                break;
        }
        return 0;
    }

    /** Sstc: below M-mode, stimecmp/vstimecmp need menvcfg.STCE and mcounteren.TM. */
    private static boolean timerCompareAllowed(Hart h) {
        return sstcEnabled(h) && bit(h.mcounteren, 1);
    }

    private static boolean exists(Hart h, int csr) {
        switch (csr) {
            case CYCLE: case TIME: case INSTRET:
            case SSTATUS: case SIE: case STVEC: case SCOUNTEREN: case SENVCFG: case SSCRATCH: case SEPC:
            case SCAUSE: case STVAL: case SIP: case STIMECMP: case SATP:
            case MVENDORID: case MARCHID: case MIMPID: case MHARTID: case MCONFIGPTR:
            case MSTATUS: case MISA: case MEDELEG: case MIDELEG: case MIE: case MTVEC: case MCOUNTEREN:
            case MENVCFG: case MCOUNTINHIBIT: case MSCRATCH: case MEPC: case MCAUSE: case MTVAL: case MIP:
            case MCYCLE: case MINSTRET:
                return true;
            case VSSTATUS: case VSIE: case VSTVEC: case VSSCRATCH: case VSEPC: case VSCAUSE: case VSTVAL:
            case VSIP: case VSTIMECMP: case VSATP:
            case HSTATUS: case HEDELEG: case HIDELEG: case HIE: case HTIMEDELTA: case HCOUNTEREN: case HGEIE:
            case HENVCFG: case HTVAL: case HIP: case HVIP: case HTINST: case HGATP: case HGEIP:
            case MTINST: case MTVAL2:
                return h.hasH;
            default:
                if (csr >= PMPCFG0 && csr < PMPCFG0 + 16) return (csr & 1) == 0;   // RV64: even pmpcfg only
                if (csr >= PMPADDR0 && csr < PMPADDR0 + 64) return true;
                if (csr >= 0xC03 && csr <= 0xC1F) return true;     // hpmcounter3..31: read as zero
                if (csr >= 0xB03 && csr <= 0xB1F) return true;     // mhpmcounter3..31
                return csr >= 0x323 && csr <= 0x33F;               // mhpmevent3..31
        }
    }

    /** With V=1, supervisor CSRs mean their VS copies. */
    static int route(Hart h, int csr) {
        if (!h.virt) return csr;
        switch (csr) {
            case SSTATUS: return VSSTATUS;
            case SIE: return VSIE;
            case STVEC: return VSTVEC;
            case SSCRATCH: return VSSCRATCH;
            case SEPC: return VSEPC;
            case SCAUSE: return VSCAUSE;
            case STVAL: return VSTVAL;
            case SIP: return VSIP;
            case SATP: return VSATP;
            case STIMECMP: return VSTIMECMP;
            default: return csr;
        }
    }

    /** Debugger read: no checks, no routing; 0 for CSRs that do not exist. */
    static long peek(Hart h, int csr) {
        return exists(h, csr) ? read(h, csr) : 0;
    }

    /** Firmware/test write as M-mode would, without checks or routing; ignored if the CSR does not exist. */
    static void poke(Hart h, int csr, long value) {
        if (exists(h, csr)) write(h, csr, value);
    }

    // ---- reads -----------------------------------------------------------------------------------

    private static long counter(Hart h, long offset) {
        // The CSR instruction itself has not retired yet when it reads the counter.
        return h.retiredBefore + h.sliceCount + offset;
    }

    static long read(Hart h, int csr) {
        switch (csr) {
            case CYCLE: case MCYCLE: return counter(h, h.cycleOffset);
            case INSTRET: case MINSTRET: return counter(h, h.instretOffset);
            case TIME: return h.time() + (h.virt ? h.htimedelta : 0);

            case MSTATUS: return h.mstatus | MSTATUS_UXL | MSTATUS_SXL;
            case SSTATUS: return (h.mstatus & SSTATUS_WRITABLE) | MSTATUS_UXL;
            case VSSTATUS: return (h.vsstatus & SSTATUS_WRITABLE) | MSTATUS_UXL;
            case MISA: return h.misa;
            case MEDELEG: return h.medeleg;
            case MIDELEG: return h.mideleg;
            case MIE: return h.mie;
            case MIP: return h.mip();
            case SIE: return h.mie & h.mideleg & S_INTERRUPTS;
            case SIP: return h.mip() & h.mideleg & S_INTERRUPTS;
            case HIE: return h.mie & H_INTERRUPTS;
            case HIP: return h.mip() & H_INTERRUPTS;
            case HVIP: return h.hvip;
            case VSIE: return (h.mie & h.hideleg & VS_INTERRUPTS) >>> 1;
            case VSIP: return (h.mip() & h.hideleg & VS_INTERRUPTS) >>> 1;
            case MTVEC: return h.mtvec;
            case STVEC: return h.stvec;
            case VSTVEC: return h.vstvec;
            case MEPC: return h.mepc;
            case SEPC: return h.sepc;
            case VSEPC: return h.vsepc;
            case MCAUSE: return h.mcause;
            case SCAUSE: return h.scause;
            case VSCAUSE: return h.vscause;
            case MTVAL: return h.mtval;
            case STVAL: return h.stval;
            case VSTVAL: return h.vstval;
            case MSCRATCH: return h.mscratch;
            case SSCRATCH: return h.sscratch;
            case VSSCRATCH: return h.vsscratch;
            case MCOUNTEREN: return h.mcounteren & 0xFFFF_FFFFL;
            case SCOUNTEREN: return h.scounteren & 0xFFFF_FFFFL;
            case HCOUNTEREN: return h.hcounteren & 0xFFFF_FFFFL;
            case MENVCFG: return h.menvcfg;
            case SENVCFG: return h.senvcfg;
            case HENVCFG: return h.henvcfg & (sstcEnabled(h) ? -1L : ~ENVCFG_STCE);
            case STIMECMP: return h.stimecmp;
            case VSTIMECMP: return h.vstimecmp;
            case SATP: return h.mmu.satp();
            case VSATP: return h.mmu.vsatp();
            case HGATP: return h.mmu.hgatp();
            case HSTATUS: return h.hstatus | HSTATUS_VSXL;
            case HEDELEG: return h.hedeleg;
            case HIDELEG: return h.hideleg;
            case HTIMEDELTA: return h.htimedelta;
            case HTVAL: return h.htval;
            case HTINST: return h.htinst;
            case MTVAL2: return h.mtval2;
            case MTINST: return h.mtinst;
            case MHARTID: return h.id;
            default:
                if (csr >= PMPCFG0 && csr < PMPCFG0 + 4) return h.pmp.readCfg(csr - PMPCFG0);
                if (csr >= PMPADDR0 && csr < PMPADDR0 + 16) return h.pmp.readAddr(csr - PMPADDR0);
                return 0;   // mvendorid, marchid, mimpid, mconfigptr, hgeie, hgeip, hpm counters
        }
    }

    // ---- writes ----------------------------------------------------------------------------------

    static void write(Hart h, int csr, long v) {
        switch (csr) {
            // The write replaces the increment: once this instruction retires the counter reads v.
            case MCYCLE: h.cycleOffset = v - (h.retiredBefore + h.sliceCount + 1); break;
            case MINSTRET: h.instretOffset = v - (h.retiredBefore + h.sliceCount + 1); break;

            case MSTATUS: {
                long mask = MSTATUS_WRITABLE | (h.hasH ? MSTATUS_MPV | MSTATUS_GVA : 0);
                long nv = (h.mstatus & ~mask) | (v & mask);
                if (((nv >>> 11) & 3) == 2) nv = (nv & ~MSTATUS_MPP) | (h.mstatus & MSTATUS_MPP);  // MPP=2 is not a mode
                h.mstatus = nv;
                h.modeChanged();
                break;
            }
            case SSTATUS:
                h.mstatus = (h.mstatus & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE);
                h.modeChanged();
                break;
            case VSSTATUS:
                h.vsstatus = (h.vsstatus & ~SSTATUS_WRITABLE) | (v & SSTATUS_WRITABLE);
                h.modeChanged();
                break;
            case MISA: break;          // the extensions are fixed by the machine's configuration
            case MEDELEG: h.medeleg = v & (h.hasH ? MEDELEG_MASK_H : MEDELEG_MASK); break;
            case MIDELEG: h.mideleg = (v & S_INTERRUPTS) | (h.hasH ? MIDELEG_FORCED_H : 0); break;
            case MIE: h.mie = v & (SSIP | MSIP | STIP | MTIP | SEIP | MEIP | (h.hasH ? H_INTERRUPTS : 0)); break;
            case MIP: {
                long writable = SSIP | SEIP | (sstcEnabled(h) ? 0 : STIP);
                h.mipSoftware = (h.mipSoftware & ~writable) | (v & writable);
                if (h.hasH) h.hvip = (h.hvip & ~VSSIP) | (v & VSSIP);
                break;
            }
            case SIE: {
                long m = h.mideleg & S_INTERRUPTS;
                h.mie = (h.mie & ~m) | (v & m);
                break;
            }
            case SIP: {
                long m = h.mideleg & SSIP;
                h.mipSoftware = (h.mipSoftware & ~m) | (v & m);
                break;
            }
            case HIE: h.mie = (h.mie & ~H_INTERRUPTS) | (v & H_INTERRUPTS); break;
            case HIP: h.hvip = (h.hvip & ~VSSIP) | (v & VSSIP); break;
            case HVIP: h.hvip = v & HVIP_MASK; break;
            case VSIE: {
                long m = h.hideleg & VS_INTERRUPTS;
                h.mie = (h.mie & ~m) | ((v << 1) & m);
                break;
            }
            case VSIP: {
                long m = h.hideleg & VSSIP;
                h.hvip = (h.hvip & ~m) | ((v << 1) & m);
                break;
            }
            case MTVEC: h.mtvec = tvec(h.mtvec, v); break;
            case STVEC: h.stvec = tvec(h.stvec, v); break;
            case VSTVEC: h.vstvec = tvec(h.vstvec, v); break;
            case MEPC: h.mepc = v & ~1L; break;
            case SEPC: h.sepc = v & ~1L; break;
            case VSEPC: h.vsepc = v & ~1L; break;
            case MCAUSE: h.mcause = v; break;
            case SCAUSE: h.scause = v; break;
            case VSCAUSE: h.vscause = v; break;
            case MTVAL: h.mtval = v; break;
            case STVAL: h.stval = v; break;
            case VSTVAL: h.vstval = v; break;
            case MSCRATCH: h.mscratch = v; break;
            case SSCRATCH: h.sscratch = v; break;
            case VSSCRATCH: h.vsscratch = v; break;
            case MCOUNTEREN: h.mcounteren = (int) v; break;
            case SCOUNTEREN: h.scounteren = (int) v; break;
            case HCOUNTEREN: h.hcounteren = (int) v; break;
            case MENVCFG: h.menvcfg = v & (ENVCFG_FIOM | ENVCFG_STCE); h.timersChanged(); break;
            case SENVCFG: h.senvcfg = v & ENVCFG_FIOM; break;
            case HENVCFG: h.henvcfg = v & (ENVCFG_FIOM | ENVCFG_STCE); h.timersChanged(); break;
            case STIMECMP: h.stimecmp = v; h.timersChanged(); break;
            case VSTIMECMP: h.vstimecmp = v; h.timersChanged(); break;
            case SATP:
                if (h.mmu.writeSatp(v, false)) h.flushHostTlbs(-1);
                break;
            case VSATP:
                if (h.mmu.writeSatp(v, true)) h.flushGuestTlbs(-1);
                break;
            case HGATP:
                if (h.mmu.writeHgatp(v)) h.flushGuestTlbs(-1);
                break;
            case HSTATUS: h.hstatus = v & HSTATUS_WRITABLE; break;
            case HEDELEG: h.hedeleg = v & HEDELEG_MASK; break;
            case HIDELEG: h.hideleg = v & VS_INTERRUPTS; break;
            case HTIMEDELTA: h.htimedelta = v; h.timersChanged(); break;
            case HTVAL: h.htval = v; break;
            case HTINST: h.htinst = v; break;
            case MTVAL2: h.mtval2 = v; break;
            case MTINST: h.mtinst = v; break;
            default:
                if (csr >= PMPCFG0 && csr < PMPCFG0 + 4) {
                    h.pmp.writeCfg(csr - PMPCFG0, v);
                    h.flushAllTlbs();
                } else if (csr >= PMPADDR0 && csr < PMPADDR0 + 16) {
                    h.pmp.writeAddr(csr - PMPADDR0, v);
                    h.flushAllTlbs();
                }
                break;                 // everything else is read-only zero
        }
    }

    /** xtvec: MODE 0 (direct) or 1 (vectored); the reserved modes 2 and 3 leave the old mode. */
    private static long tvec(long old, long v) {
        if ((v & 3) >= 2) v = (v & ~3L) | (old & 3);
        return v;
    }
}
