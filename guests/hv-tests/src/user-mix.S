/* user-mix.S - the U-mode process of priv-mix, a page of its own mapped at 0x40000000 with
 * U = 1 in both address spaces. With a0 = n it loops n times: load the doubleword at
 * 0x40001000 (a page that holds 1 in address space A and 2 in B), add it to a sum, ecall
 * "tick" (a7 = 1, a0 = calls left); then it ecalls "exit" (a7 = 0) with a0 = the sum. It never
 * uses the stack. */
    .file   "user-mix.S"
    .section .pages, "ax"
    .option push
    .option norvc
    .globl  user_mix
    .balign 4096
user_mix:
    mv      s0, a0
    li      s1, 0
    li      s2, 0x40001000
1:  ld      t0, 0(s2)
    add     s1, s1, t0
    mv      a0, s0
    li      a7, 1
    ecall
    addi    s0, s0, -1
    bnez    s0, 1b
    mv      a0, s1
    li      a7, 0
    ecall
2:  j       2b
    .balign 4096
    .option pop
