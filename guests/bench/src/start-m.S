/* start-m.S -- runs the CPU benchmark workload in M-mode with paging off.
   Hart 0 zeroes .bss, sets the stack and calls bench_main; its return value is the HTIF exit
   code. Any trap is unexpected and exits with 0x400 | mcause. Other harts park in WFI. */
#include "common.h"

        .file "start-m.S"         /* a fixed file symbol; else ld names the temp object */

        .section .text.init, "ax", @progbits
        .globl _start
_start:
        csrr a0, mhartid
        bnez a0, park
        la t0, m_trap
        csrw mtvec, t0
        ZERO_BSS
        la sp, _stack_top
        call BENCH_ENTRY
        j exit_a0

park:   wfi
        j park

        .align 2
m_trap:
        csrr a0, mcause
        andi a0, a0, 0xff
        ori a0, a0, EXIT_M_TRAP
        j exit_a0

        EXIT_AND_MAILBOX
