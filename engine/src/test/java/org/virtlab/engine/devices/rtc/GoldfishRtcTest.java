package org.virtlab.engine.devices.rtc;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.GuestGarbage;
import org.virtlab.engine.devices.RecordingLine;

class GoldfishRtcTest {

    private static final int TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c, IRQ_ENABLED = 0x10,
            CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c;
    /** 2024-01-01T00:00:00Z. */
    private static final long EPOCH = 1_704_067_200_000_000_000L;

    private long mtime;
    private final RecordingLine irq = new RecordingLine();
    private final GoldfishRtc rtc = new GoldfishRtc(() -> mtime, RtcClock.fromMachineTime(EPOCH), irq);

    private long readTime() {
        long low = rtc.read(TIME_LOW, 4);
        return (rtc.read(TIME_HIGH, 4) << 32) | low;
    }

    private void setAlarm(long ns) {
        rtc.write(ALARM_HIGH, 4, ns >>> 32);
        rtc.write(ALARM_LOW, 4, ns & 0xffff_ffffL);
    }

    @Test
    void timeIsBootEpochPlusMachineTime() {
        assertEquals(EPOCH, readTime());
        mtime = 10_000_000;                                    // one second
        assertEquals(EPOCH + 1_000_000_000L, readTime());
    }

    @Test
    void timeHighIsLatchedByTimeLow() {
        mtime = 0;
        long low = rtc.read(TIME_LOW, 4);
        mtime = 100_000_000_000L;                              // the high half moves on meanwhile
        assertEquals(EPOCH >>> 32, rtc.read(TIME_HIGH, 4));
        assertEquals(EPOCH & 0xffff_ffffL, low);
    }

    @Test
    void guestCanSetTheTime() {
        long target = 0x0000_0123_4567_89abL;
        rtc.write(TIME_HIGH, 4, target >>> 32);
        rtc.write(TIME_LOW, 4, target & 0xffff_ffffL);
        assertEquals(target, readTime());
        mtime = 5;
        assertEquals(target + 500, readTime());
    }

    @Test
    void alarmFiresAtItsMachineTime() {
        rtc.write(IRQ_ENABLED, 4, 1);
        setAlarm(EPOCH + 1_000);                               // 1 us = 10 ticks
        assertEquals(1, rtc.read(ALARM_STATUS, 4));
        assertEquals(10, rtc.nextDeadline());
        mtime = 9;
        rtc.advanceTo(9);
        assertFalse(irq.level);
        mtime = 10;
        rtc.advanceTo(10);
        assertTrue(irq.level);
        assertEquals(0, rtc.read(ALARM_STATUS, 4));
        assertEquals(Long.MAX_VALUE, rtc.nextDeadline());
        rtc.write(CLEAR_INTERRUPT, 4, 1);
        assertFalse(irq.level);
        assertEquals(1, rtc.metrics().alarmsFired());
    }

    @Test
    void deadlineRoundsUpToAWholeTick() {
        setAlarm(EPOCH + 1_050);
        assertEquals(11, rtc.nextDeadline());
    }

    @Test
    void alarmInThePastFiresAtOnceAndIrqEnableGatesTheLine() {
        mtime = 1000;
        setAlarm(EPOCH);
        assertFalse(irq.level, "interrupt pending but not enabled");
        assertEquals(0, rtc.read(ALARM_STATUS, 4));
        rtc.write(IRQ_ENABLED, 4, 1);
        assertTrue(irq.level);
        assertEquals(1, rtc.read(IRQ_ENABLED, 4));
        rtc.write(IRQ_ENABLED, 4, 0);
        assertFalse(irq.level);
    }

    @Test
    void clearAlarmDisarms() {
        setAlarm(EPOCH + 1_000_000);
        rtc.write(CLEAR_ALARM, 4, 1);
        assertEquals(0, rtc.read(ALARM_STATUS, 4));
        assertEquals(Long.MAX_VALUE, rtc.nextDeadline());
        mtime = 1_000_000;
        rtc.advanceTo(mtime);
        assertEquals(0, rtc.metrics().alarmsFired());
        assertEquals((EPOCH + 1_000_000) & 0xffff_ffffL, rtc.read(ALARM_LOW, 4), "alarm registers read back");
        assertEquals((EPOCH + 1_000_000) >>> 32, rtc.read(ALARM_HIGH, 4));
    }

    @Test
    void saveAndRebuild() {
        rtc.write(TIME_LOW, 4, 0);
        rtc.write(IRQ_ENABLED, 4, 1);
        setAlarm(EPOCH + 5_000_000_000L);
        GoldfishRtcState s = rtc.save();
        RecordingLine line = new RecordingLine();
        GoldfishRtc copy = new GoldfishRtc(s, () -> mtime, RtcClock.fromMachineTime(EPOCH), line);
        assertEquals(s, copy.save());
        assertEquals(rtc.nanos(), copy.nanos());
        assertEquals(rtc.nextDeadline(), copy.nextDeadline());
    }

    @Test
    void hostClockIsNearNow() {
        long ns = RtcClock.hostClock().nanosAt(0);
        assertTrue(Math.abs(ns / 1_000_000 - System.currentTimeMillis()) < 60_000);
    }

    @Test
    void guestGarbageNeverThrows() {
        GuestGarbage.hammer(rtc, VirtMemoryMap.RTC_SIZE, 11, 100_000);
        rtc.advanceTo(mtime);
        rtc.nextDeadline();
    }
}
