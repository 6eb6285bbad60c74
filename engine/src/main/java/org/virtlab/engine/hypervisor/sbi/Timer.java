package org.virtlab.engine.hypervisor.sbi;

/**
 * Timer extension, EID 0x54494D45 "TIME" (SBI spec v2.0, chapter "Timer Extension"):
 * set_timer(stime_value) programs the calling vCPU's next timer event at an absolute time; a
 * future value clears its pending timer interrupt. The vCPU's virtual timer is the platform's
 * ({@link GuestSbiPlatform#setTimer}). Always succeeds.
 */
final class Timer extends GuestExtension {
    static final long EID = 0x54494D45L;

    Timer() {
        super("TIME", EID, "set_timer");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        c.platform().setTimer(c.vcpu(), c.arg(0));
        return SbiResult.ok();
    }
}
