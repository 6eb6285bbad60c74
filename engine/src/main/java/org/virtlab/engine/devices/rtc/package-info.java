/**
 * The goldfish RTC: the time of day from an injected
 * {@link org.virtlab.engine.devices.rtc.RtcClock} (deterministic by default) and an alarm
 * interrupt. {@link org.virtlab.engine.devices.rtc.GoldfishRtc} is the device,
 * {@link org.virtlab.engine.devices.rtc.GoldfishRtcState} what it saves,
 * {@link org.virtlab.engine.devices.rtc.GoldfishRtcMetrics} what it counts.
 */
package org.virtlab.engine.devices.rtc;
