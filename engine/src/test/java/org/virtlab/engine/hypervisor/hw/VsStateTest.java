package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Privilege;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;

/** A vCPU's VS state: saved and restored exactly, and the interrupt requests folded into hvip. */
class VsStateTest {
    private static final long VSSIP = VsState.VSSIP, VSTIP = VsState.VSTIP, VSEIP = VsState.VSEIP;

    @Test
    void whatTheGuestWroteSurvivesASwitchToAnotherVcpu() {
        Hart hart = new Machine(MachineConfig.builder().harts(1).memoryBytes(8L << 20).build()).hart(0);
        VsState a = new VsState(), b = new VsState();
        HostSetup.enter(hart, 0);
        a.loadInto(hart);
        // what a guest kernel does to its own state while it runs
        hart.writeCsr(CsrNames.VSSTATUS, 0x40122);               // SUM, SPP, SPIE, SIE
        hart.writeCsr(CsrNames.VSTVEC, 0x8020_1000L);
        hart.writeCsr(CsrNames.VSSCRATCH, 0x1234);
        hart.writeCsr(CsrNames.VSEPC, 0x8020_2000L);
        hart.writeCsr(CsrNames.VSATP, 8L << 60 | 0x80300);
        hart.writeCsr(CsrNames.VSTIMECMP, 5000);
        hart.writeCsr(CsrNames.SCOUNTEREN, 7);
        hart.writeCsr(CsrNames.MIE, hart.readCsr(CsrNames.MIE) | VSTIP | VSEIP);
        hart.writeCsr(CsrNames.HVIP, VSSIP);
        hart.setMode(Privilege.U, true);
        a.saveFrom(hart);
        HostSetup.neutral(hart);
        assertEquals(0, hart.readCsr(CsrNames.MIE) & VsState.VS_INTERRUPTS, "no guest interrupt enabled on the host");
        assertEquals(0, hart.readCsr(CsrNames.HIDELEG));
        assertEquals(0, hart.readCsr(CsrNames.MEDELEG));

        HostSetup.enter(hart, 0);
        b.loadInto(hart);
        assertEquals(0, hart.readCsr(CsrNames.VSSCRATCH), "b starts from its own state");
        assertEquals(Privilege.S, hart.privilege());
        b.saveFrom(hart);

        a.loadInto(hart);
        assertEquals(0x40122, hart.readCsr(CsrNames.VSSTATUS) & 0xFFFFF);
        assertEquals(0x8020_1000L, hart.readCsr(CsrNames.VSTVEC));
        assertEquals(0x1234, hart.readCsr(CsrNames.VSSCRATCH));
        assertEquals(0x8020_2000L, hart.readCsr(CsrNames.VSEPC));
        assertEquals(8L << 60 | 0x80300, hart.readCsr(CsrNames.VSATP));
        assertEquals(5000, hart.readCsr(CsrNames.VSTIMECMP));
        assertEquals(7, hart.readCsr(CsrNames.SCOUNTEREN));
        assertEquals(VSTIP | VSEIP, hart.readCsr(CsrNames.MIE) & VsState.VS_INTERRUPTS);
        assertEquals(VSSIP, hart.readCsr(CsrNames.HVIP));
        assertEquals(Privilege.U, hart.privilege());
        assertTrue(hart.virtualMode());
    }

    @Test
    void requestsAreFoldedIntoHvipOnce() {
        VsState s = new VsState();
        assertFalse(s.requestsChange(0));
        s.setSeipLine(true);
        assertTrue(s.requestsChange(0));
        assertEquals(VSEIP, s.applyRequests(0));
        s.requestSsip();
        assertEquals(VSEIP | VSSIP, s.withRequests(0), "a preview leaves the request");
        assertEquals(VSEIP | VSSIP, s.applyRequests(0));
        assertEquals(VSEIP, s.applyRequests(0), "VSSIP is the guest's to clear once set");
        s.setSeipLine(false);
        assertEquals(VSSIP, s.applyRequests(VSEIP | VSSIP), "VSEIP follows the line");
    }

    @Test
    void theTimerOfAVcpuOffItsHartFiresAtVstimecmpMinusHtimedelta() {
        VsState s = new VsState();
        s.vstimecmp = 1000;
        s.htimedelta = 100;
        assertEquals(Long.MAX_VALUE, s.timerDeadline(), "vsie.STIE off: nothing to wake for");
        s.vsie = VSTIP;
        assertEquals(900, s.timerDeadline());
        assertEquals(0, s.pendingAt(899) & VSTIP);
        assertEquals(VSTIP, s.pendingAt(900) & VSTIP);
        s.vstimecmp = -1;
        assertEquals(Long.MAX_VALUE, s.timerDeadline());
    }
}
