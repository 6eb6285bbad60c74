package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.virtlab.engine.cpu.Asm.*;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.HartHarness.*;
import static org.virtlab.engine.cpu.Privilege.M;
import static org.virtlab.engine.cpu.Privilege.S;
import static org.virtlab.engine.cpu.Privilege.U;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;
import org.virtlab.engine.memory.MmioDevice;

/**
 * Interrupt priority, global enables per mode, WFI, Sstc, VS interrupts and device lines.
 * References: privileged spec, "Machine Interrupt Registers (mip and mie)" (priority order and
 * the rules for when an interrupt is taken), "Wait for Interrupt", the Sstc chapter; H extension,
 * "Hypervisor Interrupt Registers" and "Trap Cause Codes" (VS interrupts renumbered for the guest).
 */
class InterruptTest {
    private static final int MEI = 11, MSI = 3, MTI = 7, SEI = 9, SSI = 1, STI = 5, VSEI = 10, VSSI = 2, VSTI = 6;

    /** Makes interrupt {@code bit} pending by the means the hart offers for it. */
    private static void raise(HartHarness h, int bit) {
        switch (bit) {
            case MEI: case MSI: case MTI: case SEI: h.hart.setInterruptLine(bit, true); break;
            case SSI: case STI: h.csr(MIP, h.csr(MIP) | 1L << bit); break;   // keeps the mip.VSSIP alias
            default: h.csr(HVIP, h.csr(HVIP) | 1L << bit); break;
        }
    }

    /**
     * Repeatedly lets the hart (in {@code priv}/{@code virt}, everything globally enabled) take
     * one interrupt, notes which, and masks it in mie; returns the order they were taken in.
     */
    private static List<Integer> takenOrder(HartHarness h, int priv, boolean virt, int count) {
        List<Integer> order = new ArrayList<>();
        long mstatus = h.csr(MSTATUS), vsstatus = h.csr(VSSTATUS);
        for (int n = 0; n < count; n++) {
            h.csr(MCAUSE, 0).csr(SCAUSE, 0).csr(VSCAUSE, 0).csr(MSTATUS, mstatus).csr(VSSTATUS, vsstatus);
            h.program(priv, virt, addi(0, 0, 0));
            h.step();
            long cause;
            if (h.pc() >= M_TRAP && h.pc() < S_TRAP) cause = h.csr(MCAUSE);
            else if (h.pc() >= S_TRAP && h.pc() < VS_TRAP) cause = h.csr(SCAUSE);
            else if (h.pc() >= VS_TRAP && h.pc() < VS_TRAP + 0x1000) cause = h.csr(VSCAUSE) + 1;  // undo renumbering
            else break;
            assertEquals(true, cause < 0, "an interrupt, not an exception: " + Cause.name(cause));
            int code = (int) (cause & 0x3F);
            order.add(code);
            h.csr(MIE, h.csr(MIE) & ~(1L << code));
        }
        return order;
    }

    @Test
    void priorityAllToM() {
        HartHarness h = new HartHarness().csr(MIDELEG, 0).csr(MSTATUS, 1L << 3);
        int[] all = {STI, SSI, SEI, MTI, MSI, MEI};
        for (int b : all) raise(h, b);
        h.csr(MIE, -1L);
        assertEquals(List.of(MEI, MSI, MTI, SEI, SSI, STI), takenOrder(h, M, false, 6),
                "MEI > MSI > MTI > SEI > SSI > STI");
    }

    @Test
    void priorityAcrossLevelsFromVu() {
        HartHarness h = new HartHarness().csr(MIDELEG, 1L << SEI | 1L << SSI | 1L << STI)
                .csr(HIDELEG, 1L << VSEI | 1L << VSSI | 1L << VSTI);
        for (int b : new int[] {VSTI, VSSI, VSEI, STI, SSI, SEI, MTI, MSI, MEI}) raise(h, b);
        h.csr(MIE, -1L);
        assertEquals(List.of(MEI, MSI, MTI, SEI, SSI, STI, VSEI, VSSI, VSTI), takenOrder(h, U, true, 9),
                "M interrupts, then HS, then VS (SGEI: GEILEN is 0, never pending)");
    }

    @Test
    void vsInterruptsNotDelegatedByHidelegGoToHsBelowSInterrupts() {
        HartHarness h = new HartHarness().csr(MIDELEG, 1L << SSI).csr(HIDELEG, 0);
        for (int b : new int[] {VSTI, VSSI, VSEI, SSI}) raise(h, b);
        h.csr(MIE, -1L);
        assertEquals(List.of(SSI, VSEI, VSSI, VSTI), takenOrder(h, U, false, 4),
                "at HS: SSI > VSEI > VSSI > VSTI");
        assertEquals(Cause.INTERRUPT | VSTI, h.csr(SCAUSE), "HS sees VS interrupts with their own numbers");
    }

    // ---- global enables -------------------------------------------------------------------------

    private static boolean takes(HartHarness h, int priv, boolean virt) {
        h.program(priv, virt, addi(0, 0, 0)).step();
        return h.pc() != CODE + 4;
    }

    @Test
    void machineInterruptsNeedMieOnlyInM() {
        HartHarness h = new HartHarness().csr(MIE, 1L << MTI);
        h.hart.setInterruptLine(MTI, true);
        assertEquals(false, takes(h, M, false), "M with MIE = 0");
        assertEquals(true, takes(h, S, false), "S with MIE = 0: M interrupts are always enabled below M");
        assertEquals(true, takes(h, U, false), "U");
        assertEquals(true, takes(h, S, true), "VS");
        h.csr(MSTATUS, 1L << 3);
        assertEquals(true, takes(h, M, false), "M with MIE = 1");
        assertEquals(M_TRAP, h.pc());
        assertEquals(CODE, h.csr(MEPC), "mepc = the interrupted instruction");
        assertEquals(0, (h.csr(MSTATUS) >>> 3) & 1, "MIE cleared on entry");
        assertEquals(1, (h.csr(MSTATUS) >>> 7) & 1, "MPIE = old MIE");
    }

    @Test
    void machineInterruptsIgnoreMieBitOff() {
        HartHarness h = new HartHarness().csr(MIE, 0).csr(MSTATUS, 1L << 3);
        h.hart.setInterruptLine(MEI, true);
        assertEquals(false, takes(h, M, false), "not locally enabled in mie");
    }

    @Test
    void supervisorInterruptRules() {
        HartHarness h = new HartHarness().csr(MIDELEG, 1L << SSI).csr(MIE, 1L << SSI).csr(MIP, 1L << SSI);
        h.csr(MSTATUS, 1L << 3);
        assertEquals(false, takes(h, M, false), "delegated S interrupt is never taken in M, even with MIE");
        assertEquals(false, takes(h, S, false), "S with SIE = 0");
        assertEquals(true, takes(h, U, false), "U: S interrupts taken regardless of SIE");
        assertEquals(S_TRAP, h.pc());
        h.csr(SSTATUS, 2);
        assertEquals(true, takes(h, S, false), "S with SIE = 1");
        assertEquals(Cause.INTERRUPT | SSI, h.csr(SCAUSE));
        assertEquals(1, (h.csr(MSTATUS) >>> 8) & 1, "SPP = S");
        h.csr(MIDELEG, 0).csr(MSTATUS, 0);
        assertEquals(true, takes(h, S, false), "not delegated: goes to M from S");
        assertEquals(M_TRAP, h.pc());
    }

    @Test
    void vsInterruptsAreTakenOnlyWhenVirtual() {
        HartHarness h = new HartHarness().csr(HIDELEG, 1L << VSEI).csr(MIE, 1L << VSEI).csr(HVIP, 1L << VSEI);
        assertEquals(false, takes(h, S, false), "V=0: a VS interrupt delegated to VS waits");
        assertEquals(false, takes(h, U, false), "V=0 U likewise");
        assertEquals(false, takes(h, S, true), "VS with vsstatus.SIE = 0");
        assertEquals(true, takes(h, U, true), "VU: taken regardless of vsstatus.SIE");
        h.csr(VSSTATUS, 2);
        assertEquals(true, takes(h, S, true), "VS with vsstatus.SIE = 1");
        assertEquals(VS_TRAP, h.pc());
        assertEquals(Cause.INTERRUPT | SEI, h.csr(VSCAUSE), "VSEI arrives in vscause as SEI (9)");
        assertEquals(CODE, h.csr(VSEPC));
        assertEquals(true, h.hart.virtualMode());
    }

    @Test
    void vsTimerAndSoftwareRenumbered() {
        for (int[] c : new int[][] {{VSTI, STI}, {VSSI, SSI}}) {
            HartHarness h = new HartHarness().csr(HIDELEG, 1L << c[0]).csr(MIE, 1L << c[0]).csr(HVIP, 1L << c[0]);
            assertEquals(true, takes(h, U, true));
            assertEquals(Cause.INTERRUPT | c[1], h.csr(VSCAUSE), "VS interrupt " + c[0] + " seen as " + c[1]);
        }
    }

    @Test
    void vectoredVstvecUsesTheRenumberedCause() {
        HartHarness h = new HartHarness().csr(VSTVEC, VS_TRAP | 1).csr(HIDELEG, 1L << VSEI).csr(MIE, 1L << VSEI).csr(HVIP, 1L << VSEI);
        assertEquals(true, takes(h, U, true));
        assertEquals(VS_TRAP + 4 * 9, h.pc(), "vstvec base + 4 * 9");
    }

    // ---- WFI --------------------------------------------------------------------------------------

    @Test
    void wfiSleepsAndWakesWithGlobalEnablesOff() {
        HartHarness h = new HartHarness().csr(MIE, 1L << MTI);          // mstatus.MIE = 0
        h.program(wfi(), addi(5, 0, 1));
        h.step();
        assertEquals(true, h.hart.isWaiting(), "WFI with nothing pending sleeps");
        RunResult r = h.machine.run(10);
        assertEquals(StopReason.WAITING, r.reason(), "the machine reports that every hart waits");
        h.hart.setInterruptLine(MTI, true);
        h.machine.run(1);
        assertEquals(false, h.hart.isWaiting(), "a pending, locally enabled interrupt wakes WFI");
        assertEquals(1, h.x(5), "execution resumed after the WFI without taking the interrupt (MIE = 0)");
        assertEquals(0, h.csr(MCAUSE));
    }

    @Test
    void wfiIsANopWhenAnInterruptIsAlreadyPending() {
        HartHarness h = new HartHarness().csr(MIE, 1L << MSI);
        h.hart.setInterruptLine(MSI, true);
        h.program(wfi(), addi(5, 0, 1)).run(2);
        assertEquals(false, h.hart.isWaiting());
        assertEquals(1, h.x(5));
    }

    @Test
    void wfiDoesNotWakeForADisabledInterrupt() {
        HartHarness h = new HartHarness().csr(MIE, 0);
        h.program(wfi()).step();
        h.hart.setInterruptLine(MEI, true);
        h.machine.run(5);
        assertEquals(true, h.hart.isWaiting(), "mie.MEIE = 0: no wake-up");
    }

    @Test
    void wfiPrivilege() {
        HartHarness h = new HartHarness();
        assertEquals(Cause.ILLEGAL_INSTRUCTION, h.causeOf(U, false, wfi()), "WFI in U");
        h.csr(MSTATUS, 1L << 21);
        assertEquals(Cause.ILLEGAL_INSTRUCTION, h.causeOf(S, false, wfi()), "WFI in S with TW");
        assertEquals(-1, h.causeOf(M, false, wfi()), "TW does not apply to M");
        h.csr(MSTATUS, 0);
        assertEquals(-1, h.causeOf(S, false, wfi()), "WFI in S without TW");
    }

    // ---- Sstc ------------------------------------------------------------------------------------

    @Test
    void sstcStipFollowsTimeAgainstStimecmp() {
        HartHarness h = new HartHarness().csr(MENVCFG, 1L << 63);
        h.hart.setSliceStart(100 * 10, 10);                                 // time = 100
        h.csr(STIMECMP, 100);
        assertEquals(1L << STI, h.csr(MIP) & (1L << STI), "time >= stimecmp: STIP");
        h.csr(STIMECMP, 101);
        assertEquals(0, h.csr(MIP) & (1L << STI), "time < stimecmp: no STIP");
        h.csr(MIP, 1L << STI);
        assertEquals(0, h.csr(MIP) & (1L << STI), "with Sstc, mip.STIP is read-only");
        h.csr(MENVCFG, 0).csr(MIP, 1L << STI);
        assertEquals(1L << STI, h.csr(MIP) & (1L << STI), "without Sstc, mip.STIP is software-writable");
    }

    @Test
    void sstcTimerInterruptFires() {
        HartHarness h = new HartHarness().csr(MENVCFG, 1L << 63).csr(MIDELEG, 1L << STI).csr(MIE, 1L << STI);
        h.load(CODE, jal(0, 0));
        h.hart.setMode(U, false);
        h.csr(STIMECMP, 50);
        h.machine.run(2000);
        assertEquals(S_TRAP, h.pc(), "the supervisor timer interrupt was taken");
        assertEquals(Cause.INTERRUPT | STI, h.csr(SCAUSE));
        assertEquals(true, h.machine.time() >= 50, "not before stimecmp");
    }

    @Test
    void vstimecmpRaisesVstip() {
        HartHarness h = new HartHarness().csr(MENVCFG, 1L << 63).csr(HENVCFG, 1L << 63).csr(HTIMEDELTA, 50);
        h.hart.setSliceStart(10 * 10, 10);                                  // time 10, guest time 60
        h.csr(VSTIMECMP, 60);
        assertEquals(1L << VSTI, h.csr(HIP) & (1L << VSTI), "guest time >= vstimecmp: VSTIP");
        h.csr(VSTIMECMP, 61);
        assertEquals(0, h.csr(HIP) & (1L << VSTI));
    }

    // ---- a device drives a line ---------------------------------------------------------------------

    @Test
    void deviceLineRaisesAnInterruptRightAfterTheStore() {
        HartHarness h = new HartHarness().csr(MIE, 1L << MEI).csr(MSTATUS, 1L << 3);
        long base = 0x1000_0000L;
        h.machine.bus().map("irq", base, 0x1000, new MmioDevice() {
            @Override
            public long read(long offset, int size) {
                return 0;
            }

            @Override
            public void write(long offset, int size, long value) {
                h.hart.setInterruptLine(MEI, value != 0);
            }
        });
        h.program(sw(2, 1, 0), addi(5, 0, 1)).set(1, base).set(2, 1).run(2);
        assertEquals(M_TRAP, h.pc(), "interrupt taken");
        assertEquals(Cause.INTERRUPT | MEI, h.csr(MCAUSE));
        assertEquals(CODE + 4, h.csr(MEPC), "taken at the boundary right after the store");
        assertEquals(0, h.x(5), "the next instruction did not run first");
        assertEquals(1, h.hart.counters().interrupts[MEI]);
    }
}
