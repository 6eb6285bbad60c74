package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.memory.Bus;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * Guest memory as the firmware reaches it on the supervisor's behalf.
 *
 * <p>Physical ranges (DBCN) must lie wholly in memory (RAM, or ROM for reads): device registers
 * are never touched, since a read may have side effects (SBI spec v2.0, "Shared memory physical
 * address range parameter": the range must be accessible to S-mode for the access requested).
 * Virtual addresses (the legacy hart-mask pointers) are translated with the calling hart's own
 * satp, as an M-mode load with MPRV = 1 and MPP = S would be.
 */
final class GuestMemory {
    private final Bus bus;

    GuestMemory(Bus bus) {
        this.bus = bus;
    }

    /** The memory holding all of [pa, pa + length), or null; writable memory only if {@code forWrite}. */
    Ram physicalRange(long pa, long length, boolean forWrite) {
        if (length <= 0 || length > Integer.MAX_VALUE) return null;
        if (Long.compareUnsigned(pa + length, pa) < 0) return null;
        Ram m = bus.memoryAt(pa, (int) length);
        if (m == null || (forWrite && m.isReadOnly())) return null;
        if (bus.deviceAt(pa) != null || bus.deviceAt(pa + length - 1) != null) return null;
        return m;
    }

    /**
     * Translates a supervisor virtual address for a load by the caller's privilege, honouring
     * sstatus.SUM and mstatus.MXR (for VS/VU callers through both translation stages). Returns
     * {@link Mmu#FAULT} with {@code hart.mmu().faultCause} set when the walk faults.
     */
    static long translateLoad(Hart hart, long va, int priv, boolean virt) {
        long status = hart.readCsr(CsrNames.MSTATUS);
        int flags = ((status >>> 18 & 1) != 0 ? Mmu.SUM : 0) | ((status >>> 19 & 1) != 0 ? Mmu.MXR : 0);
        return hart.mmu().translate(va, Access.LOAD, priv, virt, flags);
    }
}
