/**
 * Paravirtualization, Xen PV's way (shared/DESIGN.md section 3, "para"; docs/hypervisor.md
 * section 7; the interface, docs/hypercalls.md): a kernel built for the hypervisor runs with
 * its processes in U-mode and asks by hypercall instead of executing privileged instructions.
 *
 * <p>{@link org.virtlab.engine.hypervisor.para.ParaVirtualization} is the technique the
 * {@link org.virtlab.engine.hypervisor.Hypervisor} core calls for a {@code para} domain; the rest
 * is package-private, one concept per class:
 *
 * <ul>
 * <li>{@code ParaAbi}: the numbers of the ABI (checked against the guest's {@code pv.h});
 *     {@code PvKernelNote}: the ELF note by which a kernel says it speaks it;
 * <li>{@code ParaVcpu}: a vCPU's virtual kernel/user mode, root, entries, timer, info page;
 * <li>{@code Hypercalls}: the dispatcher; {@code TrapBounce}: bounces and {@code HC_IRET};
 * <li>{@code PageTableValidator}: direct paging's rules (pin, unpin, validated updates, per-frame
 *     reference counts); {@code UserViews}: the user-mode view of each pinned root;
 *     {@code BootMap}: the address space before the guest has one; {@code PoolAllocator}: the
 *     pages those two live in; {@code Sv39}: entry bits;
 * <li>{@code EventChannels}: timer, console and device events into the shared info page;
 * <li>{@code PrivilegedInstruction}: what a PV kernel must not execute (it is killed).
 * </ul>
 *
 * <p>Everything runs on the machine thread, inside {@code Hypervisor.handle} or its slice
 * boundary hook. Guest misbehaviour is a refused request (a negative result and a
 * {@code refuse.*} counter) or, for a privileged instruction, the end of that domain; never a
 * Java exception.
 */
package org.virtlab.engine.hypervisor.para;
