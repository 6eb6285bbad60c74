/* start-s.S -- runs the CPU benchmark workload in S-mode under Sv39 paging.
   In M-mode hart 0 zeroes .bss, opens PMP (if the hart has it), builds an identity map of the
   first GiB of DRAM -- the first 2 MiB (image, HTIF page, stack) with 4 KiB pages through all
   three levels, the rest with 2 MiB megapages -- sets satp, delegates the synchronous
   exceptions to S, allows S to read the counters, and MRETs to S-mode, which calls bench_main
   and writes tohost itself (through the mapping). Unexpected traps exit with
   0x200 | scause (taken in S) or 0x400 | mcause (taken in M). */
#include "common.h"

        .file "start-s.S"         /* a fixed file symbol; else ld names the temp object */

#define DRAM_BASE   0x80000000
#define PTE_V       0x01
#define PTE_LEAF    0xcf            /* V R W X A D: no hardware A/D updates needed */
#define SATP_SV39   (8 << 60)
/* Exceptions handled in S: misaligned/fault fetch, illegal, breakpoint, misaligned/fault
   load and store, page faults. */
#define DELEGATED   ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 3) | (1 << 4) | (1 << 5) | \
                     (1 << 6) | (1 << 7) | (1 << 12) | (1 << 13) | (1 << 15))

        .section .text.init, "ax", @progbits
        .globl _start
_start:
        csrr a0, mhartid
        bnez a0, park

        /* PMP: one NAPOT entry granting RWX on everything. Harts without PMP trap on the
           CSR access; mtvec points just past it, so that simply skips the setup. */
        la t0, 1f
        csrw mtvec, t0
        li t0, -1
        csrw pmpaddr0, t0
        li t0, 0x1f                 /* A = NAPOT, R W X */
        csrw pmpcfg0, t0
        .align 2
1:      la t0, m_trap
        csrw mtvec, t0

        ZERO_BSS

        /* Level 2 (root): entry 2 covers VA 0x80000000..0xbfffffff -> level-1 table. */
        la t0, pt_root
        la t1, pt_l1
        srli t1, t1, 2
        ori t1, t1, PTE_V
        sd t1, (2 * 8)(t0)

        /* Level 1: entry 0 -> level-0 table, entries 1..511 -> 2 MiB megapages. */
        la t0, pt_l1
        la t1, pt_l0
        srli t1, t1, 2
        ori t1, t1, PTE_V
        sd t1, 0(t0)
        li t2, DRAM_BASE + (1 << 21)    /* physical address of megapage 1 */
        li t3, 1 << 21
        li t4, 1
        li t5, 512
2:      srli t1, t2, 2
        ori t1, t1, PTE_LEAF
        slli t6, t4, 3
        add t6, t6, t0
        sd t1, 0(t6)
        add t2, t2, t3
        addi t4, t4, 1
        bltu t4, t5, 2b

        /* Level 0: 512 4 KiB pages for 0x80000000..0x801fffff (image, HTIF, stack). */
        la t0, pt_l0
        li t2, DRAM_BASE
        li t3, 1 << 12
        li t4, 0
3:      srli t1, t2, 2
        ori t1, t1, PTE_LEAF
        slli t6, t4, 3
        add t6, t6, t0
        sd t1, 0(t6)
        add t2, t2, t3
        addi t4, t4, 1
        bltu t4, t5, 3b

        /* Turn on Sv39 (takes effect for S and U) and check that the mode stuck. */
        la t0, pt_root
        srli t0, t0, 12
        li t1, SATP_SV39
        or t0, t0, t1
        csrw satp, t0
        sfence.vma
        csrr t1, satp
        li a0, EXIT_NO_SV39
        bne t0, t1, exit_a0

        li t0, DELEGATED
        csrw medeleg, t0
        csrw mideleg, zero
        csrw mie, zero
        li t0, -1
        csrw mcounteren, t0
        la t0, s_trap
        csrw stvec, t0

        /* MRET into S-mode at s_entry. */
        li t0, (3 << 11)
        csrc mstatus, t0
        li t0, (1 << 11)
        csrs mstatus, t0
        la t0, s_entry
        csrw mepc, t0
        mret

park:   wfi
        j park

        .align 2
m_trap:
        csrr a0, mcause
        andi a0, a0, 0xff
        ori a0, a0, EXIT_M_TRAP
        j exit_a0

        .align 2
s_trap:
        csrr a0, scause
        andi a0, a0, 0xff
        ori a0, a0, EXIT_S_TRAP
        j exit_a0

s_entry:
        la sp, _stack_top
        call BENCH_ENTRY
        j exit_a0

        EXIT_AND_MAILBOX

        /* The three page tables, zeroed with the rest of .bss before they are filled. */
        .section .bss.pagetables, "aw", @nobits
        .align 12
pt_root: .space 4096
pt_l1:   .space 4096
pt_l0:   .space 4096
