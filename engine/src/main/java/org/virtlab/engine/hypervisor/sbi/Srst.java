package org.virtlab.engine.hypervisor.sbi;

import org.virtlab.engine.firmware.SbiError;

/**
 * System Reset extension, EID 0x53525354 "SRST" (SBI spec v2.0, chapter "System Reset
 * Extension"): system_reset(reset_type, reset_reason) for the whole domain.
 *
 * <p>As the machine firmware: types 0 shutdown, 1 cold reboot, 2 warm reboot (both reboots
 * reset the whole domain); reasons 0 none, 1 system failure, and a shutdown for "system
 * failure" has exit code 1, otherwise 0. Any other type or reason is reserved or
 * vendor-specific and unimplemented: SBI_ERR_INVALID_PARAM, and nothing happens. A successful
 * call does not return.
 */
final class Srst extends GuestExtension {
    static final long EID = 0x53525354L;
    static final long SHUTDOWN = 0, COLD_REBOOT = 1, WARM_REBOOT = 2;
    static final long NO_REASON = 0, SYSTEM_FAILURE = 1;

    Srst() {
        super("SRST", EID, "system_reset");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        long type = c.arg32(0);
        long reason = c.arg32(1);
        if (type > WARM_REBOOT || reason > SYSTEM_FAILURE) return SbiResult.error(SbiError.INVALID_PARAM);
        if (type == SHUTDOWN) c.platform().shutdown(reason == SYSTEM_FAILURE ? 1 : 0);
        else c.platform().reboot();
        return SbiResult.NO_RETURN;
    }
}
