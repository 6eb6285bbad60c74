/* start-s.S - S-mode entry for C board tests loaded at 0x80200000 behind SBI firmware:
 * the firmware enters with a0 = hart id and a1 = the device tree. */
    .file   "start-s.S"
    .section .text.init
    .globl _start
_start:
    la      sp, stack_top
    call    main
1:  wfi
    j       1b

    .bss
    .balign 16
    .space  4096
stack_top:
