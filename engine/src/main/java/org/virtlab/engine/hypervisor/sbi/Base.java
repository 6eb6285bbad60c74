package org.virtlab.engine.hypervisor.sbi;

/**
 * Base extension, EID 0x10 (SBI spec v2.0, chapter "Base Extension"): the SBI version, who
 * implements it, which extensions exist, and the machine IDs of the calling hart. Every
 * function succeeds.
 *
 * <p>The implementation ID is the machine firmware's (0x564C4142, "VLAB": see
 * {@code firmware/Base}): both SBIs are VirtLab's and behave alike. The virtual harts report
 * mvendorid, marchid and mimpid as 0 ("not implemented", privileged spec, "Machine Vendor ID
 * Register"), so the SBI does too.
 */
final class Base extends GuestExtension {
    static final long EID = 0x10;

    /** SBI specification 2.0: major in bits 30:24, minor in bits 23:0. */
    static final long SPEC_VERSION = 2L << 24;

    /** "VLAB", the machine firmware's implementation ID. */
    static final long IMPL_ID = 0x564C_4142L;

    /**
     * Version of the guest SBI, major << 16 | minor: 1.0, the first version of the hypervisor's
     * SBI (the same encoding as the machine firmware's; the two are versioned apart).
     */
    static final long IMPL_VERSION = 1L << 16;

    /** mvendorid, marchid and mimpid of a virtual hart. */
    static final long VIRTUAL_HART_ID = 0;

    Base() {
        super("BASE", EID, "get_spec_version", "get_impl_id", "get_impl_version", "probe_extension",
                "get_mvendorid", "get_marchid", "get_mimpid");
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        switch (function) {
            case 0: return SbiResult.ok(SPEC_VERSION);
            case 1: return SbiResult.ok(IMPL_ID);
            case 2: return SbiResult.ok(IMPL_VERSION);
            case 3: return SbiResult.ok(GuestSbi.implemented(c.arg(0)) ? 1 : 0);
            default: return SbiResult.ok(VIRTUAL_HART_ID);
        }
    }
}
