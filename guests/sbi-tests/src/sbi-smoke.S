/*
 * sbi-smoke.S -- an S-mode kernel that uses every extension of the built-in SBI (SBI spec
 * v2.0) once and checks each answer: BASE (version, implementation ID, probes), DBCN (write,
 * write_byte), HSM (get_status, hart_start of hart 1, which records its a0/a1 and stops
 * itself with hart_stop, then get_status again, a retentive hart_suspend), IPI (to itself:
 * sip.SSIP), TIME (set_timer, a real supervisor timer interrupt taken in `trap`), RFENCE
 * (fence.i and sfence.vma on both harts), the legacy console_putchar, and finally SRST.
 *
 * Runs on hart 0 with at least 2 harts, entered in S-mode at _start with a0 = hart ID. Prints
 * "sbi-smoke: ok" and shuts down normally (exit 0); on the first failed check it prints
 * "sbi-smoke: check NN failed" and shuts down with reason "system failure" (exit 1).
 * Check numbers are the values of s1 below. Related: engine/.../firmware/SbiElfTest.java.
 */
        .file "sbi-smoke.S"
        .option norvc

#define EID_BASE   0x10
#define EID_TIME   0x54494D45
#define EID_IPI    0x735049
#define EID_RFENCE 0x52464E43
#define EID_HSM    0x48534D
#define EID_SRST   0x53525354
#define EID_DBCN   0x4442434E

/* a7 := eid, a6 := fid, ecall (a0..a5 set by the caller). */
#define SBI(eid, fid) li a7, eid; li a6, fid; ecall
/* Next check: s1 := n. */
#define CHECK(n) li s1, n
/* Fail the current check unless register r == value v. */
#define EXPECT(r, v) li t6, v; bne r, t6, fail

        .section .rodata
        .align 3
extensions:
        .dword EID_BASE, EID_TIME, EID_IPI, EID_RFENCE, EID_HSM, EID_SRST, EID_DBCN, 0
banner: .ascii "sbi-smoke: hello from S-mode\n"
        .equ banner_len, . - banner
failed: .ascii "sbi-smoke: check "
        .equ failed_len, . - failed
failed_tail: .ascii " failed\n"
        .equ failed_tail_len, . - failed_tail
ok:     .ascii "sbi-smoke: o"
        .equ ok_len, . - ok


        .section .text.init
        .globl _start
_start:
        la sp, stack_top
        la t0, trap
        csrw stvec, t0

        /* BASE: spec version 2.0, our implementation ID, every extension present. */
        CHECK(1)
        SBI(EID_BASE, 0)
        EXPECT(a0, 0)
        EXPECT(a1, 0x2000000)
        CHECK(2)
        SBI(EID_BASE, 1)
        EXPECT(a1, 0x564C4142)
        CHECK(3)
        la s2, extensions
1:      ld a0, 0(s2)
        beqz a0, 2f
        SBI(EID_BASE, 3)
        EXPECT(a1, 1)
        addi s2, s2, 8
        j 1b
2:
        /* DBCN: write the banner; the answer is its length. */
        CHECK(4)
        li a0, banner_len
        la a1, banner
        li a2, 0
        SBI(EID_DBCN, 0)
        EXPECT(a0, 0)
        EXPECT(a1, banner_len)

        /* HSM: hart 1 is stopped; start it; it reports a0 = 1, a1 = opaque and stops. */
        CHECK(5)
        li a0, 1
        SBI(EID_HSM, 2)
        EXPECT(a0, 0)
        EXPECT(a1, 1)
        CHECK(6)
        li a0, 0
        SBI(EID_HSM, 2)
        EXPECT(a1, 0)
        CHECK(7)
        li a0, 1
        la a1, secondary
        li a2, 0x5EC0
        SBI(EID_HSM, 0)
        EXPECT(a0, 0)
        CHECK(8)
        la t0, h1_done
1:      ld t1, 0(t0)
        beqz t1, 1b
        la t0, h1_id
        ld t1, 0(t0)
        EXPECT(t1, 1)
        ld t1, 8(t0)
        EXPECT(t1, 0x5EC0)
        CHECK(9)
1:      li a0, 1
        SBI(EID_HSM, 2)
        EXPECT(a0, 0)
        li t0, 1
        bne a1, t0, 1b
        CHECK(10)
        li a0, 0
        SBI(EID_HSM, 3)
        EXPECT(a0, 0)

        /* IPI to ourselves: sip.SSIP becomes pending (SIE is off, so it is not taken). */
        CHECK(11)
        li a0, 1
        li a1, 0
        SBI(EID_IPI, 0)
        EXPECT(a0, 0)
        csrr t0, sip
        andi t0, t0, 2
        EXPECT(t0, 2)
        csrci sip, 2

        /* RFENCE on both harts. */
        CHECK(12)
        li a0, 3
        li a1, 0
        SBI(EID_RFENCE, 0)
        EXPECT(a0, 0)
        li a0, 0
        li a1, -1
        li a2, 0
        li a3, 0
        SBI(EID_RFENCE, 1)
        EXPECT(a0, 0)
        li a0, 1
        li a1, 0
        li a2, 0x80200000
        li a3, 0x1000
        li a4, 0
        SBI(EID_RFENCE, 2)
        EXPECT(a0, 0)

        /* TIME: a timer interrupt 1000 ticks from now, taken in `trap`, which sets ticked. */
        CHECK(13)
        li t0, 0x20
        csrs sie, t0
        rdtime a0
        addi a0, a0, 1000
        SBI(EID_TIME, 0)
        EXPECT(a0, 0)
        csrsi sstatus, 2
        la t0, ticked
1:      wfi
        ld t1, 0(t0)
        beqz t1, 1b
        csrci sstatus, 2

        /* The legacy console_putchar ends the line; SRST powers off. */
        CHECK(14)
        la a0, ok
        li a1, ok_len
        jal print
        li a0, 'k'
        li a7, 1
        ecall
        EXPECT(a0, 0)
        li a0, '\n'
        li a7, 1
        ecall
        li a0, 0
        li a1, 0
        SBI(EID_SRST, 0)
        CHECK(15)                       /* shutdown returned */

fail:
        la a0, failed
        li a1, failed_len
        jal print
        li t0, 10
        divu a0, s1, t0
        addi a0, a0, '0'
        SBI(EID_DBCN, 2)
        li t0, 10
        remu a0, s1, t0
        addi a0, a0, '0'
        SBI(EID_DBCN, 2)
        la a0, failed_tail
        li a1, failed_tail_len
        jal print
        li a0, 0
        li a1, 1
        SBI(EID_SRST, 0)
1:      j 1b

/* print(a0 = address, a1 = length) through DBCN write. */
print:
        mv a2, a0
        mv a0, a1
        mv a1, a2
        li a2, 0
        SBI(EID_DBCN, 0)
        ret

        .align 2
trap:
        csrr t0, scause
        li t1, 0x8000000000000005
        beq t0, t1, 1f
        CHECK(99)                       /* any other trap */
        j fail
1:      li a0, -1                       /* far future: clears STIP */
        SBI(EID_TIME, 0)
        la t0, ticked
        li t1, 1
        sd t1, 0(t0)
        sret

/* Hart 1 starts here with a0 = its hart ID and a1 = the opaque value. */
        .align 2
secondary:
        la t0, h1_id
        sd a0, 0(t0)
        sd a1, 8(t0)
        fence rw, rw
        li t1, 1
        la t0, h1_done
        sd t1, 0(t0)
        SBI(EID_HSM, 1)
1:      j 1b                            /* hart_stop does not return */

        .data
        .align 3
h1_done: .dword 0
h1_id:   .dword 0, 0
ticked:  .dword 0

        .bss
        .align 4
stack:  .skip 4096
stack_top:
