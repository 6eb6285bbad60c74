/**
 * Hardware-assisted virtualization, the {@code hw} technique (shared/DESIGN.md section 3,
 * "hw"; docs/hypervisor.md section 7): an unmodified kernel in VS-mode on the RISC-V H
 * extension, the counterpart of KVM on VT-x/AMD-V.
 *
 * <ul>
 * <li>{@link org.virtlab.engine.hypervisor.hw.HardwareVirtualization}: the technique — entry,
 *     exits (SBI ecalls, guest-page faults, virtual instructions, interrupts), hvip injection;
 * <li>{@code GStageTables}: the domain's Sv39x4 tables, guest-physical RAM to host RAM, built
 *     once in the domain's pool; devices left unmapped so that they exit;
 * <li>{@code HostSetup}: the physical hart's delegation and enables while a VS guest runs
 *     (medeleg/hedeleg, hideleg, hstatus.VTW, counters, Sstc) and the neutral state after;
 * <li>{@code VsState}: the VS CSRs a vCPU switch saves and restores;
 * <li>{@code FaultingAccess}: the load/store behind an MMIO exit, from mtinst or the guest's code;
 * <li>{@code VsTraps}: an exception injected into the guest's own handler;
 * <li>{@code HwSbiPlatform}: what the guest's SBI acts on (vstimecmp, hvip.VSSIP, fences).
 * </ul>
 *
 * Spec: RISC-V privileged architecture, "Hypervisor" chapter (H extension 1.0), and the Sstc
 * chapter.
 */
package org.virtlab.engine.hypervisor.hw;
