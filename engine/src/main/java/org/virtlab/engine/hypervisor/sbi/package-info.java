/**
 * The SBI a domain's guest kernel sees: the hypervisor answers the ecalls of a guest in virtual
 * S-mode (RISC-V Supervisor Binary Interface v2.0) against the domain's vCPUs, as KVM does for
 * its guests, instead of passing them to the machine's firmware (shared/DESIGN.md section 3,
 * "hw", "full": "only SBI calls ... exit").
 *
 * <p>{@link org.virtlab.engine.hypervisor.sbi.GuestSbi} is the entry point: the hypervisor hands
 * it the calling vCPU's a0..a7 and gets back an {@link org.virtlab.engine.hypervisor.sbi.SbiResult}
 * (what goes to a0/a1, and whether the vCPU continues after the ecall). Everything the calls act
 * on (vCPU timers, virtual interrupts, HSM state, console, power, the domain's memory) is reached
 * through {@link org.virtlab.engine.hypervisor.sbi.GuestSbiPlatform}, which the hypervisor
 * implements. One small class per extension ({@code Base}, {@code Timer}, {@code Ipi},
 * {@code Rfence}, {@code Hsm}, {@code Srst}, {@code Dbcn}, {@code Legacy}), mirroring the
 * machine firmware in {@code engine/firmware}, whose settled behaviour (error codes, DBCN buffer
 * rules, implementation ID) this package follows; the firmware works on physical harts, this
 * package on vCPUs. Calls are counted in {@link org.virtlab.engine.hypervisor.sbi.GuestSbiCounters}.
 *
 * <p>The guest SBI keeps no state besides its counters: a vCPU's HSM state, timer and pending
 * interrupts belong to the hypervisor's vCPU, so a domain snapshot needs nothing from here.
 *
 * <p>Spec: github.com/riscv-non-isa/riscv-sbi-doc (v2.0).
 */
package org.virtlab.engine.hypervisor.sbi;
