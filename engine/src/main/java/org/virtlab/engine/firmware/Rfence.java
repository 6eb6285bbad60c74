package org.virtlab.engine.firmware;

import org.virtlab.engine.machine.Machine;

/**
 * RFENCE extension, EID 0x52464E43 "RFNC" (SBI spec v2.0, chapter "RFENCE Extension"): makes
 * other harts execute FENCE.I, SFENCE.VMA or (with the H extension) HFENCE.GVMA/VVMA.
 *
 * <p>The emulated harts cache translations and decoded instructions only in their software TLBs,
 * so every remote fence is {@code Hart.flushTranslations()} on each target: a superset of what
 * each fence requires, which is always allowed. Address ranges need no checking (any range,
 * including "everything" as start 0 size 0 or size 2^XLEN-1, is valid for a full flush). The
 * hfence functions exist only for harts with the H extension; without it they return
 * SBI_ERR_NOT_SUPPORTED, as the spec prescribes.
 */
final class Rfence extends SbiExtension {
    static final long EID = 0x52464E43L;

    private static final String[] FUNCTIONS = {"remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid",
            "remote_hfence_gvma_vmid", "remote_hfence_gvma", "remote_hfence_vvma_asid", "remote_hfence_vvma"};

    private final Machine machine;

    Rfence(Machine machine) {
        super("RFENCE", EID, FUNCTIONS);
        this.machine = machine;
    }

    @Override
    public SbiRet call(SbiCall c) {
        boolean hfence = c.fid() >= 3;
        if (hfence && !machine.config().hExtension()) return SbiRet.error(SbiError.NOT_SUPPORTED);
        long targets = HartMask.targets(c.arg(0), c.arg(1), machine.hartCount());
        if (targets == HartMask.INVALID) return SbiRet.error(SbiError.INVALID_PARAM);
        flush(machine, targets);
        return SbiRet.ok();
    }

    /** Drops cached translations and decoded code on every hart in the set (shared with the legacy fences). */
    static void flush(Machine machine, long targets) {
        for (int id = 0; id < machine.hartCount(); id++) {
            if ((targets >>> id & 1) != 0) machine.hart(id).flushTranslations();
        }
    }
}
