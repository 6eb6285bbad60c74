/* m-timer: sleeps 50 ms of guest time in WFI on the CLINT timer, then powers off. With a
 * deterministic board the sleep takes no wall time (machine time jumps to the deadline);
 * with pacing it takes 50 ms of wall time. */
#define CLINT_MTIMECMP 0x2004000
#define CLINT_MTIME    0x200bff8
#define FINISHER       0x100000
#define TICKS          500000          /* 50 ms at the 10 MHz timebase */

    .file   "m-timer.S"
    .section .text.init
    .globl _start
_start:
    bnez    a0, park
    li      t0, CLINT_MTIME
    ld      t1, 0(t0)
    li      t2, TICKS
    add     t1, t1, t2
    li      t0, CLINT_MTIMECMP
    sd      t1, 0(t0)               /* hart 0's comparator */
    li      t0, 1 << 7
    csrs    mie, t0                 /* MTIE; mstatus.MIE stays 0: WFI wakes, no trap is taken */
1:  wfi
    csrr    t0, mip
    andi    t0, t0, 1 << 7
    beqz    t0, 1b
    li      t0, CLINT_MTIME
    ld      t2, 0(t0)
    bltu    t2, t1, fail            /* woke before the deadline */
    li      t0, FINISHER
    li      t1, 0x5555
    sw      t1, 0(t0)
2:  j       2b
fail:
    li      t0, FINISHER
    li      t1, (1 << 16) | 0x3333
    sw      t1, 0(t0)
3:  j       3b
park:
    wfi
    j       park
