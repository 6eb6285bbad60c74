package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.cpu.Reservations;
import org.virtlab.engine.memory.Bus;
import org.virtlab.engine.memory.Ram;

/**
 * A virtual hart with a controllable clock and instruction count, plus a real physical
 * {@link Hart} whose general registers the emulator reads and writes.
 */
final class VcpuFixture {
    static final long PC = 0x8020_0000L;
    static final long M_VECTOR = 0x8000_1000L;
    static final long S_VECTOR = 0x8000_2000L;

    long now;
    long retired;
    final VirtualHart v;
    final Hart regs = new Hart(0, new Bus(new Ram(0x8000_0000L, 1 << 20)), new Reservations(1), false);

    private VcpuFixture(boolean sbi) {
        v = sbi ? VirtualHart.bootedBySbi(0, () -> now, () -> retired)
                : VirtualHart.atMachineReset(0, () -> now, () -> retired);
        v.setCsr(CsrNames.MTVEC, M_VECTOR);
        v.setCsr(CsrNames.STVEC, S_VECTOR);
    }

    /** A vCPU reset into virtual M-mode (an xv6-style guest), trap vectors set. */
    static VcpuFixture machine() {
        return new VcpuFixture(false);
    }

    /** A vCPU as the SBI firmware leaves it, in virtual S-mode, trap vectors set. */
    static VcpuFixture sbi() {
        return new VcpuFixture(true);
    }

    /** A reset vCPU moved to {@code priv} (with MPRV, TVM, TW, TSR clear and no delegation). */
    static VcpuFixture at(int priv) {
        VcpuFixture f = machine();
        f.v.priv = priv;
        return f;
    }

    Emulation run(long insn) {
        return PrivilegedEmulator.emulate(v, regs, PC, insn);
    }

    /** Runs {@code insn} and checks it completed (was not reflected); CSR, WFI and SFENCE.VMA continue at pc + 4. */
    Emulation ok(long insn) {
        Emulation e = run(insn);
        if (e.kind() == Emulation.Kind.ILLEGAL) throw new AssertionError("reflected as illegal: " + e.description());
        if (e.kind() != Emulation.Kind.MRET && e.kind() != Emulation.Kind.SRET)
            assertEquals(PC + 4, e.nextPc(), e::description);
        return e;
    }

    /**
     * Runs {@code insn} and checks it was reflected as a virtual illegal-instruction trap:
     * with no delegation from M or S it lands in M-mode with mcause = 2, mtval = the bits.
     */
    Emulation illegal(long insn) {
        int from = v.priv;
        Emulation e = run(insn);
        assertEquals(Emulation.Kind.ILLEGAL, e.kind(), e::description);
        assertEquals(M_VECTOR, e.nextPc(), "the trap must enter mtvec");
        assertEquals(Privilege.M, v.priv());
        assertEquals(Cause.ILLEGAL_INSTRUCTION, v.csr(CsrNames.MCAUSE));
        assertEquals(insn, v.csr(CsrNames.MTVAL), "mtval must hold the instruction bits");
        assertEquals(PC, v.csr(CsrNames.MEPC));
        assertEquals(from, (int) ((v.csr(CsrNames.MSTATUS) >>> 11) & 3), "MPP must be the privilege trapped from");
        return e;
    }
}
