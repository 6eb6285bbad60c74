package org.virtlab.engine.cpu;

/**
 * Java code standing in a privilege level (shared/DESIGN.md section 2, "Platform code vs guest
 * code"). When a trap would enter a level the platform owns, the hart calls the handler instead
 * of jumping to the trap vector. On entry the hart is exactly as it was when it trapped; the
 * handler changes registers, memory or devices and then chooses where the guest continues with
 * {@link Hart#setPc} and {@link Hart#setMode} (for example pc + 4 after an ecall).
 */
@FunctionalInterface
public interface PlatformTrapHandler {

    void handle(Hart hart, Trap trap);
}
