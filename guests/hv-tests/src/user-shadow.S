/* user-shadow.S - the U-mode code of shadow-tests, a page of its own mapped at VA_UCODE with
 * U = 1. It loads the word at VA_UDATA (U page), stores it plus one back, then loads from and
 * stores to VA_SDATA (an S page: load and store page faults, which the kernel skips - every
 * instruction here is 4 bytes) and makes an ecall (a7 = 0, "exit") with a0 = the loaded word.
 * It never uses the stack. */
    .file   "user-shadow.S"
#include "shadow-layout.h"
    .section .pages, "ax"
    .option push
    .option norvc
    .globl  user_shadow
    .balign 4096
user_shadow:
    li      t0, VA_UDATA
    ld      t1, 0(t0)
    addi    t2, t1, 1
    sd      t2, 0(t0)
    li      t3, VA_SDATA
    ld      t4, 0(t3)                   /* load page fault */
    sd      t2, 0(t3)                   /* store page fault */
    mv      a0, t1
    li      a7, 0
    ecall
1:  j       1b
    .balign 4096
    .option pop
