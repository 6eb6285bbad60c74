package org.virtlab.engine.hypervisor.full;

/**
 * The saved state of a {@link VirtualHart} (its virtual privilege and CSR file), for domain
 * snapshots: {@link VirtualHart#state()} takes it, {@link VirtualHart#fromState} rebuilds a
 * virtual hart from it. Fields hold the stored bits (mstatus without UXL/SXL, mip split into
 * the software-written bits and the device lines, cycle/instret as offsets from the instret
 * supplier). {@code pmpaddr} has 16 entries; the record keeps its own copy and hands out
 * copies, and equality compares its contents.
 */
public record VirtualHartState(
        int hartId,
        boolean platformOwnsMachineMode,
        int priv,
        long mstatus,
        long medeleg,
        long mideleg,
        long mie,
        long mipSoftware,
        long mipLines,
        long mtvec,
        long mepc,
        long mcause,
        long mtval,
        long mscratch,
        long mcounteren,
        long scounteren,
        long menvcfg,
        long senvcfg,
        long stvec,
        long sepc,
        long scause,
        long stval,
        long sscratch,
        long satp,
        long stimecmp,
        long cycleOffset,
        long instretOffset,
        long pmpcfg0,
        long pmpcfg2,
        long[] pmpaddr) {

    public VirtualHartState {
        pmpaddr = pmpaddr.clone();
    }

    @Override
    public long[] pmpaddr() {
        return pmpaddr.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof VirtualHartState s)) return false;
        return hartId == s.hartId && platformOwnsMachineMode == s.platformOwnsMachineMode && priv == s.priv
                && mstatus == s.mstatus && medeleg == s.medeleg && mideleg == s.mideleg && mie == s.mie
                && mipSoftware == s.mipSoftware && mipLines == s.mipLines && mtvec == s.mtvec && mepc == s.mepc
                && mcause == s.mcause && mtval == s.mtval && mscratch == s.mscratch && mcounteren == s.mcounteren
                && scounteren == s.scounteren && menvcfg == s.menvcfg && senvcfg == s.senvcfg && stvec == s.stvec
                && sepc == s.sepc && scause == s.scause && stval == s.stval && sscratch == s.sscratch
                && satp == s.satp && stimecmp == s.stimecmp && cycleOffset == s.cycleOffset
                && instretOffset == s.instretOffset && pmpcfg0 == s.pmpcfg0 && pmpcfg2 == s.pmpcfg2
                && java.util.Arrays.equals(pmpaddr, s.pmpaddr);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(hartId, priv, mstatus, mie, mipSoftware, satp, stimecmp, sepc, mepc)
                * 31 + java.util.Arrays.hashCode(pmpaddr);
    }
}
