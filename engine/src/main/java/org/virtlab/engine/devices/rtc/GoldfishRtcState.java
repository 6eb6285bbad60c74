package org.virtlab.engine.devices.rtc;

/**
 * Everything in a goldfish RTC.
 *
 * @param timeOffset    nanoseconds the guest added to the clock by writing TIME_LOW/TIME_HIGH
 * @param alarm         the alarm time in guest nanoseconds (ALARM_HIGH:ALARM_LOW)
 * @param alarmRunning  the alarm is armed and has not fired
 * @param irqPending    the alarm fired and the guest has not cleared the interrupt
 * @param irqEnabled    IRQ_ENABLED bit 0
 * @param timeHighLatch the high half of the time latched by the last TIME_LOW read
 */
public record GoldfishRtcState(long timeOffset, long alarm, boolean alarmRunning, boolean irqPending,
        boolean irqEnabled, int timeHighLatch) {

    public static GoldfishRtcState reset() {
        return new GoldfishRtcState(0, 0, false, false, false, 0);
    }
}
