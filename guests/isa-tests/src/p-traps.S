/* p-traps.S -- synchronous exceptions: causes, mepc/mtval/mstatus, MRET/SRET, delegation,
   vectored mtvec. (Cause 0 cannot occur with C: jalr clears bit 0. Page faults: p-sv39.S.) */
#include "test.h"
#include "priv.h"

TEST_BEGIN
        PRIV_INIT

        /* 2: illegal instruction, mtval = the instruction bits, MPP = M, MPIE = old MIE */
        li a1, MSTATUS_MPIE
        csrs mstatus, a1              /* MPIE = 1, MIE = 0: trap must make MPIE = 0 */
        mtrap 1, CAUSE_ILLEGAL, .word 0x0000000b   /* custom-0 opcode */
        CHECK(2, s4, 0x0000000b)
        CHECK_BITS(3, s5, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPP)
        mtrap 4, CAUSE_ILLEGAL, csrr a0, 0x5c0
        li a1, 0x5c002573             /* csrr a0, 0x5c0 */
        CHECK_EQ(5, s4, a1)
        mtrap 6, CAUSE_ILLEGAL, .half 0x0000         /* all-zero 16-bit: illegal */
        CHECK(7, s4, 0)

        /* 3: breakpoint (mtval: 0 or the pc) */
        mtrap 8, CAUSE_BREAKPOINT, ebreak
        beqz s4, 1f
        CHECK_EQ(9, s4, s3)
1:      mtrap 10, CAUSE_BREAKPOINT, c.ebreak

#ifdef QEMU_REF  /* QEMU 7.2 reports AMO faults as load faults (4, 5) */
#define AMO_MISALIGN CAUSE_LOAD_MISALIGN
#define AMO_ACCESS CAUSE_LOAD_ACCESS
#else
#define AMO_ACCESS CAUSE_STORE_ACCESS
#define AMO_MISALIGN CAUSE_STORE_MISALIGN
#endif
        /* 4/6: misaligned LR / SC / AMO, mtval = address */
        la a2, data
        addi a3, a2, 2
        mtrap 11, CAUSE_LOAD_MISALIGN, lr.w a0, (a3)
        CHECK_EQ(12, s4, a3)
#ifndef QEMU_REF  /* QEMU 7.2: a misaligned SC without reservation just fails, no trap */
        mtrap 13, CAUSE_STORE_MISALIGN, sc.w a0, a1, (a3)
        CHECK_EQ(14, s4, a3)
#endif
        mtrap 15, AMO_MISALIGN, amoadd.w a0, a1, (a3)
        CHECK_EQ(16, s4, a3)
        addi a3, a2, 4
        mtrap 17, AMO_MISALIGN, amoswap.d a0, a1, (a3)
        CHECK_EQ(18, s4, a3)

        /* misaligned ordinary loads/stores work (in hardware here; no trap) */
        la a2, data
        li a1, 0x1122334455667788
        sd a1, 0(a2)
        sd zero, 8(a2)
        ld a0, 1(a2)
        CHECK(19, a0, 0x0011223344556677)
        lw a0, 3(a2)
        CHECK(20, a0, 0x22334455)
        sd a1, 5(a2)
        ld a0, 8(a2)
        CHECK(21, a0, 0x0000001122334455)

        /* 5/7: load/store access fault on unmapped physical memory, mtval = address */
        li a3, 0x8
        mtrap 22, CAUSE_LOAD_ACCESS, ld a0, 0(a3)
        CHECK(23, s4, 0x8)
        mtrap 24, CAUSE_STORE_ACCESS, sw a0, 4(a3)
        CHECK(25, s4, 0xc)
        mtrap 26, AMO_ACCESS, amoor.d a0, a0, (a3)
        CHECK(27, s4, 0x8)

        /* 1: fetch access fault: mepc = mtval = target */
        la s10, 1f
        li a3, 0x0
        jalr ra, 0(a3)
        FAIL_HERE(28)
1:      CHECK(29, s2, CAUSE_FETCH_ACCESS)
        CHECK(30, s3, 0)
        CHECK(31, s4, 0)

        /* 8/9/11: ecall from U, S, M; mtval = 0, MPP = the mode */
        li s4, -1
        mode_trap 32, MODE_U, CAUSE_ECALL_U, ecall
        CHECK(33, s4, 0)
        CHECK_BITS(34, s5, MSTATUS_MPP, 0)
        li s4, -1
        mode_trap 35, MODE_S, CAUSE_ECALL_S, ecall
        CHECK(36, s4, 0)
        CHECK_BITS(37, s5, MSTATUS_MPP, (1 << 11))
        li s4, -1
        mtrap 38, CAUSE_ECALL_M, ecall
        CHECK(39, s4, 0)
        CHECK_BITS(40, s5, MSTATUS_MPP, (3 << 11))

        /* privileged instructions in lower modes */
        mode_trap 41, MODE_S, CAUSE_ILLEGAL, mret
        mode_trap 42, MODE_U, CAUSE_ILLEGAL, mret
        mode_trap 43, MODE_U, CAUSE_ILLEGAL, sret
        mode_trap 44, MODE_U, CAUSE_ILLEGAL, sfence.vma
        li a1, 0x12000073             /* sfence.vma zero, zero */
        CHECK_EQ(45, s4, a1)

        /* MRET: MIE = MPIE, MPIE = 1, MPP = U (least privileged), MPRV cleared when MPP != M */
        li a1, MSTATUS_MPP | MSTATUS_MIE
        csrc mstatus, a1
        li a1, MSTATUS_MPIE | MSTATUS_MPP
        csrs mstatus, a1              /* MPP = M, MPIE = 1 */
        la a1, 1f
        csrw mepc, a1
        mret
        FAIL_HERE(46)
1:      csrr a0, mstatus
        CHECK_BITS(47, a0, MSTATUS_MPP | MSTATUS_MPIE | MSTATUS_MIE, MSTATUS_MPIE | MSTATUS_MIE)
        csrci mstatus, MSTATUS_MIE
        li a1, MSTATUS_MPIE | MSTATUS_MPRV
        csrs mstatus, a1
        li a1, MSTATUS_MPIE
        csrc mstatus, a1              /* MPIE = 0 */
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      ecall                         /* trap from S: MPIE = old MIE (0) */
2:      CHECK(48, s2, CAUSE_ECALL_S)
#ifdef QEMU_REF  /* QEMU 7.2 does not clear MPRV on an MRET to S/U */
        CHECK_BITS(49, s5, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, (1 << 11))
#else
        CHECK_BITS(49, s5, MSTATUS_MPRV | MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP, (1 << 11))
#endif
        li a1, MSTATUS_MPIE
        csrs mstatus, a1
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      ecall                         /* MIE was 1 in S after mret */
2:      CHECK_BITS(50, s5, MSTATUS_MIE | MSTATUS_MPIE, MSTATUS_MPIE)

        /* delegation: ecall from U goes to S via medeleg */
        SET_STRAP
        li a1, (1 << CAUSE_ECALL_U) | (1 << CAUSE_ILLEGAL)
        csrw medeleg, a1
        li a1, MSTATUS_SIE
        csrs mstatus, a1              /* SIE = 1 -> SPIE = 1 after the trap */
        li s6, 0
        li s7, 0
        la s9, 2f
        GOTO(MODE_U, 1f)
1:      ecall
        FAIL_HERE(51)
2:      /* now in S */
        csrr a0, sstatus
        li a1, MSTATUS_SPP
        and a1, a0, a1
        la s10, 3f
        ecall                         /* back to M */
3:      CHECK(52, s2, CAUSE_ECALL_S)
        CHECK(53, s6, 1)
        CHECK(54, s7, 1)
        /* s2..s5 were overwritten by the M trap: reread the S CSRs */
        csrr a0, scause
        CHECK(55, a0, CAUSE_ECALL_U)
        csrr a0, sepc
        la a2, 1b
        CHECK_EQ(56, a0, a2)
        csrr a0, stval
        CHECK(57, a0, 0)
        csrr a0, sstatus
        CHECK_BITS(58, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE)
        /* illegal instruction in S delegated to S: SPP = S */
        la s9, 2f
        GOTO(MODE_S, 1f)
1:      .word 0x0000000b
        FAIL_HERE(59)
2:      csrr a0, sstatus
        la s10, 3f
        ecall
3:      CHECK_BITS(60, a0, MSTATUS_SPP, MSTATUS_SPP)
        csrr a0, scause
        CHECK(61, a0, CAUSE_ILLEGAL)
        csrr a0, stval
        CHECK(62, a0, 0x0000000b)
        /* traps from M are never delegated */
        li s7, 0
        mtrap 63, CAUSE_ILLEGAL, .word 0x0000000b
        CHECK(64, s7, 0)

        /* SRET: SIE = SPIE, SPIE = 1, SPP = U, returns to sepc in U */
        la s9, 2f
        GOTO(MODE_S, 1f)
1:      li a1, MSTATUS_SPP | MSTATUS_SIE
        csrc sstatus, a1
        li a1, MSTATUS_SPIE
        csrs sstatus, a1
        la a1, 4f
        csrw sepc, a1
        sret
        FAIL_HERE(65)
4:      ecall                         /* from U, delegated to S */
2:      csrr a0, sstatus
        la s10, 3f
        ecall
3:      CHECK(66, s7, 1)
        csrr a1, scause
        CHECK(67, a1, CAUSE_ECALL_U)
        csrr a1, sepc
        la a2, 4b
        CHECK_EQ(68, a1, a2)
        /* at the U ecall: SIE was 1 (from SPIE), SPP was U */
        CHECK_BITS(69, a0, MSTATUS_SPP | MSTATUS_SPIE | MSTATUS_SIE, MSTATUS_SPIE)
        csrw medeleg, zero
        li a1, MSTATUS_SIE
        csrc mstatus, a1

        /* vectored mtvec: exceptions go to base, interrupt i to base + 4*i */
        la a1, vtab
        ori a1, a1, 1
        csrw mtvec, a1
        csrr a0, mtvec
        CHECK_EQ(70, a0, a1)
        li s8, 0
        la s10, 1f
        .word 0x0000000b              /* exception -> vtab + 0 */
        FAIL_HERE(71)
1:      CHECK(72, s8, 0x100)
        CHECK(73, s2, CAUSE_ILLEGAL)
        csrw mideleg, zero
        csrw mie, 2                   /* SSIE */
        csrsi mip, 2
        la s10, 1f
        csrsi mstatus, MSTATUS_MIE
        nop
        nop
        FAIL_HERE(74)
1:      CHECK(75, s8, 0x101)
        li a1, INTR | 1
        CHECK_EQ(76, s2, a1)
        csrci mstatus, MSTATUS_MIE
        csrw mie, zero
        csrci mip, 2
        SET_MTRAP

        j pass

        .option push
        .option norvc
        .align 8
vtab:   j vec0
        j vec1
        j vec2
        j vec3
        j vec4
        j vec5
        j vec6
        j vec7
        j vec8
        j vec9
        .option pop
vec0:   li s8, 0x100
        j mtrap_rec
vec1:   li s8, 0x101
        csrci mip, 2
        j mtrap_rec
vec2:
vec3:
vec4:
vec5:
vec6:
vec7:
vec8:
vec9:   li s8, 0x1ff
        j mtrap_rec

PRIV_END

        .data
        .align 4
data:   .dword 0, 0, 0, 0
