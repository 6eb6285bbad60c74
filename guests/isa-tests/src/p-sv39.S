/* p-sv39.S -- Sv39 translation: 4K/2M/1G pages, misaligned superpages, reserved bits,
   W-without-R, U/SUM/MXR rules, MPRV, hardware A/D update, non-canonical addresses,
   access faults during and after the walk, sfence.vma. Loads/stores "as S" or "as U" run
   in M with MPRV = 1 and MPP = S/U; fetches run in the real mode. */
#include "test.h"
#include "priv.h"

#define VA4K(i)  (0xC0000000 + (i) * 0x1000)
#define ALIAS    0x40000000   /* VA gigapage 1 = PA 0x80000000 with U = 1 */

/* Accesses as `m` through MPRV until END_AS (or a trap: the handler clears MPRV). */
#define AS_MODE(m)                                  \
        li t0, MSTATUS_MPP;                         \
        csrc mstatus, t0;                           \
        li t0, ((m) << 11) | MSTATUS_MPRV;          \
        csrs mstatus, t0
#define END_AS                                      \
        li t0, MSTATUS_MPRV;                        \
        csrc mstatus, t0

/* l0[i] = leaf for physical address in reg pa with flags (flags < 0x800) */
        .macro leaf4k i, pa, flags
        srli t1, \pa, 12
        slli t1, t1, 10
        ori t1, t1, \flags
        sd t1, (\i * 8)(s8)
        .endm

TEST_BEGIN
        PRIV_INIT
        la s0, root
        la s1, l1
        la s8, l0
        /* clear the tables */
        mv a0, s0
        li a1, 3 * 4096
1:      sd zero, 0(a0)
        addi a0, a0, 8
        addi a1, a1, -8
        bnez a1, 1b
        /* page contents */
        la a0, pg0
        li a1, 0x1111
        sd a1, 0(a0)
        la a0, pg1
        li a1, 0x2222
        sd a1, 0(a0)
        la a0, pg2
        li a1, 0x3333
        sd a1, 0(a0)
        la a0, pg3
        li a1, 0x4444
        sd a1, 0(a0)

        /* root: 0 identity devices, 1 U alias of DRAM, 2 identity DRAM, 3 -> l1,
           4 1G read-only DRAM, 5 misaligned 1G */
        li t1, 0xcf
        sd t1, 0(s0)
        li t1, (0x80000 << 10) | 0xdf
        sd t1, 8(s0)
        li t1, (0x80000 << 10) | 0xcf
        sd t1, 16(s0)
        srli t1, s1, 12
        slli t1, t1, 10
        ori t1, t1, PTE_V
        sd t1, 24(s0)
        li t1, (0x80000 << 10) | 0x43
        sd t1, 32(s0)
        li t1, (0x80200 << 10) | 0x43
        sd t1, 40(s0)
        /* l1: 0 -> l0, 1 2M read-only DRAM, 2 misaligned 2M, 3 pointer to PA 0 */
        srli t1, s8, 12
        slli t1, t1, 10
        ori t1, t1, PTE_V
        sd t1, 0(s1)
        li t1, (0x80000 << 10) | 0x43
        sd t1, 8(s1)
        li t1, (0x80001 << 10) | 0x43
        sd t1, 16(s1)
        li t1, PTE_V
        sd t1, 24(s1)
        /* l0 */
        la a0, pg0
        la a1, pg1
        la a2, pg2
        la a3, pg3
        leaf4k 1, a0, 0xc7            /* RW AD */
        leaf4k 2, a0, 0xc7            /* + reserved bit 54 */
        li t1, (1 << 54)
        ld t2, 16(s8)
        or t2, t2, t1
        sd t2, 16(s8)
        leaf4k 3, a0, 0xc5            /* W without R */
        leaf4k 4, a1, 0xd7            /* U RW AD */
        leaf4k 5, a2, 0x49            /* X only */
        leaf4k 6, a3, 0x07            /* RW, A = D = 0 */
        leaf4k 7, zero, 0xc7          /* nonexistent memory */
        leaf4k 8, a0, 0xc7            /* later remapped */
        leaf4k 10, a0, 0x43           /* read-only */
        leaf4k 11, a0, 0xc7           /* + reserved bit 60 */
        li t1, (1 << 60)
        ld t2, 88(s8)
        or t2, t2, t1
        sd t2, 88(s8)

        srli t1, s0, 12
        li t2, (8 << 60)
        or t1, t1, t2
        csrw satp, t1
        sfence.vma

        /* 4K page */
        AS_MODE(MODE_S)
        li t2, VA4K(1)
        ld a0, 0(t2)
        END_AS
        CHECK(1, a0, 0x1111)
        /* 2M superpage at 0xC0200000 -> 0x80000000 */
        li t3, 0x80000000
        lw a1, 0(t3)
        AS_MODE(MODE_S)
        li t2, 0xC0200000
        lw a0, 0(t2)
        END_AS
        CHECK_EQ(2, a0, a1)
        /* 1G superpage at 0x100000000 -> 0x80000000 */
        AS_MODE(MODE_S)
        li t2, 0x100000000
        lw a0, 0(t2)
        END_AS
        CHECK_EQ(3, a0, a1)
        /* a read-only superpage cannot be written */
        AS_MODE(MODE_S)
        mtrap 4, CAUSE_STORE_PF, sw a0, 0(t2)
        CHECK_EQ(5, s4, t2)

        /* misaligned superpages */
        li t2, 0xC0400000
        AS_MODE(MODE_S)
        mtrap 6, CAUSE_LOAD_PF, lw a0, 0(t2)
        CHECK_EQ(7, s4, t2)
        li t2, 0x140000000
        AS_MODE(MODE_S)
        mtrap 8, CAUSE_LOAD_PF, lw a0, 0(t2)
        CHECK_EQ(9, s4, t2)

        /* reserved PTE bits */
        li t2, VA4K(2)
        AS_MODE(MODE_S)
        mtrap 10, CAUSE_LOAD_PF, ld a0, 0(t2)
        li t2, VA4K(11)
        AS_MODE(MODE_S)
        mtrap 11, CAUSE_LOAD_PF, ld a0, 0(t2)

        /* W = 1, R = 0 is reserved: page fault for load and store */
        li t2, VA4K(3)
        AS_MODE(MODE_S)
        mtrap 12, CAUSE_LOAD_PF, ld a0, 0(t2)
        AS_MODE(MODE_S)
        mtrap 13, CAUSE_STORE_PF, sd a0, 0(t2)
        CHECK_EQ(14, s4, t2)
        /* store to a read-only page */
        li t2, VA4K(10)
        AS_MODE(MODE_S)
        ld a0, 0(t2)
        END_AS
        CHECK(15, a0, 0x1111)
        AS_MODE(MODE_S)
        mtrap 16, CAUSE_STORE_PF, sd a0, 8(t2)
        addi t2, t2, 8
        CHECK_EQ(17, s4, t2)
        /* AMO on a read-only page: store/AMO page fault */
        li t2, VA4K(10)
        AS_MODE(MODE_S)
        mtrap 18, CAUSE_STORE_PF, amoadd.d a0, a0, (t2)

        /* U bit: S may not touch U pages unless SUM; U may not touch S pages */
        li t2, VA4K(4)
        AS_MODE(MODE_S)
        mtrap 19, CAUSE_LOAD_PF, ld a0, 0(t2)
        AS_MODE(MODE_S)
        mtrap 20, CAUSE_STORE_PF, sd a0, 0(t2)
        li t1, MSTATUS_SUM
        csrs mstatus, t1
        AS_MODE(MODE_S)
        ld a0, 0(t2)
        sd a0, 8(t2)
        END_AS
        CHECK(21, a0, 0x2222)
        AS_MODE(MODE_U)
        ld a0, 0(t2)
        END_AS
        CHECK(22, a0, 0x2222)
        li t2, VA4K(1)
        AS_MODE(MODE_U)
        mtrap 23, CAUSE_LOAD_PF, ld a0, 0(t2)
        AS_MODE(MODE_U)
        mtrap 24, CAUSE_STORE_PF, sd a0, 0(t2)
        /* S never executes U pages, even with SUM */
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      la t2, 3f
        li t1, ALIAS
        sub t2, t2, t1
        jr t2
3:      nop
        FAIL_HERE(25)
2:      CHECK(26, s2, CAUSE_FETCH_PF)
        CHECK_EQ(27, s3, t2)
        CHECK_EQ(28, s4, t2)
        li t1, MSTATUS_SUM
        csrc mstatus, t1
        /* U executes U pages, but not S pages */
        la t2, 1f
        li t1, ALIAS
        sub t2, t2, t1
        csrw mepc, t2
        li t0, MSTATUS_MPP
        csrc mstatus, t0
        la s10, 2f
        mret
1:      ecall
2:      CHECK(29, s2, CAUSE_ECALL_U)
        CHECK_EQ(30, s3, t2)
        mode_trap 31, MODE_U, CAUSE_FETCH_PF, nop

        /* MXR: execute-only page readable only with MXR */
        li t2, VA4K(5)
        AS_MODE(MODE_S)
        mtrap 32, CAUSE_LOAD_PF, ld a0, 0(t2)
        li t1, MSTATUS_MXR
        csrs mstatus, t1
        AS_MODE(MODE_S)
        ld a0, 0(t2)
        END_AS
        CHECK(33, a0, 0x3333)
        AS_MODE(MODE_S)
        mtrap 34, CAUSE_STORE_PF, sd a0, 0(t2)
        li t1, MSTATUS_MXR
        csrc mstatus, t1

        /* MPRV with MPP = M: no translation */
        la t2, pg0
        AS_MODE(MODE_M)
        ld a0, 0(t2)
        END_AS
        CHECK(35, a0, 0x1111)

        /* hardware A/D update */
        li t2, VA4K(6)
        AS_MODE(MODE_S)
        ld a0, 0(t2)
        END_AS
        CHECK(36, a0, 0x4444)
        ld a1, 48(s8)
        CHECK_BITS(37, a1, PTE_A | PTE_D, PTE_A)
        AS_MODE(MODE_S)
        sd a0, 8(t2)
        END_AS
        ld a1, 48(s8)
        CHECK_BITS(38, a1, PTE_A | PTE_D, PTE_A | PTE_D)

        /* non-canonical addresses: page fault with the full address in mtval */
        li t2, 0x0000008000000000
        AS_MODE(MODE_S)
        mtrap 39, CAUSE_LOAD_PF, ld a0, 0(t2)
        li t2, 0xFFFFFF0080000000
        AS_MODE(MODE_S)
        mtrap 40, CAUSE_STORE_PF, sd a0, 0(t2)
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      li t2, 0x4000000080002000
        jr t2
2:      CHECK(41, s2, CAUSE_FETCH_PF)
        /* unmapped (V = 0) page */
        li t2, VA4K(9)
        AS_MODE(MODE_S)
        mtrap 42, CAUSE_LOAD_PF, ld a0, 0(t2)
        CHECK_EQ(43, s4, t2)
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      li t2, VA4K(9)
        jr t2
2:      CHECK(44, s2, CAUSE_FETCH_PF)
        CHECK_EQ(45, s4, t2)

        /* leaf or page table in nonexistent memory: access fault */
        li t2, VA4K(7)
        AS_MODE(MODE_S)
        mtrap 46, CAUSE_LOAD_ACCESS, ld a0, 0(t2)
        CHECK_EQ(47, s4, t2)
        AS_MODE(MODE_S)
        mtrap 48, CAUSE_STORE_ACCESS, sd a0, 0(t2)
        li t2, 0xC0600000
        AS_MODE(MODE_S)
#ifdef QEMU_REF  /* QEMU 7.2 reports a failed page-table read as a page fault */
        mtrap 49, CAUSE_LOAD_PF, ld a0, 0(t2)
#else
        mtrap 49, CAUSE_LOAD_ACCESS, ld a0, 0(t2)
#endif

        /* sfence.vma makes a changed mapping visible */
        li t2, VA4K(8)
        AS_MODE(MODE_S)
        ld a0, 0(t2)
        END_AS
        CHECK(50, a0, 0x1111)
        la a1, pg1
        leaf4k 8, a1, 0xc7
        sfence.vma t2, zero
        AS_MODE(MODE_S)
        ld a0, 0(t2)
        END_AS
        CHECK(51, a0, 0x2222)
        sd zero, 64(s8)               /* unmap */
        sfence.vma
        AS_MODE(MODE_S)
        mtrap 52, CAUSE_LOAD_PF, ld a0, 0(t2)
        /* and from S-mode itself */
        la a1, pg2
        leaf4k 8, a1, 0xc7
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      sfence.vma
        ld a0, 0(t2)
        ecall
2:      CHECK(53, s2, CAUSE_ECALL_S)
        CHECK(54, a0, 0x3333)

        /* satp = bare again */
        csrw satp, zero
        sfence.vma
        j pass
PRIV_END

        .section .bss
        .align 12
root:   .zero 4096
l1:     .zero 4096
l0:     .zero 4096
pg0:    .zero 4096
pg1:    .zero 4096
pg2:    .zero 4096
pg3:    .zero 4096
