package org.virtlab.engine.hypervisor.sbi;

import org.virtlab.engine.firmware.SbiError;

/**
 * IPI extension, EID 0x735049 "sPI" (SBI spec v2.0, chapter "IPI Extension"):
 * send_ipi(hart_mask, hart_mask_base) makes a supervisor software interrupt pending on every
 * selected vCPU, the calling one included if selected. An invalid hart list is
 * SBI_ERR_INVALID_PARAM and sends nothing ({@link VcpuMask}).
 */
final class Ipi extends GuestExtension {
    static final long EID = 0x735049L;

    Ipi() {
        super("IPI", EID, "send_ipi");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        GuestSbiPlatform p = c.platform();
        boolean valid = VcpuMask.forEach(c.arg(0), c.arg(1), p.vcpuCount(), p::sendSoftwareInterrupt);
        return valid ? SbiResult.ok() : SbiResult.error(SbiError.INVALID_PARAM);
    }
}
