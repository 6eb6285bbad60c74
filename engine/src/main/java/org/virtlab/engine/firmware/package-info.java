/**
 * The built-in SBI firmware: Java code that owns M-mode on every hart and answers the
 * supervisor's ecalls (RISC-V Supervisor Binary Interface v2.0), standing where OpenSBI stands
 * on a real board (shared/DESIGN.md section 2, "Firmware" and "Platform code vs guest code").
 *
 * <p>{@link org.virtlab.engine.firmware.BuiltinSbi} is the entry point: {@code boot} prepares
 * every hart's M-mode state, enters S-mode on the boot hart and registers itself as the M-mode
 * owner; from then on every trap that would enter M-mode calls its {@code handle}. It
 * dispatches ecalls by extension ID to one small class per SBI extension ({@code Base},
 * {@code Timer}, {@code Ipi}, {@code Rfence}, {@code Hsm}, {@code Srst}, {@code Dbcn},
 * {@code Legacy}); any other trap is redirected to S-mode or reported ({@code TrapRedirect}).
 * The board supplies the console and power control through
 * {@link org.virtlab.engine.firmware.SbiPlatform}; every call is counted in
 * {@link org.virtlab.engine.firmware.SbiCounters}.
 *
 * <p>The firmware keeps no state of its own besides its counters: a hart's HSM state is whether
 * the hart is halted, timers live in stimecmp (Sstc), IPIs in sip.SSIP. A machine snapshot
 * therefore captures everything the firmware knows.
 *
 * <p>Related code: the trap hook in {@code cpu/Traps.java}; the guest-side test program in
 * {@code guests/sbi-tests}; the spec is github.com/riscv-non-isa/riscv-sbi-doc.
 */
package org.virtlab.engine.firmware;
