package org.virtlab.engine.hypervisor.sbi;

/**
 * One SBI extension of the guest SBI: the functions behind an extension ID. Extensions are
 * stateless (all state is the platform's), so one instance serves every domain. The legacy
 * extensions (EIDs 0x00-0x08) are one {@code GuestExtension} whose functions are numbered by
 * EID.
 */
abstract class GuestExtension {
    private final String name;
    private final long eid;
    private final String[] functions;

    /**
     * @param name      short name for counters and traces ("TIME", "HSM", ...), as the machine
     *                  firmware names it
     * @param eid       the extension ID (a7) it answers
     * @param functions the function names, indexed by function ID
     */
    GuestExtension(String name, long eid, String... functions) {
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
    final String functionName(int index) {
        return functions[index];
    }

    final int functionCount() {
        return functions.length;
    }

    /** Index of the called function among the names, or -1 if it does not exist. */
    int functionIndex(long eid, long fid) {
        return fid >= 0 && fid < functions.length ? (int) fid : -1;
    }

    /** Runs function {@code function} (an index {@link #functionIndex} returned). */
    abstract SbiResult call(GuestCall call, int function);
}
