/* entry.S - where every hart enters the kernel.
 *
 * _start is the ELF entry at 0x80200000. Behind SBI firmware it runs in S-mode with
 * a0 = hart id, a1 = device tree. With --bios none the boot ROM jumps here in M-mode on
 * every hart; the small M-mode stub below then plays firmware: it opens PMP, delegates
 * traps and interrupts to S-mode, lets S-mode own its timer (menvcfg.STCE, Sstc) and
 * counters, and drops to S-mode. Secondary harts are parked without SBI.
 *
 * Which mode are we in? Read mhartid with stvec pointing at s_start: in M-mode the read
 * works; in S-mode it is an illegal instruction that the firmware hands back to stvec.
 */
    .file   "entry.S"   /* a fixed name: no temporary file name in the symbol table */
    .section .text.init
    .globl _start
_start:
    la      t0, s_start
    csrw    stvec, t0
    csrr    t1, mhartid
    /* --- M-mode start stub (--bios none) --- */
    bnez    a0, park
    li      t0, -1
    csrw    pmpaddr0, t0
    li      t0, 0x1f                 /* NAPOT, R W X: S and U may access everything */
    csrw    pmpcfg0, t0
    li      t0, 0xf5ff               /* every exception but ecall from S/M (9, 11) */
    csrw    medeleg, t0
    li      t0, 0x222                /* SSIP, STIP, SEIP */
    csrw    mideleg, t0
    li      t0, 1
    slli    t0, t0, 63
    csrs    0x30a, t0                /* menvcfg.STCE: stimecmp is S-mode's */
    li      t0, -1
    csrw    mcounteren, t0
    la      t0, m_trap
    csrw    mtvec, t0
    li      t0, 3 << 11
    csrc    mstatus, t0
    li      t0, 1 << 11              /* MPP = S */
    csrs    mstatus, t0
    la      t0, s_start
    csrw    mepc, t0
    la      t0, arch_no_sbi
    li      t1, 1
    sw      t1, 0(t0)
    csrw    satp, zero
    mret
park:
    wfi
    j       park
m_trap:                              /* nothing should reach M-mode: fail loudly */
    li      t0, 0x100000
    li      t1, 0x23333              /* test finisher: fail, code 2 */
    sw      t1, 0(t0)
    j       m_trap

    /* --- S-mode entry: a0 = hart id, a1 = device tree --- */
    .balign 4
s_start:
    csrw    sie, zero
    mv      tp, a0
    la      sp, boot_stacks
    addi    t0, a0, 1
    li      t1, 16384
    mul     t0, t0, t1
    add     sp, sp, t0
    call    kmain
1:  j       1b

    /* SBI HSM hart_start target: a0 = hart id, a1 = opaque (unused) */
    .globl  arch_hart_entry
    .balign 4
arch_hart_entry:
    csrw    sie, zero
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
