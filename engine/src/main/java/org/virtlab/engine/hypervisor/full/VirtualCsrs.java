package org.virtlab.engine.hypervisor.full;

import static org.virtlab.engine.cpu.CsrNames.*;

import org.virtlab.engine.cpu.Privilege;

/**
 * The CSR rules of a virtual hart: which CSRs exist, who may access them, what reads return and
 * which written bits stick (WARL). The same rules the physical hart applies to itself
 * (cpu/Csrs), restated for a hart with RV64 I M A C, S and U, Zicntr, Sstc and no H, F or D.
 *
 * <p>References: privileged spec, "CSR Field Specifications" (WARL), "Machine-Level CSRs"
 * (mstatus, misa, medeleg/mideleg, mip/mie, mtvec, mcounteren, menvcfg, PMP), "Supervisor-Level
 * CSRs" (sstatus, sie/sip as restricted views, satp); the Sstc chapter (stimecmp); the Zicntr
 * chapter (cycle, time, instret).
 */
final class VirtualCsrs {
    // mstatus bits (privileged spec, "Machine Status Registers").
    static final long MSTATUS_SIE = 1L << 1, MSTATUS_MIE = 1L << 3, SPIE = 1L << 5, MPIE = 1L << 7, SPP = 1L << 8;
    static final long MPP = 3L << 11, MPRV = 1L << 17, SUM = 1L << 18, MXR = 1L << 19;
    static final long TVM = 1L << 20, TW = 1L << 21, TSR = 1L << 22;
    static final int MPP_SHIFT = 11;
    /** UXL = SXL = 2 (64-bit), read-only: the virtual hart is RV64 only. */
    static final long UXL_64 = 2L << 32, SXL_64 = 2L << 34;
    /** FS, XS and SD read zero: there is no F, D or custom state. MBE/SBE/UBE read zero: little-endian. */
    static final long MSTATUS_WRITABLE = MSTATUS_SIE | MSTATUS_MIE | SPIE | MPIE | SPP | MPP | MPRV | SUM | MXR | TVM | TW | TSR;
    static final long SSTATUS_VISIBLE = MSTATUS_SIE | SPIE | SPP | SUM | MXR;

    // Interrupt bits of mip/mie, numbered as the cause codes.
    static final long SSIP = 1L << 1, MSIP = 1L << 3, STIP = 1L << 5, MTIP = 1L << 7, SEIP = 1L << 9, MEIP = 1L << 11;
    static final long S_INTERRUPTS = SSIP | STIP | SEIP;
    static final long ALL_INTERRUPTS = S_INTERRUPTS | MSIP | MTIP | MEIP;
    /** The bits interrupt lines (devices) drive. */
    static final long LINE_BITS = MSIP | MTIP | SEIP | MEIP;

    /** Exceptions medeleg can delegate: 0-9, 12, 13, 15. Not ecall from M (11, read-only zero). */
    static final long MEDELEG_WRITABLE = 0x3FFL | (1L << 12) | (1L << 13) | (1L << 15);

    static final long ENVCFG_FIOM = 1, ENVCFG_STCE = 1L << 63;

    /** misa: MXL = 2 (RV64), extensions A C I M S U. */
    static final long MISA_VALUE = (2L << 62) | ext('A') | ext('C') | ext('I') | ext('M') | ext('S') | ext('U');

    static final int SATP_MODE_BARE = 0, SATP_MODE_SV39 = 8;
    /** satp: MODE (4 bits), ASID (16 bits), PPN (44 bits). */
    private static final long SATP_FIELDS = (0xFL << 60) | (0xFFFFL << 44) | ((1L << 44) - 1);

    /** hpmcounter3..31 and their machine copies exist and read as zero, as on the physical hart. */
    private static final int HPMCOUNTER3 = 0xC03, HPMCOUNTER31 = 0xC1F;
    private static final int MHPMCOUNTER3 = 0xB03, MHPMCOUNTER31 = 0xB1F;
    private static final int MHPMEVENT3 = 0x323, MHPMEVENT31 = 0x33F;

    private VirtualCsrs() {
    }

    private static long ext(char c) {
        return 1L << (c - 'A');
    }

    // ---- access checks -------------------------------------------------------------------------

    /**
     * Whether the virtual hart, at its current virtual privilege, may access {@code csr}
     * (writing it if {@code writes}). Privileged spec, "CSR Address Mapping Conventions":
     * csr[11:10] = 3 is read-only, csr[9:8] is the lowest privilege that may access it.
     */
    static boolean allowed(VirtualHart v, int csr, boolean writes) {
        if (writes && (csr >>> 10) == 3) return false;
        if (!exists(csr)) return false;
        int p = v.priv;
        if (p < ((csr >>> 8) & 3)) return false;
        if (csr == SATP && p == Privilege.S && (v.mstatus & TVM) != 0) return false;
        // Sstc: below M-mode, stimecmp needs menvcfg.STCE and mcounteren.TM.
        if (csr == STIMECMP && p != Privilege.M && !(sstc(v) && bit(v.mcounteren, 1))) return false;
        if (csr >= CYCLE && csr <= HPMCOUNTER31) {
            // Zicntr/Zihpm: "Counter-Enable Registers" gate each counter for the modes below.
            int b = csr - CYCLE;
            if (p != Privilege.M && !bit(v.mcounteren, b)) return false;
            if (p == Privilege.U && !bit(v.scounteren, b)) return false;
        }
        return true;
    }

    static boolean exists(int csr) {
        switch (csr) {
            case CYCLE: case TIME: case INSTRET:
            case SSTATUS: case SIE: case STVEC: case SCOUNTEREN: case SENVCFG: case SSCRATCH: case SEPC:
            case SCAUSE: case STVAL: case SIP: case STIMECMP: case SATP:
            case MVENDORID: case MARCHID: case MIMPID: case MHARTID: case MCONFIGPTR:
            case MSTATUS: case MISA: case MEDELEG: case MIDELEG: case MIE: case MTVEC: case MCOUNTEREN:
            case MENVCFG: case MCOUNTINHIBIT: case MSCRATCH: case MEPC: case MCAUSE: case MTVAL: case MIP:
            case MCYCLE: case MINSTRET:
                return true;
            default:
                if (csr >= PMPCFG0 && csr < PMPCFG0 + 16) return (csr & 1) == 0;   // RV64: even pmpcfg only
                if (csr >= PMPADDR0 && csr < PMPADDR0 + 64) return true;
                if (csr >= HPMCOUNTER3 && csr <= HPMCOUNTER31) return true;
                if (csr >= MHPMCOUNTER3 && csr <= MHPMCOUNTER31) return true;
                return csr >= MHPMEVENT3 && csr <= MHPMEVENT31;
        }
    }

    static boolean sstc(VirtualHart v) {
        return (v.menvcfg & ENVCFG_STCE) != 0;
    }

    // ---- reads ---------------------------------------------------------------------------------

    /** The value a CSR instruction reads; 0 for CSRs that do not exist. */
    static long read(VirtualHart v, int csr) {
        switch (csr) {
            case CYCLE: case MCYCLE: return v.instret.getAsLong() + v.cycleOffset;
            case INSTRET: case MINSTRET: return v.instret.getAsLong() + v.instretOffset;
            case TIME: return v.time.getAsLong();
            case MSTATUS: return v.mstatus | UXL_64 | SXL_64;
            case SSTATUS: return (v.mstatus & SSTATUS_VISIBLE) | UXL_64;
            case MISA: return MISA_VALUE;
            case MEDELEG: return v.medeleg;
            case MIDELEG: return v.mideleg;
            case MIE: return v.mie;
            case MIP: return v.mip();
            // sie/sip: only the delegated supervisor bits are visible ("Supervisor Interrupt Registers").
            case SIE: return v.mie & v.mideleg & S_INTERRUPTS;
            case SIP: return v.mip() & v.mideleg & S_INTERRUPTS;
            case MTVEC: return v.mtvec;
            case STVEC: return v.stvec;
            case MEPC: return v.mepc;
            case SEPC: return v.sepc;
            case MCAUSE: return v.mcause;
            case SCAUSE: return v.scause;
            case MTVAL: return v.mtval;
            case STVAL: return v.stval;
            case MSCRATCH: return v.mscratch;
            case SSCRATCH: return v.sscratch;
            case MCOUNTEREN: return v.mcounteren;
            case SCOUNTEREN: return v.scounteren;
            case MENVCFG: return v.menvcfg;
            case SENVCFG: return v.senvcfg;
            case STIMECMP: return v.stimecmp;
            case SATP: return v.satp;
            case MHARTID: return v.hartId;
            default:
                if (csr == PMPCFG0 || csr == PMPCFG0 + 2) return v.pmp.readCfg((csr - PMPCFG0) / 2);
                if (csr >= PMPADDR0 && csr < PMPADDR0 + VirtualPmp.ENTRIES) return v.pmp.readAddr(csr - PMPADDR0);
                // mvendorid, marchid, mimpid, mconfigptr, mcountinhibit, hpm counters and events,
                // pmpcfg4..14 and pmpaddr16..63 (no such entries): read-only zero.
                return 0;
        }
    }

    /**
     * The value CSRRS/CSRRC modify. For mip this is the read value except that SEIP is only
     * the software-writable bit: privileged spec, "Machine Interrupt Registers": "Only the
     * software-writable SEIP bit participates in the read-modify-write sequence of a CSRRS or
     * CSRRC instruction."
     */
    static long readForModify(VirtualHart v, int csr) {
        long value = read(v, csr);
        if (csr == MIP) value = (value & ~SEIP) | (v.mipSoftware & SEIP);
        return value;
    }

    // ---- writes --------------------------------------------------------------------------------

    /** Writes a CSR with its WARL rules; read-only and non-existent CSRs ignore the write. */
    static void write(VirtualHart v, int csr, long value) {
        switch (csr) {
            // The write sets the count as of now: an offset from the instret supplier.
            case MCYCLE: v.cycleOffset = value - v.instret.getAsLong(); break;
            case MINSTRET: v.instretOffset = value - v.instret.getAsLong(); break;
            case MSTATUS: {
                long nv = (v.mstatus & ~MSTATUS_WRITABLE) | (value & MSTATUS_WRITABLE);
                if (((nv & MPP) >>> MPP_SHIFT) == 2) nv = (nv & ~MPP) | (v.mstatus & MPP);   // 2 is no mode: keep
                v.mstatus = nv;
                break;
            }
            case SSTATUS: v.mstatus = (v.mstatus & ~SSTATUS_VISIBLE) | (value & SSTATUS_VISIBLE); break;
            case MEDELEG: v.medeleg = value & MEDELEG_WRITABLE; break;
            case MIDELEG: v.mideleg = value & S_INTERRUPTS; break;   // M-level interrupts stay in M
            case MIE: v.mie = value & ALL_INTERRUPTS; break;
            case MIP: {
                // SSIP, SEIP (the software part) and, without Sstc, STIP; MSIP, MTIP, MEIP are lines.
                long writable = SSIP | SEIP | (sstc(v) ? 0 : STIP);
                v.mipSoftware = (v.mipSoftware & ~writable) | (value & writable);
                break;
            }
            case SIE: {
                long m = v.mideleg & S_INTERRUPTS;
                v.mie = (v.mie & ~m) | (value & m);
                break;
            }
            case SIP: {
                long m = v.mideleg & SSIP;                       // sip: only SSIP is writable
                v.mipSoftware = (v.mipSoftware & ~m) | (value & m);
                break;
            }
            case MTVEC: v.mtvec = tvec(v.mtvec, value); break;
            case STVEC: v.stvec = tvec(v.stvec, value); break;
            case MEPC: v.mepc = value & ~1L; break;       // IALIGN = 16 (C): bit 0 is zero
            case SEPC: v.sepc = value & ~1L; break;
            case MCAUSE: v.mcause = value; break;
            case SCAUSE: v.scause = value; break;
            case MTVAL: v.mtval = value; break;
            case STVAL: v.stval = value; break;
            case MSCRATCH: v.mscratch = value; break;
            case SSCRATCH: v.sscratch = value; break;
            case MCOUNTEREN: v.mcounteren = value & 0xFFFF_FFFFL; break;
            case SCOUNTEREN: v.scounteren = value & 0xFFFF_FFFFL; break;
            case MENVCFG: v.menvcfg = value & (ENVCFG_FIOM | ENVCFG_STCE); break;
            case SENVCFG: v.senvcfg = value & ENVCFG_FIOM; break;
            case STIMECMP: v.stimecmp = value; break;
            case SATP: {
                // "Supervisor Address Translation and Protection Register": a write with an
                // unsupported MODE has no effect at all. Sv39 and Bare only.
                int mode = (int) (value >>> 60);
                if (mode == SATP_MODE_BARE || mode == SATP_MODE_SV39) v.satp = value & SATP_FIELDS;
                break;
            }
            default:
                if (csr == PMPCFG0 || csr == PMPCFG0 + 2) v.pmp.writeCfg((csr - PMPCFG0) / 2, value);
                else if (csr >= PMPADDR0 && csr < PMPADDR0 + VirtualPmp.ENTRIES) v.pmp.writeAddr(csr - PMPADDR0, value);
                break;   // misa (fixed extensions) and every read-only-zero CSR
        }
    }

    /** xtvec MODE: 0 direct, 1 vectored; the reserved modes 2 and 3 keep the old mode (WARL). */
    private static long tvec(long old, long value) {
        return (value & 3) >= 2 ? (value & ~3L) | (old & 3) : value;
    }

    static boolean bit(long value, int n) {
        return ((value >>> n) & 1) != 0;
    }
}
