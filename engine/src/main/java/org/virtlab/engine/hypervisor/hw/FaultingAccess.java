package org.virtlab.engine.hypervisor.hw;

import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.hypervisor.MmioAccess;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * The load or store behind a guest-page fault, as the hypervisor learns it to emulate an MMIO
 * access (H extension, "Transformed Instruction or Pseudoinstruction for mtinst or htinst").
 *
 * <p>The hardware helps: for an explicit load or store, mtinst holds the <em>transformed
 * instruction</em> — the instruction with its address fields zeroed, bit 0 = 1, and bit 1 = 0
 * when the original was compressed (a 16-bit instruction, so the pc advances by 2). That is
 * all an emulator needs: access size, signedness, the data register. A value with bit 0 = 0
 * is either 0 (no information) or a pseudo-instruction for an implicit access of the guest's
 * own page-table walk.
 *
 * <p>Without that help, the hypervisor reads the instruction from guest memory itself. The
 * faulting pc is a guest-<em>virtual</em> address, so it goes through both stages: the guest's
 * VS-stage table and the domain's G-stage, exactly as the guest's fetch did.
 */
final class FaultingAccess {
    private FaultingAccess() {
    }

    /** Whether {@code tinst} is a pseudo-instruction: the fault came from the guest's page-table walk. */
    static boolean isImplicit(long tinst) {
        return tinst != 0 && (tinst & 1) == 0;
    }

    /**
     * The access of the instruction that faulted: decoded from the transformed instruction when
     * the trap carries one, else from the instruction bytes at the guest pc.
     *
     * @return the access, or null when it is no integer load or store (or cannot be read)
     */
    static MmioAccess decode(Trap t, Hart hart, DomainMemory memory) {
        long tinst = t.tinst();
        if ((tinst & 1) != 0) return fromTransformed(tinst);
        long insn = fetch(hart, t.pc(), t.fromPriv(), memory);
        return insn < 0 ? null : MmioAccess.decode(insn);
    }

    /** Decodes a transformed instruction; a compressed original (bit 1 = 0) keeps its length of 2. */
    static MmioAccess fromTransformed(long tinst) {
        MmioAccess a = MmioAccess.decode(tinst | 3);
        if (a == null || (tinst & 2) != 0) return a;
        return new MmioAccess(a.isStore(), a.size(), a.signed(), a.reg(), 2);
    }

    /** The 16 or 32 instruction bits at guest-virtual {@code pc}, read through both stages; -1 if unreadable. */
    static long fetch(Hart hart, long pc, int priv, DomainMemory memory) {
        long low = readHalf(hart, pc, priv, memory);
        if (low < 0 || (low & 3) != 3) return low;
        long high = readHalf(hart, pc + 2, priv, memory);
        return high < 0 ? -1 : low | high << 16;
    }

    private static long readHalf(Hart hart, long va, int priv, DomainMemory memory) {
        long hpa = hart.mmu().translate(va, Access.FETCH, priv, true, 0);
        if (hpa == Mmu.FAULT || !memory.ownsHost(hpa, 2)) return -1;
        return memory.hostRam().read(hpa, 2);
    }
}
