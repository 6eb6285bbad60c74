/* entry.S - where every vCPU enters the paravirtualized kernel (docs/hypercalls.md, "Boot").
 *
 * The hypervisor starts vCPU 0 at _start in virtual kernel mode (physical U-mode) with
 * a0 = vCPU id, a1 = device tree (guest-physical), a2 = machine address of guest RAM's first
 * byte (0x8000_0000), a3 = PV ABI version, events masked, on its boot address space (all of
 * RAM, one to one). Other vCPUs start at arch_hart_entry (HC_VCPU_UP) with a0 = vCPU id, on
 * the address space of the vCPU that started them. Nothing here is privileged: there is no
 * M-mode stub and no CSR access, unlike ../arch/entry.S.
 *
 * The ELF note at the end tells the hypervisor this kernel speaks the PV ABI; the para
 * technique refuses a kernel without it.
 */
    .file   "entry.S"   /* a fixed name: no temporary file name in the symbol table */
    .section .text.init
    .globl _start
_start:
    mv      tp, a0
    la      sp, boot_stacks
    addi    t0, a0, 1
    li      t1, 16384
    mul     t0, t0, t1
    add     sp, sp, t0
    call    pv_boot                  /* (hartid, fdt, machine base); calls kmain */
1:  j       1b

    /* HC_VCPU_UP target: a0 = vCPU id, a1 = argument (unused) */
    .globl  arch_hart_entry
    .balign 4
arch_hart_entry:
    mv      tp, a0
    la      sp, boot_stacks
    addi    t0, a0, 1
    li      t1, 16384
    mul     t0, t0, t1
    add     sp, sp, t0
    call    ksecondary
1:  j       1b

    .bss
    .balign 16
    .globl  boot_stacks
boot_stacks:
    .space  16384 * 8                /* NCPU boot/scheduler stacks of 16 KiB */

    /* ELF note: name "VirtLab", type 1 (PV ABI), descriptor = the ABI version. */
    .section .note.virtlab, "a", @note
    .balign 4
    .word   8                        /* namesz, with the NUL */
    .word   4                        /* descsz */
    .word   1                        /* type: NT_VIRTLAB_PV_ABI */
    .asciz  "VirtLab"
    .word   1                        /* PV_ABI_VERSION */
