package org.virtlab.engine.hypervisor.para;

import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.hypervisor.VirtualBoard;

/**
 * Where a PV guest's events come from (docs/hypercalls.md, "Events"): channel 0 is each vCPU's
 * one-shot timer, channel 10 says console input waits, and channel n (1..31) is the domain's
 * board interrupt source n (virtio slot i is 1 + i). Device and console events go to vCPU 0.
 *
 * <p>The guest never programs the board's PLIC, so an unclaimed source's pending bit there is
 * simply its line level; a device event is raised when that level rises (the device
 * completed something). A virtio-blk line changes only when the guest accesses the device,
 * and the hypervisor samples after every MMIO access, so no edge goes unseen; lines the board
 * drives by itself (the RTC) are sampled whenever the hypervisor looks at vCPU 0 (every
 * slice boundary while it runs or waits, and when it is scheduled). Console input is raised while input waits, so a guest that reads
 * only part of it hears of the rest. Each new notification counts "event.&lt;channel&gt;",
 * and "event.while_masked" when the guest had events masked: it will see the pending bit
 * in its info page at once, and get the upcall when it unmasks.
 */
final class EventChannels {
    private static final int UART_LSR = 5, LSR_DATA_READY = 1;

    private final VirtualBoard board;
    private final LongSupplier now;
    private final Consumer<String> counter;
    private final int[] deviceSources;
    private final boolean[] lastLevel = new boolean[32];

    EventChannels(VirtualBoard board, LongSupplier now, Consumer<String> counter) {
        this.board = board;
        this.now = now;
        this.counter = counter;
        int slots = board.virtio().size();
        deviceSources = new int[slots + 1];
        for (int i = 0; i < slots; i++) deviceSources[i] = VirtMemoryMap.virtioIrq(i);
        deviceSources[slots] = VirtMemoryMap.RTC_IRQ;
    }

    /** The device line levels seen last, by channel: for a snapshot. */
    boolean[] lines() {
        return lastLevel.clone();
    }

    /** Takes saved {@link #lines}. */
    void restoreLines(boolean[] levels) {
        System.arraycopy(levels, 0, lastLevel, 0, lastLevel.length);
    }

    /** Fires {@code pv}'s timer if due, and (for vCPU 0) samples the devices and the console. */
    void poll(ParaVcpu pv) {
        if (pv.timerDeadline != Long.MAX_VALUE && Long.compareUnsigned(now.getAsLong(), pv.timerDeadline) >= 0) {
            pv.timerDeadline = Long.MAX_VALUE;
            raise(pv, ParaAbi.EVENT_TIMER);
        }
        if (pv.vcpu.index() != 0) return;
        for (int src : deviceSources) {
            boolean level = board.plic().isPending(src);
            if (level && !lastLevel[src]) raise(pv, src);
            lastLevel[src] = level;
        }
        if ((board.uart().read(UART_LSR, 1) & LSR_DATA_READY) != 0) raise(pv, ParaAbi.EVENT_CONSOLE);
    }

    /** Sets a channel's pending bit and counts the notification (none if it was pending already). */
    void raise(ParaVcpu pv, int channel) {
        boolean masked = pv.masked();
        if (!pv.raise(channel)) return;
        counter.accept("event." + name(channel));
        if (masked) counter.accept("event.while_masked");
    }

    /** "timer", "console", "virtio0".., "rtc", or "channel&lt;n&gt;". */
    static String name(int channel) {
        if (channel == ParaAbi.EVENT_TIMER) return "timer";
        if (channel == ParaAbi.EVENT_CONSOLE) return "console";
        if (channel == VirtMemoryMap.RTC_IRQ) return "rtc";
        int slot = channel - VirtMemoryMap.VIRTIO_FIRST_IRQ;
        if (slot >= 0 && slot < VirtMemoryMap.VIRTIO_SLOTS) return "virtio" + slot;
        return "channel" + channel;
    }
}
