package org.virtlab.engine.hypervisor.sbi;

import java.util.function.IntConsumer;

/**
 * The hart list parameter of IPI and RFENCE, over a domain's vCPUs (SBI spec v2.0, "Binary
 * Encoding", "Hart list parameter"): bit i of {@code hart_mask} selects vCPU
 * {@code hart_mask_base + i}; {@code hart_mask_base == -1} selects every vCPU and ignores the
 * mask. A selected ID that is not a vCPU of the domain (including one that wraps past 2^64)
 * makes the whole call fail with SBI_ERR_INVALID_PARAM before anything is done. An empty mask
 * selects nothing and is valid whatever the base, as in the machine firmware's HartMask.
 *
 * <p>Unlike the firmware's HartMask (a bit set, so at most 64 harts) this walks the selection,
 * so a domain may have any number of vCPUs.
 */
final class VcpuMask {
    static final long ALL = -1;

    private VcpuMask() {
    }

    /**
     * Runs {@code action} for every selected vCPU, in increasing order, and returns true; or
     * returns false without running it when the list names a vCPU that does not exist.
     */
    static boolean forEach(long mask, long base, int vcpuCount, IntConsumer action) {
        if (base == ALL) {
            for (int v = 0; v < vcpuCount; v++) action.accept(v);
            return true;
        }
        for (int i = 0; i < 64; i++) {
            if ((mask >>> i & 1) == 0) continue;
            long id = base + i;
            if (Long.compareUnsigned(id, base) < 0 || Long.compareUnsigned(id, vcpuCount) >= 0) return false;
        }
        for (int i = 0; i < 64; i++) {
            if ((mask >>> i & 1) != 0) action.accept((int) (base + i));
        }
        return true;
    }
}
