package org.virtlab.engine.firmware;

/**
 * One SBI extension: the functions behind an extension ID. The legacy extensions (EIDs
 * 0x00-0x08) are one {@code SbiExtension} whose functions are numbered by EID.
 */
interface SbiExtension {

    /** Short name for counters and traces ("TIME", "HSM", ...). */
    String name();

    /** Whether this extension answers ecalls with this EID (a7). */
    boolean handles(long eid);

    /** The function names, indexed by {@link #functionIndex}. */
    String[] functionNames();

    /** Index of the called function in {@link #functionNames}, or -1 if it does not exist. */
    default int functionIndex(long eid, long fid) {
        return fid >= 0 && fid < functionNames().length ? (int) fid : -1;
    }

    /** Runs a function that {@link #functionIndex} knows. */
    SbiRet call(SbiCall call);
}
