package org.virtlab.engine.devices.clint;

import static org.junit.jupiter.api.Assertions.*;
import static org.virtlab.engine.devices.HartInterruptPins.MSIP;
import static org.virtlab.engine.devices.HartInterruptPins.MTIP;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.GuestGarbage;
import org.virtlab.engine.devices.RecordingPins;

class ClintTest {

    private static final long MSIP0 = 0x0, MTIMECMP0 = 0x4000, MTIME = 0xBFF8;

    private long now;
    private final RecordingPins pins = new RecordingPins();

    private Clint clint(int harts) {
        return new Clint(harts, () -> now, pins);
    }

    @Test
    void resetState() {
        Clint c = clint(2);
        assertEquals(-1L, c.read(MTIMECMP0, 8));
        assertEquals(-1L, c.read(MTIMECMP0 + 8, 8));
        assertEquals(0xffff_ffffL, c.read(MTIMECMP0 + 4, 4));
        assertEquals(0, c.read(MSIP0, 4));
        assertFalse(pins.level(0, MTIP));
        assertFalse(pins.level(1, MSIP));
        assertEquals(Long.MAX_VALUE, c.nextDeadline());
    }

    @Test
    void msipDrivesSoftwareInterruptBitZeroOnly() {
        Clint c = clint(4);
        c.write(MSIP0 + 4 * 3, 4, 1);
        assertTrue(pins.level(3, MSIP));
        assertFalse(pins.level(0, MSIP));
        assertEquals(1, c.read(MSIP0 + 12, 4));
        c.write(MSIP0 + 12, 4, 0xffff_fffeL);                  // bit 0 clear, others don't exist
        assertFalse(pins.level(3, MSIP));
        assertEquals(0, c.read(MSIP0 + 12, 4));
        c.write(MSIP0 + 12, 4, 0xffff_ffffL);
        assertEquals(1, c.read(MSIP0 + 12, 4));
        assertEquals(2, c.metrics().softwareInterrupts());
    }

    @Test
    void mtimeReadsMachineTimeIn32And64Bits() {
        Clint c = clint(1);
        now = 0x1_2345_6789L;
        assertEquals(0x1_2345_6789L, c.read(MTIME, 8));
        assertEquals(0x2345_6789L, c.read(MTIME, 4));
        assertEquals(0x1L, c.read(MTIME + 4, 4));
        assertEquals(0x89L, c.read(MTIME, 1));
    }

    @Test
    void writingMtimeSetsAnOffsetThatKeepsCounting() {
        Clint c = clint(1);
        now = 1000;
        c.write(MTIME, 8, 50);
        assertEquals(50, c.read(MTIME, 8));
        now = 1010;
        assertEquals(60, c.read(MTIME, 8));
        c.write(MTIME + 4, 4, 2);                              // high half only
        assertEquals((2L << 32) | 60, c.read(MTIME, 8));
        assertEquals(((2L << 32) | 60) - 1010, c.save().timeOffset());
    }

    @Test
    void mtimecmpHalvesAndWholeRegister() {
        Clint c = clint(2);
        c.write(MTIMECMP0 + 8, 8, 0x1122_3344_5566_7788L);
        assertEquals(0x1122_3344_5566_7788L, c.read(MTIMECMP0 + 8, 8));
        c.write(MTIMECMP0 + 8, 4, 0xaabb_ccddL);
        assertEquals(0x1122_3344_aabb_ccddL, c.read(MTIMECMP0 + 8, 8));
        c.write(MTIMECMP0 + 12, 4, 0);
        assertEquals(0xaabb_ccddL, c.read(MTIMECMP0 + 8, 8));
        assertEquals(-1L, c.read(MTIMECMP0, 8), "hart 0's comparator is untouched");
    }

    @Test
    void timerInterruptFollowsComparison() {
        Clint c = clint(2);
        c.write(MTIMECMP0, 8, 100);
        assertFalse(pins.level(0, MTIP));
        assertEquals(100, c.nextDeadline());
        now = 99;
        c.advanceTo(99);
        assertFalse(pins.level(0, MTIP));
        now = 100;
        c.advanceTo(100);
        assertTrue(pins.level(0, MTIP), "mtime >= mtimecmp raises MTIP");
        assertFalse(pins.level(1, MTIP));
        assertEquals(Long.MAX_VALUE, c.nextDeadline(), "a comparator that fired is no future deadline");
        c.write(MTIMECMP0, 8, 200);                            // the usual way to acknowledge
        assertFalse(pins.level(0, MTIP), "moving mtimecmp into the future lowers MTIP at once");
        assertEquals(200, c.nextDeadline());
        c.write(MTIMECMP0, 8, 50);
        assertTrue(pins.level(0, MTIP), "a comparator in the past raises MTIP at once");
        assertEquals(2, c.metrics().timerInterrupts());
    }

    @Test
    void rv32StyleComparatorUpdateNeverFiresSpuriously() {
        // The privileged spec's RV32 sequence: low = -1, high = new high, low = new low.
        Clint c = clint(1);
        now = 5000;
        c.write(MTIMECMP0, 4, 0xffff_ffffL);
        c.write(MTIMECMP0 + 4, 4, 0);
        c.write(MTIMECMP0, 4, 6000);
        assertEquals(6000, c.read(MTIMECMP0, 8));
        assertEquals(0, c.metrics().timerInterrupts());
    }

    @Test
    void deadlineIsInMachineTimeWhenMtimeWasMoved() {
        Clint c = clint(2);
        now = 1000;
        c.write(MTIME, 8, 0);                                  // mtime = machine time - 1000
        c.write(MTIMECMP0, 8, 500);
        c.write(MTIMECMP0 + 8, 8, 300);
        assertEquals(1300, c.nextDeadline());
        now = 1300;
        c.advanceTo(1300);
        assertTrue(pins.level(1, MTIP));
        assertFalse(pins.level(0, MTIP));
        assertEquals(1500, c.nextDeadline());
    }

    @Test
    void saveAndRebuildDrivesPins() {
        Clint c = clint(2);
        now = 10;
        c.write(MSIP0 + 4, 4, 1);
        c.write(MTIMECMP0, 8, 5);
        c.write(MTIME, 8, 1_000);
        ClintState s = c.save();
        assertEquals(2, s.harts());

        RecordingPins fresh = new RecordingPins();
        Clint restored = new Clint(s, () -> now, fresh);
        assertEquals(s, restored.save());
        assertTrue(fresh.level(1, MSIP));
        assertTrue(fresh.level(0, MTIP));
        assertFalse(fresh.level(1, MTIP));
        assertEquals(1_000, restored.read(MTIME, 8));
    }

    @Test
    void holesAndStraddlingAccessesAreIgnored() {
        Clint c = clint(1);
        assertEquals(0, c.read(MSIP0 + 4, 4), "msip of a hart that does not exist");
        assertEquals(0, c.read(0x8000, 4));
        assertEquals(0, c.read(MTIMECMP0 + 4, 8), "straddles two registers");
        c.write(MSIP0 + 4, 4, 1);
        assertTrue(c.metrics().accesses().ignoredAccesses() >= 4);
    }

    @Test
    void guestGarbageNeverThrows() {
        Clint c = clint(4);
        GuestGarbage.hammer(c, VirtMemoryMap.CLINT_SIZE, 42, 200_000);
        c.advanceTo(now);
        c.nextDeadline();
    }
}
