package org.virtlab.engine.devices.plic;

import static org.junit.jupiter.api.Assertions.*;
import static org.virtlab.engine.devices.HartInterruptPins.MEIP;
import static org.virtlab.engine.devices.HartInterruptPins.SEIP;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.GuestGarbage;
import org.virtlab.engine.devices.InterruptLine;
import org.virtlab.engine.devices.RecordingPins;

class PlicTest {

    private final RecordingPins pins = new RecordingPins();

    private static long priority(int irq) { return 4L * irq; }
    private static long pending(int word) { return 0x1000 + 4L * word; }
    private static long enable(int ctx, int word) { return 0x2000 + 0x80L * ctx + 4L * word; }
    private static long threshold(int ctx) { return 0x20_0000 + 0x1000L * ctx; }
    private static long claim(int ctx) { return threshold(ctx) + 4; }

    private static void enableSource(Plic p, int ctx, int irq) {
        long off = enable(ctx, irq / 32);
        p.write(off, 4, p.read(off, 4) | (1L << (irq % 32)));
    }

    @Test
    void prioritiesAreThreeBitsAndSourceZeroIsHardwired() {
        Plic p = new Plic(1, pins);
        p.write(priority(10), 4, 0xff);
        assertEquals(7, p.read(priority(10), 4));
        p.write(priority(0), 4, 5);
        assertEquals(0, p.read(priority(0), 4));
        p.write(enable(0, 0), 4, 0xffff_ffffL);
        assertEquals(0xffff_fffeL, p.read(enable(0, 0), 4), "source 0 cannot be enabled");
        p.write(threshold(1), 4, 9);
        assertEquals(1, p.read(threshold(1), 4));
    }

    @Test
    void levelSourceBecomesPendingAndRaisesContextOutput() {
        Plic p = new Plic(1, pins);
        InterruptLine uart = p.source(10);
        p.write(priority(10), 4, 1);
        uart.set(true);
        assertEquals(1L << 10, p.read(pending(0), 4));
        assertFalse(pins.level(0, MEIP), "not enabled yet");
        enableSource(p, 1, 10);
        assertTrue(pins.level(0, SEIP), "context 1 is hart 0's S-mode");
        assertFalse(pins.level(0, MEIP));
        uart.set(false);
        assertEquals(0, p.read(pending(0), 4), "a level source that drops before its claim is no longer pending");
        assertFalse(pins.level(0, SEIP));
    }

    @Test
    void claimPicksHighestPriorityThenLowestIdAndCompleteRearms() {
        Plic p = new Plic(1, pins);
        for (int irq : new int[] {3, 5, 40, 95}) {
            p.write(priority(irq), 4, irq == 40 ? 6 : 2);
            enableSource(p, 0, irq);
            p.source(irq).set(true);
        }
        assertTrue(pins.level(0, MEIP));
        assertEquals(40, p.read(claim(0), 4), "highest priority");
        assertEquals(3, p.read(claim(0), 4), "tie at priority 2: lowest id");
        assertEquals(5, p.read(claim(0), 4));
        assertEquals(95, p.read(claim(0), 4));
        assertEquals(0, p.read(claim(0), 4), "nothing left");
        assertFalse(pins.level(0, MEIP), "everything in service");
        assertTrue(p.read(pending(1), 4) == 0 && p.read(pending(2), 4) == 0);

        p.source(5).set(false);
        p.write(claim(0), 4, 5);                                // line is low: stays idle
        p.write(claim(0), 4, 40);                               // line still high: pending again
        assertTrue(p.isPending(40));
        assertFalse(p.isPending(5));
        assertTrue(pins.level(0, MEIP));
        assertEquals(40, p.read(claim(0), 4));
        assertEquals(2, p.metrics().completions());
        assertEquals(5, p.metrics().claims());
        assertEquals(1, p.metrics().emptyClaims());
    }

    @Test
    void inServiceSourceIgnoresItsLineUntilCompleted() {
        Plic p = new Plic(1, pins);
        InterruptLine l = p.source(7);
        p.write(priority(7), 4, 1);
        enableSource(p, 0, 7);
        l.set(true);
        assertEquals(7, p.read(claim(0), 4));
        l.set(false);
        l.set(true);
        assertFalse(p.isPending(7));
        assertFalse(pins.level(0, MEIP));
        p.write(claim(0), 4, 7);
        assertTrue(p.isPending(7));
    }

    @Test
    void thresholdMasksLowerOrEqualPriorities() {
        Plic p = new Plic(1, pins);
        p.write(priority(9), 4, 3);
        enableSource(p, 0, 9);
        p.source(9).set(true);
        assertTrue(pins.level(0, MEIP));
        p.write(threshold(0), 4, 3);
        assertFalse(pins.level(0, MEIP), "priority must exceed the threshold");
        assertEquals(0, p.read(claim(0), 4));
        p.write(threshold(0), 4, 2);
        assertTrue(pins.level(0, MEIP));
        p.write(priority(9), 4, 0);
        assertFalse(pins.level(0, MEIP), "priority 0 never interrupts");
    }

    @Test
    void contextsMapToHartsAndModes() {
        Plic p = new Plic(4, pins);
        p.write(priority(1), 4, 1);
        enableSource(p, VirtMemoryMap.plicMachineContext(2), 1);
        enableSource(p, VirtMemoryMap.plicSupervisorContext(3), 1);
        p.source(1).set(true);
        assertTrue(pins.level(2, MEIP));
        assertTrue(pins.level(3, SEIP));
        assertFalse(pins.level(2, SEIP));
        assertFalse(pins.level(3, MEIP));
        assertFalse(pins.level(0, MEIP));
        assertEquals(1, p.read(claim(7), 4));
        assertFalse(pins.level(2, MEIP), "claimed by one context, gone for all");
        assertEquals(0, p.read(claim(4), 4));
    }

    @Test
    void completionForADisabledSourceIsIgnored() {
        Plic p = new Plic(1, pins);
        p.write(priority(4), 4, 1);
        enableSource(p, 0, 4);
        p.source(4).set(true);
        assertEquals(4, p.read(claim(0), 4));
        p.write(claim(1), 4, 4);                                // context 1 never enabled it
        assertFalse(p.isPending(4));
        assertEquals(1, p.metrics().ignoredCompletions());
        p.write(claim(0), 4, 4);
        assertTrue(p.isPending(4));
    }

    @Test
    void pendingIsReadOnly() {
        Plic p = new Plic(1, pins);
        p.write(pending(0), 4, 0xffff_ffffL);
        assertEquals(0, p.read(pending(0), 4));
    }

    @Test
    void sourceIdsAreChecked() {
        Plic p = new Plic(1, pins);
        assertThrows(IllegalArgumentException.class, () -> p.source(0));
        assertThrows(IllegalArgumentException.class, () -> p.source(96));
        p.source(95).set(true);
        assertEquals(1L << 31, p.read(pending(2), 4));
    }

    @Test
    void saveAndRebuild() {
        Plic p = new Plic(2, pins);
        p.write(priority(10), 4, 3);
        p.write(priority(11), 4, 1);
        enableSource(p, 3, 10);
        enableSource(p, 3, 11);
        p.write(threshold(2), 4, 5);
        p.source(10).set(true);
        p.source(11).set(true);
        assertEquals(10, p.read(claim(3), 4));
        PlicState s = p.save();

        RecordingPins fresh = new RecordingPins();
        Plic q = new Plic(s, fresh);
        assertEquals(s, q.save());
        assertTrue(fresh.level(1, SEIP), "11 still pending for context 3");
        assertEquals(11, q.read(claim(3), 4));
        q.write(claim(3), 4, 10);
        assertEquals(10, q.read(claim(3), 4), "10's line was still high");
    }

    @Test
    void onlyAligned32BitAccessesAreRegisters() {
        Plic p = new Plic(1, pins);
        p.write(priority(2), 8, 7);
        assertEquals(0, p.read(priority(2), 4));
        p.write(priority(2), 4, 7);
        assertEquals(0, p.read(priority(2), 1));
        assertEquals(0, p.read(priority(2) + 1, 4));
    }

    @Test
    void guestGarbageNeverThrows() {
        Plic p = new Plic(4, pins);
        for (int irq = 1; irq < 96; irq += 7) p.source(irq).set(true);
        GuestGarbage.hammer(p, VirtMemoryMap.PLIC_SIZE, 7, 200_000);
        // and the context window specifically, where claims and completions live
        GuestGarbage.hammer(new org.virtlab.engine.memory.MmioDevice() {
            public long read(long o, int s) { return p.read(0x20_0000 + (o & 0x7fff), s); }
            public void write(long o, int s, long v) { p.write(0x20_0000 + (o & 0x7fff), s, v); }
        }, 0x8000, 8, 100_000);
    }
}
