package org.virtlab.engine.firmware;

import java.util.function.LongPredicate;
import org.virtlab.engine.cpu.CsrNames;

/**
 * Base extension, EID 0x10 (SBI spec v2.0, chapter "Base Extension"): the SBI version, who
 * implements it, and which extensions exist. Every function succeeds.
 */
final class Base extends SbiExtension {
    static final long EID = 0x10;

    /** SBI specification 2.0: major in bits 30:24, minor in bits 23:0. */
    static final long SPEC_VERSION = 2L << 24;

    /**
     * Implementation ID. The spec's registry ("SBI Implementation IDs") hands out small
     * sequential numbers (0 BBL, 1 OpenSBI, ... 11 bhyve); VirtLab's firmware is not registered,
     * so it takes a value far outside that sequence, the ASCII tag "VLAB", which no future
     * registration will reach and which no software will mistake for OpenSBI's quirks.
     */
    static final long IMPL_ID = 0x564C_4142L;

    /** Implementation version: major << 16 | minor, as OpenSBI encodes its own (1.0). */
    static final long IMPL_VERSION = 1L << 16;

    private static final String[] FUNCTIONS = {"get_spec_version", "get_impl_id", "get_impl_version",
            "probe_extension", "get_mvendorid", "get_marchid", "get_mimpid"};

    private final LongPredicate implemented;

    /** @param implemented whether an EID is answered by this firmware (for probe_extension) */
    Base(LongPredicate implemented) {
        super("BASE", EID, FUNCTIONS);
        this.implemented = implemented;
    }

    @Override
    public SbiRet call(SbiCall c) {
        switch ((int) c.fid()) {
            case 0: return SbiRet.ok(SPEC_VERSION);
            case 1: return SbiRet.ok(IMPL_ID);
            case 2: return SbiRet.ok(IMPL_VERSION);
            case 3: return SbiRet.ok(implemented.test(c.arg(0)) ? 1 : 0);
            case 4: return SbiRet.ok(c.hart().readCsr(CsrNames.MVENDORID));
            case 5: return SbiRet.ok(c.hart().readCsr(CsrNames.MARCHID));
            default: return SbiRet.ok(c.hart().readCsr(CsrNames.MIMPID));
        }
    }
}
