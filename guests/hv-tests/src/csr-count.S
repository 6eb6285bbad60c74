/* csr-count - an exactness probe for trap-and-emulate: an S-mode program (behind SBI firmware,
 * at 0x80200000) whose privileged instructions can be counted by hand.
 *
 * From _start to the SRST ecall it executes exactly
 *
 *      1   csrw stvec               (so that a stray trap prints a line instead of looping)
 *    500   csrr t0, sscratch        \  the counted loop: K = 1000 privileged instructions,
 *    500   csrw sscratch, t0        /  alternating, 500 iterations
 *   ----
 *   1001   privileged instructions (CSR accesses; no sret, sfence.vma or wfi), and
 *      1   ecall: SBI System Reset (EID 0x53525354, FID 0, shutdown, no reason).
 *
 * Nothing else is privileged: the program is assembly, prints by polling the UART (MMIO
 * loads and stores only), reads no counter (rdtime/rdcycle are CSR reads) and takes no
 * interrupt (sstatus.SIE stays 0 as the firmware left it). Its output:
 *
 *   csr-count: K=1000
 *   csr-count: privileged=1001 ecalls=1
 *   hv-test csr-count: all passed
 *
 * and a hypervisor running it compares its own count of emulated privileged instructions with
 * 1001. Should the SRST call return, the test finisher powers off with status 0 (one more
 * line is printed first). A stray trap (unexpected_trap) prints a FAIL line and fails through
 * the finisher with exit code 2 without touching a CSR. */
    .file   "csr-count.S"
#define UART0      0x10000000
#define FINISHER   0x100000
#define SBI_SRST   0x53525354
#define ITERATIONS 500

    .section .text.init
    .globl  _start
_start:
    la      t0, unexpected_trap
    csrw    stvec, t0                   /* privileged instruction 1 */
    li      t1, ITERATIONS
1:  csrr    t0, sscratch                /* 500 times */
    csrw    sscratch, t0                /* 500 times */
    addi    t1, t1, -1
    bnez    t1, 1b

    la      a0, msg_k
    call    print
    la      a0, msg_count
    call    print
    la      a0, msg_done
    call    print
    li      a7, SBI_SRST                /* the only ecall: shutdown, no reason */
    li      a6, 0
    li      a0, 0
    li      a1, 0
    ecall
    la      a0, msg_returned
    call    print
    li      t0, FINISHER
    li      t1, 0x5555
    sw      t1, 0(t0)
2:  j       2b

/* print(a0 = NUL-terminated string): polled 16550, waits for THRE before each byte. */
    .balign 4
print:
    li      t0, UART0
1:  lbu     t1, 0(a0)
    beqz    t1, 3f
2:  lbu     t2, 5(t0)
    andi    t2, t2, 0x20
    beqz    t2, 2b
    sb      t1, 0(t0)
    addi    a0, a0, 1
    j       1b
3:  ret

    .balign 4
unexpected_trap:
    la      a0, msg_trap
    call    print
    li      t0, FINISHER
    li      t1, (2 << 16) | 0x3333
    sw      t1, 0(t0)
1:  j       1b

    .section .rodata
msg_k:
    .asciz  "csr-count: K=1000\n"
msg_count:
    .asciz  "csr-count: privileged=1001 ecalls=1\n"
msg_done:
    .asciz  "hv-test csr-count: all passed\n"
msg_returned:
    .asciz  "SBI system reset returned; using the test finisher\n"
msg_trap:
    .asciz  "FAIL csr-count: unexpected trap\nhv-test csr-count: failed\n"
