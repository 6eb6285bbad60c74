package org.virtlab.engine.cpu;

import static org.virtlab.engine.cpu.Csrs.*;

import org.virtlab.engine.memory.LittleEndian;
import org.virtlab.engine.memory.RamPage;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * Instructions executed out of the interpreter's fast path: CSR access, ECALL/EBREAK, xRET, WFI,
 * fences, the A extension, and the H extension's HLV/HLVX/HSV and HFENCE. Each checks first
 * whether the current mode may execute it (illegal instruction, or virtual instruction where
 * HS-mode could have: H extension, "Virtual-Instruction Exceptions"), then acts.
 *
 * <p>On entry {@code h.pc} is the instruction's address. An instruction that completes normally
 * leaves it there (the loop advances it); one that jumps sets it and {@code h.redirected}.
 */
final class SystemOps {
    private SystemOps() {
    }

    static void execute(Hart h, Insn in) {
        h.attention = true;        // after any of these, re-check interrupts before going on
        switch (in.op) {
            case Op.ILLEGAL: illegal(h, in); return;
            case Op.FENCE_I: h.dropCodePage(); return;   // stores keep decoded code coherent already
            case Op.ECALL: h.raise(ecallCause(h), 0, h.pc); return;
            // tval is the pc, a guest virtual address when V=1: GVA says so (H extension, hstatus.GVA).
            case Op.EBREAK: h.raise(Cause.BREAKPOINT, h.pc, 0, 0, h.virt, h.pc); return;
            case Op.CSRRW: case Op.CSRRS: case Op.CSRRC: case Op.CSRRWI: case Op.CSRRSI: case Op.CSRRCI:
                Csrs.execute(h, in);
                return;
            case Op.MRET: mret(h, in); return;
            case Op.SRET: sret(h, in); return;
            case Op.WFI: wfi(h, in); return;
            case Op.SFENCE_VMA: sfenceVma(h, in); return;
            case Op.HFENCE_VVMA: case Op.HFENCE_GVMA: hfence(h, in); return;
            default:
                if (in.op >= Op.LR_W && in.op <= Op.AMOMAXU_D) {
                    atomic(h, in);
                } else if (in.op >= Op.HLV_B && in.op <= Op.HSV_D) {
                    hypervisorLoadStore(h, in);
                } else {
                    illegal(h, in);
                }
        }
    }

    private static void illegal(Hart h, Insn in) {
        h.raise(Cause.ILLEGAL_INSTRUCTION, instructionBits(in), h.pc);
    }

    private static void virtualInstruction(Hart h, Insn in) {
        h.raise(Cause.VIRTUAL_INSTRUCTION, instructionBits(in), h.pc);
    }

    private static long instructionBits(Insn in) {
        return in.length == 2 ? in.raw & 0xFFFFL : in.raw & 0xFFFF_FFFFL;
    }

    private static int ecallCause(Hart h) {
        switch (h.priv) {
            case Privilege.U: return Cause.ECALL_FROM_U;
            case Privilege.S: return h.virt ? Cause.ECALL_FROM_VS : Cause.ECALL_FROM_HS;
            default: return Cause.ECALL_FROM_M;
        }
    }

    private static void mret(Hart h, Insn in) {
        if (h.priv != Privilege.M) {
            illegal(h, in);
            return;
        }
        Traps.mret(h);
        h.redirected = true;
    }

    private static void sret(Hart h, Insn in) {
        if (h.virt) {
            if (h.priv == Privilege.U || (h.hstatus & HSTATUS_VTSR) != 0) {
                virtualInstruction(h, in);
                return;
            }
        } else if (h.priv == Privilege.U || (h.priv == Privilege.S && (h.mstatus & MSTATUS_TSR) != 0)) {
            illegal(h, in);
            return;
        }
        Traps.sret(h);
        h.redirected = true;
    }

    private static void wfi(Hart h, Insn in) {
        if (h.priv != Privilege.M) {
            if ((h.mstatus & MSTATUS_TW) != 0 || (!h.virt && h.priv == Privilege.U)) {
                illegal(h, in);
                return;
            }
            if (h.virt && (h.priv == Privilege.U || (h.hstatus & HSTATUS_VTW) != 0)) {
                virtualInstruction(h, in);
                return;
            }
        }
        if ((h.mip() & h.mie) != 0) return;    // an interrupt is already pending: WFI is a no-op
        h.waiting = true;
        h.pc += in.length;                     // when woken, execution resumes after the WFI
        h.redirected = true;
    }

    private static void sfenceVma(Hart h, Insn in) {
        if (h.virt) {
            if (h.priv == Privilege.U || (h.hstatus & HSTATUS_VTVM) != 0) {
                virtualInstruction(h, in);
                return;
            }
            h.flushGuestTlbs(in.rs1 == 0 ? -1 : h.x[in.rs1] >>> RamPage.SHIFT);
            return;
        }
        if (h.priv == Privilege.U || (h.priv == Privilege.S && (h.mstatus & MSTATUS_TVM) != 0)) {
            illegal(h, in);
            return;
        }
        h.flushHostTlbs(in.rs1 == 0 ? -1 : h.x[in.rs1] >>> RamPage.SHIFT);
    }

    private static void hfence(Hart h, Insn in) {
        if (!h.hasH) {
            illegal(h, in);
            return;
        }
        if (h.virt) {
            virtualInstruction(h, in);
            return;
        }
        boolean gvmaUnderTvm = in.op == Op.HFENCE_GVMA && h.priv == Privilege.S && (h.mstatus & MSTATUS_TVM) != 0;
        if (h.priv == Privilege.U || gvmaUnderTvm) {
            illegal(h, in);
            return;
        }
        h.flushGuestTlbs(-1);
    }

    // ---- the A extension ----------------------------------------------------------------------

    private static void atomic(Hart h, Insn in) {
        boolean word = in.op <= Op.AMOMAXU_W;
        int size = word ? 4 : 8;
        int kind = in.op - (word ? Op.LR_W : Op.LR_D);   // 0 LR, 1 SC, 2.. AMOs in Op order
        long va = h.x[in.rs1];
        if ((va & (size - 1)) != 0) {
            int cause = kind == 0 ? Cause.LOAD_MISALIGNED : Cause.STORE_MISALIGNED;
            h.raise(cause, va, 0, transformedInstruction(in), h.dataVirt, h.pc);
            return;
        }
        int access = kind == 0 ? Access.LOAD : Access.STORE;
        long pa = h.translateData(va, access, h.pc, in);
        if (pa == Mmu.FAULT) return;
        boolean allowed = h.ram.contains(pa, size) && h.bus.deviceAt(pa) == null
                && h.pmp.allows(pa, size, Access.LOAD, h.dataPriv)
                && (kind == 0 || h.pmp.allows(pa, size, Access.STORE, h.dataPriv));
        if (!allowed) {
            int cause = kind == 0 ? Cause.LOAD_ACCESS_FAULT : Cause.STORE_ACCESS_FAULT;
            h.raise(cause, va, 0, transformedInstruction(in), h.dataVirt, h.pc);
            return;
        }
        RamPage page = kind == 0 ? h.ram.page(pa) : h.ram.pageForWrite(pa);   // LR only reads
        int off = (int) pa & RamPage.OFFSET_MASK;
        long old = LittleEndian.read(page.data, off, size);
        if (word) old = (int) old;
        if (kind == 0) {                                   // LR
            h.reservations.reserve(h.id, pa);
            h.x[in.rd] = old;
            return;
        }
        if (kind == 1) {                                   // SC
            boolean ok = h.reservations.take(h.id, pa);
            if (ok) write(h, page, off, size, h.x[in.rs2]);
            h.x[in.rd] = ok ? 0 : 1;
            return;
        }
        long src = word ? (int) h.x[in.rs2] : h.x[in.rs2];
        long result;
        switch (kind) {
            case 2: result = src; break;                                            // AMOSWAP
            case 3: result = old + src; break;                                      // AMOADD
            case 4: result = old ^ src; break;                                      // AMOXOR
            case 5: result = old & src; break;                                      // AMOAND
            case 6: result = old | src; break;                                      // AMOOR
            case 7: result = Math.min(old, src); break;                             // AMOMIN
            case 8: result = Math.max(old, src); break;                             // AMOMAX
            case 9: result = Long.compareUnsigned(old, src) < 0 ? old : src; break;  // AMOMINU
            default: result = Long.compareUnsigned(old, src) > 0 ? old : src; break; // AMOMAXU
        }
        if (word && kind >= 9) {   // unsigned word compare must look at 32-bit values only
            long a = old & 0xFFFF_FFFFL, b = src & 0xFFFF_FFFFL;
            result = (kind == 9) == (a < b) ? old : src;
        }
        write(h, page, off, size, result);
        h.x[in.rd] = old;
    }

    private static void write(Hart h, RamPage page, int off, int size, long value) {
        LittleEndian.write(page.data, off, size, value);
        page.written(off, size);
        if (h.reservations.active != 0) h.reservations.stored(h.id, page.base + off, size);
    }

    // ---- HLV, HLVX, HSV ------------------------------------------------------------------------

    /**
     * Loads and stores "as though V=1" with the privilege in hstatus.SPVP: how a hypervisor
     * reads its guest's memory through the guest's own translation.
     */
    private static void hypervisorLoadStore(Hart h, Insn in) {
        if (!h.hasH) {
            illegal(h, in);
            return;
        }
        if (h.virt) {
            virtualInstruction(h, in);
            return;
        }
        if (h.priv == Privilege.U && (h.hstatus & HSTATUS_HU) == 0) {
            illegal(h, in);
            return;
        }
        boolean store = in.op >= Op.HSV_B;
        int size;
        boolean signed = false;
        boolean hlvx = in.op == Op.HLVX_HU || in.op == Op.HLVX_WU;
        switch (in.op) {
            case Op.HLV_B: size = 1; signed = true; break;
            case Op.HLV_BU: case Op.HSV_B: size = 1; break;
            case Op.HLV_H: size = 2; signed = true; break;
            case Op.HLV_HU: case Op.HLVX_HU: case Op.HSV_H: size = 2; break;
            case Op.HLV_W: size = 4; signed = true; break;
            case Op.HLV_WU: case Op.HLVX_WU: case Op.HSV_W: size = 4; break;
            default: size = 8; break;
        }
        int guestPriv = (h.hstatus & HSTATUS_SPVP) != 0 ? Privilege.S : Privilege.U;
        int flags = (h.vsstatus & MSTATUS_SUM) != 0 ? Mmu.SUM : 0;
        boolean mxr = (h.mstatus & MSTATUS_MXR) != 0;
        if (mxr || (h.vsstatus & MSTATUS_MXR) != 0) flags |= Mmu.MXR;
        if (mxr) flags |= Mmu.G_MXR;
        if (hlvx) flags |= Mmu.HLVX;
        long va = h.x[in.rs1];
        int access = store ? Access.STORE : Access.LOAD;
        long walksBefore = h.mmu.walks;
        try {
            // Translate (and check) every page the access touches before touching anything.
            long pa = guestPhysical(h, in, va, access, guestPriv, flags, size);
            if (pa == Mmu.FAULT) return;
            long last = va + size - 1;
            boolean crosses = (va >>> RamPage.SHIFT) != (last >>> RamPage.SHIFT);
            long paLast = crosses ? guestPhysical(h, in, last & ~(long) RamPage.OFFSET_MASK, access, guestPriv, flags,
                    (int) (last & RamPage.OFFSET_MASK) + 1) : pa;
            if (paLast == Mmu.FAULT) return;
            if (!crosses) {
                // One access of the instruction's width: a device sees exactly one read or write.
                if (store) {
                    h.bus.write(pa, size, h.x[in.rs2]);
                    if (h.reservations.active != 0) h.reservations.stored(h.id, pa, size);
                    return;
                }
                long value = h.bus.read(pa, size);
                if (signed) value = (value << (64 - 8 * size)) >> (64 - 8 * size);
                h.x[in.rd] = value;
                return;
            }
            long value = 0;
            long src = h.x[in.rs2];
            for (int b = 0; b < size; b++) {    // across a page: byte by byte, both pages checked above
                long byteVa = va + b;
                long bytePa = (byteVa >>> RamPage.SHIFT) == (va >>> RamPage.SHIFT)
                        ? pa + b : (paLast & ~(long) RamPage.OFFSET_MASK) + (byteVa & RamPage.OFFSET_MASK);
                if (store) {
                    h.bus.write(bytePa, 1, src >>> (8 * b));
                    if (h.reservations.active != 0) h.reservations.stored(h.id, bytePa, 1);
                } else {
                    value |= (h.bus.read(bytePa, 1) & 0xFF) << (8 * b);
                }
            }
            if (store) return;
            if (signed) value = (value << (64 - 8 * size)) >> (64 - 8 * size);
            h.x[in.rd] = value;
        } finally {
            h.counters.pageWalks += h.mmu.walks - walksBefore;
        }
    }

    /**
     * The guest physical-to-host address of {@code va} for an HLV/HSV, with PMP and the bus
     * checked for {@code size} bytes there; raises the fault and returns FAULT if any check fails.
     */
    private static long guestPhysical(Hart h, Insn in, long va, int access, int guestPriv, int flags, int size) {
        long pa = h.mmu.translate(va, access, guestPriv, true, flags);
        if (pa == Mmu.FAULT) {
            long tinst = h.mmu.faultTinst != 0 ? h.mmu.faultTinst : transformedInstruction(in);
            h.raise(h.mmu.faultCause, va, h.mmu.faultTval2, tinst, true, h.pc);
            return Mmu.FAULT;
        }
        if (!h.pmp.allows(pa, size, access, guestPriv) || !h.bus.isMapped(pa, size)) {
            int cause = access == Access.STORE ? Cause.STORE_ACCESS_FAULT : Cause.LOAD_ACCESS_FAULT;
            h.raise(cause, va, 0, transformedInstruction(in), true, h.pc);
            return Mmu.FAULT;
        }
        return pa;
    }


    // ---- htinst ------------------------------------------------------------------------------

    /**
     * The "transformed instruction" written to htinst/mtinst for a faulting explicit load, store
     * or AMO (H extension, "Transformed Instruction or Pseudoinstruction for mtinst or htinst"):
     * the instruction with its address fields zeroed, compressed ones expanded and marked by
     * bit 1 = 0. Returns 0 (always permitted) for anything else.
     */
    static long transformedInstruction(Insn in) {
        if (in == null) return 0;
        long t;
        int op = in.op;
        if (op >= Op.LB && op <= Op.LWU) {
            int[] funct3 = {0, 1, 2, 3, 4, 5, 6};
            t = ((long) funct3[op - Op.LB] << 12) | ((long) in.destination() << 7) | 0x03;
        } else if (op >= Op.SB && op <= Op.SD) {
            t = ((long) in.rs2 << 20) | ((long) (op - Op.SB) << 12) | 0x23;
        } else if ((op >= Op.LR_W && op <= Op.AMOMAXU_D) || (op >= Op.HLV_B && op <= Op.HSV_D)) {
            t = in.raw & 0xFFFF_FFFFL & ~(31L << 15);
        } else {
            return 0;
        }
        return in.length == 2 ? t & ~2L : t;
    }
}
