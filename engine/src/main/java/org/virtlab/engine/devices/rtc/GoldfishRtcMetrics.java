package org.virtlab.engine.devices.rtc;

import org.virtlab.engine.devices.AccessCounters;

/** What the RTC has done: bus accesses and alarms fired. */
public final class GoldfishRtcMetrics {

    final AccessCounters accesses = new AccessCounters();
    long alarmsFired;

    public AccessCounters accesses() { return accesses; }

    public long alarmsFired() { return alarmsFired; }
}
