package org.virtlab.engine.devices.rtc;

import java.util.function.LongSupplier;
import org.virtlab.engine.devices.InterruptLine;
import org.virtlab.engine.machine.Clocked;
import org.virtlab.engine.memory.MmioDevice;

/**
 * The goldfish real-time clock ("google,goldfish-rtc", Android emulator GOLDFISH-VIRTUAL-HARDWARE
 * document, section "Goldfish real-time clock"), with QEMU's additions: time is settable and
 * the alarm registers read back.
 *
 * <pre>
 *   0x00 TIME_LOW         R: low 32 bits of the time (ns), latches the high half  W: set them
 *   0x04 TIME_HIGH        R: the latched high half                                W: set it
 *   0x08 ALARM_LOW        R/W: low half of the alarm; a write arms the alarm
 *   0x0c ALARM_HIGH       R/W: high half of the alarm (write it first)
 *   0x10 IRQ_ENABLED      R/W: bit 0
 *   0x14 CLEAR_ALARM      W: disarm
 *   0x18 ALARM_STATUS     R: 1 while armed
 *   0x1c CLEAR_INTERRUPT  W: acknowledge a fired alarm
 * </pre>
 *
 * Only aligned 32-bit accesses are registers. An alarm armed in the past fires at once; a
 * fired alarm sets the interrupt, which reaches the IRQ line while IRQ_ENABLED is set. The
 * time of day comes from an injected {@link RtcClock}, so by default it advances with machine
 * time and runs are repeatable.
 */
public final class GoldfishRtc implements MmioDevice, Clocked {

    private static final int TIME_LOW = 0x00, TIME_HIGH = 0x04, ALARM_LOW = 0x08, ALARM_HIGH = 0x0c,
            IRQ_ENABLED = 0x10, CLEAR_ALARM = 0x14, ALARM_STATUS = 0x18, CLEAR_INTERRUPT = 0x1c;

    private final LongSupplier machineTime;
    private final RtcClock clock;
    private final InterruptLine irq;
    private final GoldfishRtcMetrics metrics = new GoldfishRtcMetrics();

    private long timeOffset;
    private long alarm;
    private boolean alarmRunning;
    private boolean irqPending;
    private boolean irqEnabled;
    private int timeHighLatch;
    private boolean irqLevel;

    /**
     * An RTC in its reset state.
     *
     * @param machineTime machine time in 10 MHz ticks
     * @param clock       the time of day as a function of machine time
     * @param irq         the interrupt output (PLIC source 11 on the virt board)
     */
    public GoldfishRtc(LongSupplier machineTime, RtcClock clock, InterruptLine irq) {
        this(GoldfishRtcState.reset(), machineTime, clock, irq);
    }

    /** An RTC in a saved state; drives the IRQ line to match it. */
    public GoldfishRtc(GoldfishRtcState state, LongSupplier machineTime, RtcClock clock, InterruptLine irq) {
        this.machineTime = machineTime;
        this.clock = clock;
        this.irq = irq;
        timeOffset = state.timeOffset();
        alarm = state.alarm();
        alarmRunning = state.alarmRunning();
        irqPending = state.irqPending();
        irqEnabled = state.irqEnabled();
        timeHighLatch = state.timeHighLatch();
        irqLevel = irqPending && irqEnabled;
        irq.set(irqLevel);
    }

    public GoldfishRtcState save() {
        return new GoldfishRtcState(timeOffset, alarm, alarmRunning, irqPending, irqEnabled, timeHighLatch);
    }

    public GoldfishRtcMetrics metrics() { return metrics; }

    /** The guest-visible time of day in nanoseconds since the Unix epoch. */
    public long nanos() {
        return clock.nanosAt(machineTime.getAsLong()) + timeOffset;
    }

    @Override
    public long read(long offset, int size) {
        metrics.accesses.read();
        if (size == 4 && (offset & 3) == 0 && offset >= 0 && offset <= CLEAR_INTERRUPT) {
            switch ((int) offset) {
                case TIME_LOW -> {
                    long now = nanos();
                    timeHighLatch = (int) (now >>> 32);
                    return now & 0xffff_ffffL;
                }
                case TIME_HIGH -> { return timeHighLatch & 0xffff_ffffL; }
                case ALARM_LOW -> { return alarm & 0xffff_ffffL; }
                case ALARM_HIGH -> { return alarm >>> 32; }
                case IRQ_ENABLED -> { return irqEnabled ? 1 : 0; }
                case ALARM_STATUS -> { return alarmRunning ? 1 : 0; }
                default -> { }
            }
        }
        metrics.accesses.ignored();
        return 0;
    }

    @Override
    public void write(long offset, int size, long value) {
        metrics.accesses.write();
        if (size != 4 || (offset & 3) != 0 || offset < 0 || offset > CLEAR_INTERRUPT) {
            metrics.accesses.ignored();
            return;
        }
        long v = value & 0xffff_ffffL;
        switch ((int) offset) {
            case TIME_LOW -> {
                long now = nanos();
                timeOffset += ((now & ~0xffff_ffffL) | v) - now;
                checkAlarm();
            }
            case TIME_HIGH -> {
                long now = nanos();
                timeOffset += ((v << 32) | (now & 0xffff_ffffL)) - now;
                checkAlarm();
            }
            case ALARM_LOW -> {
                alarm = (alarm & ~0xffff_ffffL) | v;
                alarmRunning = true;
                checkAlarm();
            }
            case ALARM_HIGH -> alarm = (v << 32) | (alarm & 0xffff_ffffL);
            case IRQ_ENABLED -> irqEnabled = (v & 1) != 0;
            case CLEAR_ALARM -> alarmRunning = false;
            case CLEAR_INTERRUPT -> irqPending = false;
            default -> metrics.accesses.ignored();           // ALARM_STATUS is read-only
        }
        updateIrq();
    }

    @Override
    public void advanceTo(long mtime) {
        checkAlarm();
        updateIrq();
    }

    @Override
    public long nextDeadline() {
        if (!alarmRunning) return Long.MAX_VALUE;
        return clock.mtimeWhen(alarm - timeOffset, machineTime.getAsLong());
    }

    private void checkAlarm() {
        if (alarmRunning && Long.compareUnsigned(nanos(), alarm) >= 0) {
            alarmRunning = false;
            irqPending = true;
            metrics.alarmsFired++;
        }
    }

    private void updateIrq() {
        boolean level = irqPending && irqEnabled;
        if (level != irqLevel) {
            irqLevel = level;
            irq.set(level);
        }
    }
}
