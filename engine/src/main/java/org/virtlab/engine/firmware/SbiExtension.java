package org.virtlab.engine.firmware;

/**
 * One SBI extension: the functions behind an extension ID. The legacy extensions (EIDs
 * 0x00-0x08) are one {@code SbiExtension} whose functions are numbered by EID.
 */
abstract class SbiExtension {
    private final String name;
    private final long eid;
    private final String[] functions;

    /**
     * @param name      short name for counters and traces ("TIME", "HSM", ...)
     * @param eid       the extension ID (a7) it answers
     * @param functions the function names, indexed by function ID
     */
    SbiExtension(String name, long eid, String... functions) {
        this.name = name;
        this.eid = eid;
        this.functions = functions;
    }

    final String name() {
        return name;
    }

    /** Whether this extension answers ecalls with this EID (a7). */
    boolean handles(long eid) {
        return eid == this.eid;
    }

    /** The function names, indexed by {@link #functionIndex}. */
    final String[] functionNames() {
        return functions;
    }

    /** Index of the called function in {@link #functionNames}, or -1 if it does not exist. */
    int functionIndex(long eid, long fid) {
        return fid >= 0 && fid < functions.length ? (int) fid : -1;
    }

    /** Runs a function that {@link #functionIndex} knows. */
    abstract SbiRet call(SbiCall call);
}
