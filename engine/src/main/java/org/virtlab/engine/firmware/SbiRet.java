package org.virtlab.engine.firmware;

/**
 * The outcome of one SBI function: {@code struct sbiret { long error; long value; }} (SBI spec,
 * "Binary Encoding"), or {@link #NO_RETURN} when the function has already decided where the
 * hart goes (hart_stop, a reset, a fault redirected to S-mode) and must not return to the
 * caller's next instruction.
 */
record SbiRet(long error, long value, boolean returns) {

    static final SbiRet NO_RETURN = new SbiRet(0, 0, false);

    static SbiRet ok(long value) {
        return new SbiRet(SbiError.SUCCESS, value, true);
    }

    static SbiRet ok() {
        return ok(0);
    }

    static SbiRet error(long error) {
        return new SbiRet(error, 0, true);
    }
}
