package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.hypervisor.hw.GuestProgram.*;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.EventCounters;
import org.virtlab.engine.hypervisor.Technique;

/**
 * Virtual interrupts that need the hypervisor: an SBI IPI to a vCPU (on another hart: kick,
 * exit, hvip.VSSIP; on the same hart: folded into its saved hvip) and the SBI timer (vstimecmp)
 * waking a vCPU that gave its hart back with WFI. Small guests assembled here; they power off
 * with status 0 only if the interrupt arrived.
 */
class HwInterruptsTest {
    private static final int HSM = 0x48534D, IPI = 0x735049, TIME_EXT = 0x54494D45, SRST = 0x53525354;

    /** vCPU 0 starts vCPU 1, waits until it runs, sends it an IPI and powers off once its handler saw it. */
    private static byte[] ipiGuest() {
        GuestProgram p = new GuestProgram();
        p.li(A7, HSM).li(A6, 0).li(A0, 1).la(A1, "secondary").li(A2, 0).ecall();
        p.label("wait_ready").la(T1, "flags").ld(T0, T1, 0).beqz(T0, "wait_ready");
        p.sbi(IPI, 0, 0b10, 0);
        p.label("wait_got").la(T1, "flags").ld(T0, T1, 8).beqz(T0, "wait_got");
        p.sbi(SRST, 0, 0, 0);
        p.label("secondary").la(T0, "handler").csrw(STVEC, T0).li(T0, 1 << 1).csrw(SIE, T0).csrsi(SSTATUS, 1 << 1);
        p.la(T1, "flags").li(T0, 1).sd(T0, T1, 0);
        p.label("spin").j("spin");                       // busy: the IPI must take the hart from it
        p.label("handler").csrci(SIP, 1 << 1).la(T1, "flags").li(T0, 1).sd(T0, T1, 8);
        p.label("hang").j("hang");
        p.label("flags").emit(0).emit(0).emit(0).emit(0);
        return p.bytes();
    }

    /** Arms the SBI timer 1000 ticks ahead and waits in WFI; the timer handler powers off. */
    private static byte[] timerGuest() {
        GuestProgram p = new GuestProgram();
        p.la(T0, "handler").csrw(STVEC, T0).li(T0, 1 << 5).csrw(SIE, T0).csrsi(SSTATUS, 1 << 1);
        p.csrr(T0, TIME).addi(A0, T0, 1000).li(A7, TIME_EXT).li(A6, 0).ecall();
        p.label("idle").wfi().j("idle");
        p.label("handler").li(A7, TIME_EXT).li(A6, 0).addi(A0, ZERO, -1).ecall();
        p.sbi(SRST, 0, 0, 0);
        return p.bytes();
    }

    private static HwRun run(byte[] kernel, int vcpus, int harts) throws InterruptedException {
        BoardConfig guest = BoardConfig.builder().kernel(kernel, "test.bin").memoryMiB(8).harts(vcpus).builtinFirmware().build();
        return HwRun.run(HwRun.hypervisorBoard(harts, true, 1_000, new DomainSpec("dom0", guest, Technique.HW, 1)));
    }

    @Test
    void anIpiToAVcpuRunningOnAnotherHartKicksItAndArrivesThroughHvip() throws Exception {
        HwRun r = run(ipiGuest(), 2, 2);
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(0, r.outcome().exitCode());
        EventCounters v1 = r.hypervisor().domain(0).vcpus().get(1).counters();
        assertEquals(1, r.hypervisor().domain(0).counters().get("exit.sbi.IPI"));
        assertTrue(v1.get("exit.interrupt.ipi") >= 1, "the hypervisor kicked vCPU 1's hart: " + v1.snapshot());
        assertEquals(1, v1.get("hvip.vssip"), v1.snapshot().toString());
        var machine = r.hypervisor().machine();
        assertEquals(1, machine.hart(0).counters().interrupts[Cause.VIRTUAL_SUPERVISOR_SOFTWARE]
                + machine.hart(1).counters().interrupts[Cause.VIRTUAL_SUPERVISOR_SOFTWARE], "taken once, in hardware");
    }

    @Test
    void anIpiToAVcpuWaitingForTheHartArrivesWhenItRunsAgain() throws Exception {
        HwRun r = run(ipiGuest(), 2, 1);
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(0, r.outcome().exitCode());
        assertEquals(1, r.hypervisor().machine().hart(0).counters().interrupts[Cause.VIRTUAL_SUPERVISOR_SOFTWARE]);
    }

    @Test
    void theSbiTimerWakesAVcpuThatWaitsInWfi() throws Exception {
        HwRun r = run(timerGuest(), 1, 1);
        assertEquals(BoardRunner.Stop.POWER_OFF, r.outcome().stop(), r.console());
        assertEquals(0, r.outcome().exitCode());
        EventCounters c = r.hypervisor().domain(0).counters();
        assertEquals(2, c.get("exit.sbi.TIME"), c.snapshot().toString());
        assertTrue(c.get("exit.virtual_instruction.wfi") >= 1 && c.get("sched.block") >= 1, c.snapshot().toString());
        assertTrue(c.get("sched.wake") >= 1, c.snapshot().toString());
        assertEquals(1, r.hypervisor().machine().hart(0).counters().interrupts[Cause.VIRTUAL_SUPERVISOR_TIMER]);
    }
}
