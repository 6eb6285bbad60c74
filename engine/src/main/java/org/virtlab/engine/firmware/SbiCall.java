package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Trap;

/**
 * One ecall as the firmware sees it: the calling hart (exactly as at the ecall), the trap, the
 * extension ID from a7, the function ID from a6 and the arguments in a0..a5 (SBI spec, "Binary
 * Encoding").
 */
final class SbiCall {
    private final Hart hart;
    private final Trap trap;

    SbiCall(Hart hart, Trap trap) {
        this.hart = hart;
        this.trap = trap;
    }

    Hart hart() {
        return hart;
    }

    Trap trap() {
        return trap;
    }

    long eid() {
        return hart.x(17);
    }

    long fid() {
        return hart.x(16);
    }

    /** Argument {@code i} (0..5): register a{@code i}. */
    long arg(int i) {
        return hart.x(10 + i);
    }

    /** Argument {@code i} as the 32-bit unsigned value some functions take (uint32_t). */
    long arg32(int i) {
        return arg(i) & 0xFFFF_FFFFL;
    }
}
