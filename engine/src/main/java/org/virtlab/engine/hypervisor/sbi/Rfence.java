package org.virtlab.engine.hypervisor.sbi;

import org.virtlab.engine.firmware.SbiError;

/**
 * RFENCE extension, EID 0x52464E43 "RFNC" (SBI spec v2.0, chapter "RFENCE Extension"): makes
 * the selected vCPUs execute FENCE.I or SFENCE.VMA ({@link GuestSbiPlatform#remoteFence}).
 *
 * <ul>
 * <li>remote_fence_i(hart_mask, hart_mask_base)
 * <li>remote_sfence_vma(hart_mask, hart_mask_base, start_addr, size)
 * <li>remote_sfence_vma_asid(hart_mask, hart_mask_base, start_addr, size, asid)
 * <li>the four remote_hfence_* functions: SBI_ERR_NOT_SUPPORTED, which the spec prescribes when
 *     a target hart lacks the H extension; virtual harts have none.
 * </ul>
 *
 * An invalid hart list is SBI_ERR_INVALID_PARAM and fences nothing. Ranges are passed on
 * unchecked, as the machine firmware does: every range is a valid request, and the platform
 * may always flush more than asked.
 */
final class Rfence extends GuestExtension {
    static final long EID = 0x52464E43L;
    static final int FENCE_I = 0, SFENCE_VMA = 1, SFENCE_VMA_ASID = 2;

    Rfence() {
        super("RFENCE", EID, "remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid",
                "remote_hfence_gvma_vmid", "remote_hfence_gvma", "remote_hfence_vvma_asid", "remote_hfence_vvma");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        if (function > SFENCE_VMA_ASID) return SbiResult.error(SbiError.NOT_SUPPORTED);
        FenceKind kind = function == FENCE_I ? FenceKind.FENCE_I
                : function == SFENCE_VMA ? FenceKind.SFENCE_VMA : FenceKind.SFENCE_VMA_ASID;
        long start = function == FENCE_I ? 0 : c.arg(2);
        long size = function == FENCE_I ? 0 : c.arg(3);
        long asid = function == SFENCE_VMA_ASID ? c.arg(4) : 0;
        GuestSbiPlatform p = c.platform();
        boolean valid = VcpuMask.forEach(c.arg(0), c.arg(1), p.vcpuCount(),
                v -> p.remoteFence(v, kind, start, size, asid));
        return valid ? SbiResult.ok() : SbiResult.error(SbiError.INVALID_PARAM);
    }
}
