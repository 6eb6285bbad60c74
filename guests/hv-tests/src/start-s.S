/* start-s.S - entry for the S-mode guests loaded at 0x80200000 behind SBI firmware, which
 * enters with a0 = hart id and a1 = the device tree: set a stack, point stvec at trap_entry
 * (trap-s.S) and call main(hartid, fdt). main does not return; should it, the test finisher
 * fails with exit code 3. */
    .file   "start-s.S"
    .section .text.init
    .globl  _start
_start:
    la      sp, stack_top
    la      t0, trap_entry
    csrw    stvec, t0
    call    main
    li      t0, 0x100000
    li      t1, (3 << 16) | 0x3333
    sw      t1, 0(t0)
1:  j       1b

    .bss
    .balign 16
    .space  8192
stack_top:
