package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.CsrNames;

/**
 * Timer extension, EID 0x54494D45 "TIME" (SBI spec v2.0, chapter "Timer Extension"):
 * set_timer(stime_value) programs the caller's next timer event at an absolute time.
 *
 * <p>The harts implement Sstc and the firmware sets menvcfg.STCE, so the timer is the caller's
 * stimecmp: writing a future value clears the pending STIP at once, as the spec requires, and
 * the comparator raises STIP when mtime reaches it (Sstc spec, "stimecmp"). Shared with the
 * legacy set_timer (EID 0x00).
 */
final class Timer extends SbiExtension {
    static final long EID = 0x54494D45L;

    private static final String[] FUNCTIONS = {"set_timer"};

    Timer() {
        super("TIME", EID, FUNCTIONS);
    }

    @Override
    public SbiRet call(SbiCall c) {
        setTimer(c, c.arg(0));
        return SbiRet.ok();
    }

    static void setTimer(SbiCall c, long stimeValue) {
        c.hart().writeCsr(CsrNames.STIMECMP, stimeValue);
    }
}
