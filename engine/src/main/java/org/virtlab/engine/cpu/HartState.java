package org.virtlab.engine.cpu;

import java.util.Arrays;
import java.util.List;

/**
 * Everything architectural in one hart, as saved in a snapshot ({@link HartSnapshots}): the
 * registers, every CSR (including the H extension's, the address-translation registers and
 * PMP), the WFI and HSM-halted states, the LR reservation, the retired-instruction count and
 * the hart's counters. What the hart derives from these (TLBs, decoded code, the data-access
 * context) is rebuilt on restore, never saved. Arrays are copied in and out.
 *
 * @param x        x1..x31 at indices 1..31 (index 0 is 0)
 * @param csrs     values in the order of {@link #CSR_NAMES}
 * @param counters {@link HartCounters} in the order of {@link #COUNTER_NAMES}
 */
public record HartState(int id, boolean hExtension, long pc, int privilege, boolean virtualMode, long[] x,
        long[] csrs, boolean waiting, boolean halted, boolean reserved, long reservation, long retiredBefore,
        long[] counters) {

    /** The CSRs and other saved registers, in the order of {@link #csrs()} (fixed by the snapshot format). */
    public static final List<String> CSR_NAMES = HartSnapshots.fieldNames();

    /** The saved counters, in the order of {@link #counters()}. */
    public static final List<String> COUNTER_NAMES = HartSnapshots.counterNames();

    public HartState {
        if (x.length != 32) throw new IllegalArgumentException("hart state: " + x.length + " integer registers, expected 32");
        if (csrs.length != CSR_NAMES.size())
            throw new IllegalArgumentException("hart state: " + csrs.length + " CSRs, expected " + CSR_NAMES.size());
        if (counters.length != COUNTER_NAMES.size())
            throw new IllegalArgumentException("hart state: " + counters.length + " counters, expected " + COUNTER_NAMES.size());
        if (privilege != Privilege.M && privilege != Privilege.S && privilege != Privilege.U)
            throw new IllegalArgumentException("hart state: no such privilege level " + privilege);
        x = x.clone();
        csrs = csrs.clone();
        counters = counters.clone();
    }

    @Override public long[] x() { return x.clone(); }

    @Override public long[] csrs() { return csrs.clone(); }

    @Override public long[] counters() { return counters.clone(); }

    /** The saved value of the CSR (or register) called {@code name} in {@link #CSR_NAMES}. */
    public long csr(String name) {
        int i = CSR_NAMES.indexOf(name);
        if (i < 0) throw new IllegalArgumentException("no saved register called " + name);
        return csrs[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HartState s && id == s.id && hExtension == s.hExtension && pc == s.pc
                && privilege == s.privilege && virtualMode == s.virtualMode && Arrays.equals(x, s.x)
                && Arrays.equals(csrs, s.csrs) && waiting == s.waiting && halted == s.halted && reserved == s.reserved
                && reservation == s.reservation && retiredBefore == s.retiredBefore && Arrays.equals(counters, s.counters);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(x) + Arrays.hashCode(csrs)) + Long.hashCode(pc);
    }

    @Override
    public String toString() {
        return "HartState[id=" + id + ", pc=0x" + Long.toHexString(pc) + ", priv=" + privilege + (virtualMode ? "+V" : "")
                + ", retired=" + retiredBefore + (waiting ? ", waiting" : "") + (halted ? ", halted" : "") + "]";
    }
}
