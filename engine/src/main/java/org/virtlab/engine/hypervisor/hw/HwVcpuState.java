package org.virtlab.engine.hypervisor.hw;

/**
 * One hardware-virtualized vCPU's VS state in a snapshot ({@link VsState}, H extension,
 * "Hypervisor and Virtual Supervisor CSRs"): the mode it was in, the VS CSRs, scounteren and
 * senvcfg, its interrupt enables (VS bits of mie), hvip and htimedelta; the interrupt requests
 * not yet folded into hvip; the VS/VU instruction counts and the hart's counts at its last
 * entry; and whether its cached guest translations must go before it runs again. For a vCPU
 * that was running, the CSRs were read from its hart.
 */
public record HwVcpuState(int priv, long vsstatus, long vstvec, long vsscratch, long vsepc, long vscause, long vstval,
        long vsatp, long vstimecmp, long scounteren, long senvcfg, long vsie, long hvip, long htimedelta,
        boolean seipLine, boolean ssipRequested, long retiredVs, long retiredVu, long hartVsAtEntry,
        long hartVuAtEntry, boolean flushOnEntry) {

    public HwVcpuState {
        if (priv != org.virtlab.engine.cpu.Privilege.S && priv != org.virtlab.engine.cpu.Privilege.U)
            throw new IllegalArgumentException("a hw vCPU runs in VS or VU mode, not privilege " + priv);
    }
}
