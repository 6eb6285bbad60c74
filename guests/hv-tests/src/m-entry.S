/* m-entry.S - the M-mode half of m-start: a kernel that starts in M-mode with no firmware, at
 * 0x80000000 (--bios none), the way a teaching kernel such as xv6-riscv does.
 *
 * Hart 0 sets a stack, points mtvec at the M-mode timer vector, delegates every exception and
 * interrupt it can to S-mode (medeleg/mideleg are WARL: all ones keeps the delegatable bits),
 * opens PMP entry 0 over the whole address space (TOR up to 2^56, RWX: without a PMP entry S-
 * and U-mode accesses fail), lets S-mode read the counters, arms the CLINT timer and mrets to
 * s_main in S-mode with satp = 0, a0 = hart id, a1 = device tree. Other harts park in wfi.
 *
 * The timer stays an M-mode interrupt (mideleg cannot delegate MTIP): m_trap re-arms mtimecmp
 * TICK_INTERVAL ahead of mtime and raises sip.SSIP, which S-mode takes as its timer tick. It
 * saves the registers it uses in m_scratch (mscratch points there). Any other M-mode trap is
 * a bug: it prints a line and fails through the test finisher with exit code 2.
 *
 * Privileged spec: "Machine Trap Delegation Registers", "Physical Memory Protection",
 * "Machine Timer Registers", "Machine Interrupt Registers". */
    .file   "m-entry.S"
#define CLINT_MTIMECMP0 0x02004000
#define CLINT_MTIME     0x0200bff8
#define TICK_INTERVAL   10000           /* 1 ms of the 10 MHz timebase */
#define MSTATUS_MPP     (3 << 11)
#define MPP_S           (1 << 11)
#define MIE_MTIE        (1 << 7)
#define SIP_SSIP        (1 << 1)

    .section .text.init
    .globl  _start
_start:
    csrr    t0, mhartid
    bnez    t0, park
    la      sp, stack_top
    la      t0, m_trap
    csrw    mtvec, t0
    la      t0, m_scratch
    csrw    mscratch, t0
    li      t0, 0xffff
    csrw    medeleg, t0
    csrw    mideleg, t0
    li      t0, 0x3fffffffffffff        /* pmpaddr0: address bits 55:2 all ones */
    csrw    pmpaddr0, t0
    li      t0, 0x0f                    /* pmp0cfg: R W X, A = TOR */
    csrw    pmpcfg0, t0
    li      t0, 7                       /* mcounteren: CY, TM, IR */
    csrw    mcounteren, t0
    li      t0, CLINT_MTIME
    ld      t1, 0(t0)
    li      t2, TICK_INTERVAL
    add     t1, t1, t2
    li      t0, CLINT_MTIMECMP0
    sd      t1, 0(t0)
    li      t0, MIE_MTIE
    csrs    mie, t0
    li      t0, MSTATUS_MPP
    csrc    mstatus, t0
    li      t0, MPP_S
    csrs    mstatus, t0
    la      t0, s_main
    csrw    mepc, t0
    csrw    satp, zero
    mret
park:
    wfi
    j       park

    .text
    .balign 4
m_trap:
    csrrw   t0, mscratch, t0
    sd      t1, 0(t0)
    sd      t2, 8(t0)
    sd      t3, 16(t0)
    csrr    t1, mcause
    li      t2, (1 << 63) | 7           /* machine timer interrupt */
    bne     t1, t2, m_unexpected
    li      t1, CLINT_MTIME
    ld      t2, 0(t1)
    li      t3, TICK_INTERVAL
    add     t2, t2, t3
    li      t1, CLINT_MTIMECMP0
    sd      t2, 0(t1)
    ld      t3, 24(t0)                  /* m_ticks, for a debugger */
    addi    t3, t3, 1
    sd      t3, 24(t0)
    csrsi   mip, SIP_SSIP
    ld      t1, 0(t0)
    ld      t2, 8(t0)
    ld      t3, 16(t0)
    csrrw   t0, mscratch, t0
    mret

m_unexpected:
    la      t0, m_unexpected_msg
    li      t1, 0x10000000
1:  lbu     t2, 0(t0)
    beqz    t2, 3f
2:  lbu     t3, 5(t1)
    andi    t3, t3, 0x20
    beqz    t3, 2b
    sb      t2, 0(t1)
    addi    t0, t0, 1
    j       1b
3:  li      t0, 0x100000
    li      t1, (2 << 16) | 0x3333
    sw      t1, 0(t0)
4:  j       4b

    .section .rodata
m_unexpected_msg:
    .asciz  "FAIL m-start: unexpected M-mode trap\nhv-test m-start: failed\n"

    .section .pages, "ax"
    .option push
    .option norvc
/* The U-mode code, a page of its own mapped with U = 1: one ecall with a0 = 0x55, a7 = 0. */
    .globl  user_page
    .balign 4096
user_page:
    li      a0, 0x55
    li      a7, 0
    ecall
1:  j       1b
    .balign 4096
    .option pop

    .bss
    .balign 16
m_scratch:
    .space  32
    .space  8192
stack_top:
