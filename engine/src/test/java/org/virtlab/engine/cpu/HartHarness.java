package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;

/**
 * One hart on a 2 MiB machine, set up for instruction-level tests.
 *
 * <pre>
 *   0x8000_0000  CODE     the instructions under test ({@link #load})
 *   0x8000_1000  M_TRAP   mtvec  \
 *   0x8000_2000  S_TRAP   stvec   | each page filled with "j ." so that after a trap
 *   0x8000_3000  VS_TRAP  vstvec /  the pc stays at the handler (vectored slots too)
 *   0x8000_8000  DATA     scratch data for loads, stores and AMOs
 *   0x8010_0000  TABLES   page tables built by {@link #mapGigapage}
 * </pre>
 *
 * PMP entry 0 grants S and U all of memory, so lower privileges can run at all (with no PMP
 * entry matching, the privileged spec denies S/U accesses). Nothing is mapped on the bus but
 * RAM, so any address outside it raises an access fault.
 */
final class HartHarness {
    static final long CODE = 0x8000_0000L;
    static final long M_TRAP = 0x8000_1000L;
    static final long S_TRAP = 0x8000_2000L;
    static final long VS_TRAP = 0x8000_3000L;
    static final long DATA = 0x8000_8000L;
    static final long TABLES = 0x8010_0000L;
    /** An address with nothing behind it. */
    static final long UNMAPPED = 0x1000_0000L;
    /** "jal x0, 0": a handler that spins where it is. */
    static final int SPIN = 0x0000_006F;

    final Machine machine;
    final Hart hart;

    HartHarness() {
        this(true);
    }

    HartHarness(boolean hExtension) {
        machine = new Machine(MachineConfig.builder().memoryMiB(2).hExtension(hExtension).build());
        hart = machine.hart(0);
        for (long a = M_TRAP; a < VS_TRAP + 0x1000; a += 4) machine.ram().write(a, 4, SPIN);
        hart.writeCsr(CsrNames.PMPADDR0, -1L);
        hart.writeCsr(CsrNames.PMPCFG0, 0x1F);            // NAPOT, R W X: everything
        hart.writeCsr(CsrNames.MTVEC, M_TRAP);
        hart.writeCsr(CsrNames.STVEC, S_TRAP);
        if (hExtension) hart.writeCsr(CsrNames.VSTVEC, VS_TRAP);
        hart.setPc(CODE);
    }

    /** Writes instructions (32-bit words, or 16-bit compressed parcels) from {@code at}; returns the end address. */
    long load(long at, int... insns) {
        return load(machine.ram(), at, insns);
    }

    /** The same into any RAM. */
    static long load(org.virtlab.engine.memory.Ram ram, long at, int... insns) {
        for (int w : insns) {
            if ((w & 3) == 3) {
                ram.write(at, 4, w);
                at += 4;
            } else {
                ram.write(at, 2, w);
                at += 2;
            }
        }
        return at;
    }

    /** Loads {@code insns} at CODE, puts the hart there in the given mode. */
    HartHarness program(int priv, boolean virt, int... insns) {
        load(CODE, insns);
        hart.setMode(priv, virt);
        hart.setPc(CODE);
        return this;
    }

    HartHarness program(int... insns) {
        return program(Privilege.M, false, insns);
    }

    /**
     * Attempts {@code n} instructions (trapping ones count), calling {@link Hart#run} again when
     * a slice ends early (some CSR writes end the slice); stops early only if the hart waits.
     */
    HartHarness run(int n) {
        int left = n;
        while (left > 0) {
            hart.run(left);
            int steps = hart.lastSliceSteps();
            if (steps == 0) break;
            left -= steps;
        }
        return this;
    }

    HartHarness step() {
        return run(1);
    }

    long x(int r) {
        return hart.x(r);
    }

    HartHarness set(int r, long v) {
        hart.setX(r, v);
        return this;
    }

    long csr(int csr) {
        return hart.readCsr(csr);
    }

    HartHarness csr(int csr, long v) {
        hart.writeCsr(csr, v);
        return this;
    }

    long pc() {
        return hart.pc();
    }

    long mem(long addr, int size) {
        return machine.ram().read(addr, size);
    }

    HartHarness mem(long addr, int size, long v) {
        machine.ram().write(addr, size, v);
        return this;
    }

    /**
     * Runs one instruction at CODE in the given mode with nothing delegated and reports the
     * exception it raised into M-mode, or -1 if it completed without trapping.
     */
    long causeOf(int priv, boolean virt, int insn) {
        program(priv, virt, insn);
        long before = hart.mcause;
        hart.mcause = -1;
        step();
        if (pc() == M_TRAP) return hart.mcause;
        hart.mcause = before;
        return -1;
    }

    /** Asserts the hart took exception {@code cause} into M-mode at {@code epc} with {@code tval}. */
    void assertTrapToM(int cause, long epc, long tval) {
        assertEquals(M_TRAP, pc(), "pc should be at mtvec after the trap");
        assertEquals(Privilege.M, hart.privilege(), "privilege after a trap to M");
        assertEquals(cause, csr(CsrNames.MCAUSE), "mcause (" + Cause.name(csr(CsrNames.MCAUSE)) + ")");
        assertEquals(epc, csr(CsrNames.MEPC), "mepc");
        assertEquals(tval, csr(CsrNames.MTVAL), "mtval");
    }

    // ---- page tables ------------------------------------------------------------------------

    static final long PTE_V = 1, PTE_R = 2, PTE_W = 4, PTE_X = 8, PTE_U = 16, PTE_A = 64, PTE_D = 128;
    static final long LEAF_RWX = PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D;

    /**
     * Maps the 1 GiB page holding {@code va} to the one holding {@code pa} in the Sv39 (or,
     * with {@code x4}, Sv39x4) root table at {@code root}; returns the value for satp/hgatp.
     */
    long mapGigapage(long root, long va, long pa, long flags, boolean x4) {
        long index = x4 ? (va >>> 30) & 0x7FF : (va >>> 30) & 0x1FF;
        mem(root + index * 8, 8, ((pa >>> 12) << 10) | flags);
        return (8L << 60) | (root >>> 12);
    }
}
