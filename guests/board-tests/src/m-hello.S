/* m-hello: the smallest virt-board program. Runs in M-mode from 0x80000000 (--bios none),
 * checks what the boot ROM passed (a0 = mhartid, a1 = the device tree), prints a greeting
 * through the 16550 UART by polling, and powers off through the SiFive test finisher.
 * Harts other than 0 park in WFI, as every hart starts here on the virt board. */
#define UART0    0x10000000
#define FINISHER 0x100000

    .file   "m-hello.S"
    .section .text.init
    .globl _start
_start:
    bnez    a0, park
    csrr    t0, mhartid
    bne     t0, a0, fail            /* the ROM must pass a0 = mhartid */
    lwu     t0, 0(a1)
    li      t1, 0xedfe0dd0          /* FDT magic 0xd00dfeed, big-endian in memory */
    bne     t0, t1, fail
    la      a0, hello
    call    puts
    li      t0, FINISHER
    li      t1, 0x5555              /* pass: power off, exit code 0 */
    sw      t1, 0(t0)
1:  j       1b

fail:
    la      a0, bad
    call    puts
    li      t0, FINISHER
    li      t1, (1 << 16) | 0x3333  /* fail with exit code 1 */
    sw      t1, 0(t0)
2:  j       2b

park:
    wfi
    j       park

/* puts(a0 = string): polls LSR.THRE (bit 5) before every byte. */
puts:
    li      t0, UART0
3:  lbu     t1, 0(a0)
    beqz    t1, 5f
4:  lbu     t2, 5(t0)
    andi    t2, t2, 0x20
    beqz    t2, 4b
    sb      t1, 0(t0)
    addi    a0, a0, 1
    j       3b
5:  ret

    .section .rodata
hello:  .asciz "Hello from M-mode on the VirtLab virt board\n"
bad:    .asciz "m-hello: the boot ROM passed a wrong a0 or a1\n"
