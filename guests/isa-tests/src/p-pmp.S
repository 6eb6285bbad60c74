/* p-pmp.S -- PMP: no matching entry (S/U fail, M succeeds), NAPOT/NA4/TOR regions,
   lowest-numbered match wins, M unaffected by unlocked entries, lock bit. */
#include "test.h"
#include "priv.h"

#define NAPOT4K(r, page)                            \
        la r, page;                                 \
        srli r, r, 2;                               \
        ori r, r, 0x1ff

TEST_BEGIN
        PRIV_INIT

        /* only entry 0: NAPOT 1 MiB at 0x80000000 RWX; 0x80100000 matches nothing */
        li a1, (0x80000000 + 0x7ffff) >> 2
        csrw pmpaddr0, a1
        li a1, 0x1f
        csrw pmpcfg0, a1
        csrw pmpcfg2, zero
        sfence.vma
        li t2, 0x80100000
        ld a0, 0(t2)                  /* M: fine */
        sd a0, 0(t2)
        mode_ok 1, MODE_S, nop
        mode_trap 2, MODE_S, CAUSE_LOAD_ACCESS, ld a0, 0(t2)
        CHECK_EQ(3, s4, t2)
        mode_trap 4, MODE_U, CAUSE_STORE_ACCESS, sd a0, 8(t2)
        addi t3, t2, 8
        CHECK_EQ(5, s4, t3)
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      jr t2
2:      CHECK(6, s2, CAUSE_FETCH_ACCESS)
        CHECK_EQ(7, s3, t2)
        CHECK_EQ(8, s4, t2)

        /* entry 15: everything RWX (lowest priority); entries 0..7 per test */
        csrw pmpcfg0, zero
        li a1, -1
        csrw pmpaddr15, a1
        li a1, (0x1f << 56)
        csrw pmpcfg2, a1
        /* entry 0: NAPOT pgA read-only; entry 1: NA4 pgB+0 no access;
           entries 2/3: TOR [xpage, xpage + 4K) R only (no X);
           entry 4: NAPOT pgD RW, entry 5: NAPOT pgD none -> 4 wins;
           entry 6: NAPOT pgE none, entry 7: NAPOT pgE RW -> 6 wins */
        NAPOT4K(a1, pgA)
        csrw pmpaddr0, a1
        la a1, pgB
        srli a1, a1, 2
        csrw pmpaddr1, a1
        la a1, xpage
        srli a1, a1, 2
        csrw pmpaddr2, a1
        la a1, xpage + 4096
        srli a1, a1, 2
        csrw pmpaddr3, a1
        NAPOT4K(a1, pgD)
        csrw pmpaddr4, a1
        csrw pmpaddr5, a1
        NAPOT4K(a1, pgE)
        csrw pmpaddr6, a1
        csrw pmpaddr7, a1
        li a1, 0x1b18181b09001019
        csrw pmpcfg0, a1
        csrr a0, pmpcfg0
        CHECK_EQ(9, a0, a1)
        sfence.vma

        /* NAPOT read-only */
        la t2, pgA
        mode_ok 10, MODE_S, ld a0, 0(t2); ld a0, 2040(t2)
        mode_ok 11, MODE_U, lw a0, 16(t2)
        mode_trap 12, MODE_S, CAUSE_STORE_ACCESS, sd a0, 0(t2)
        CHECK_EQ(13, s4, t2)
        mode_trap 14, MODE_U, CAUSE_STORE_ACCESS, amoadd.w a0, a0, (t2)
        sd a0, 0(t2)                  /* M is not restricted by unlocked entries */
        /* just outside the region */
        li t3, 4096
        add t3, t3, t2
        mode_ok 15, MODE_S, sd a0, 8(t3); sd a0, -8(t2)

        /* NA4: exactly 4 bytes */
        la t2, pgB
        mode_trap 16, MODE_S, CAUSE_LOAD_ACCESS, lw a0, 0(t2)
        mode_trap 17, MODE_S, CAUSE_STORE_ACCESS, sb a0, 3(t2)
        mode_ok 18, MODE_S, lw a0, 4(t2); sw a0, -4(t2)
        lw a0, 0(t2)

        /* TOR without X: no fetch; reads are fine */
        la t2, xpage
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      jr t2
2:      CHECK(19, s2, CAUSE_FETCH_ACCESS)
        CHECK_EQ(20, s3, t2)
        mode_ok 21, MODE_U, ld a0, 0(t2)
        mode_trap 22, MODE_U, CAUSE_STORE_ACCESS, sd a0, 0(t2)
        /* M-mode fetches there */
        la s10, 1f
        jr t2
1:      CHECK(23, s2, CAUSE_ECALL_M)

        /* priority */
        la t2, pgD
        mode_ok 24, MODE_S, sd a0, 0(t2); ld a0, 0(t2)
        la t2, pgE
        mode_trap 25, MODE_S, CAUSE_LOAD_ACCESS, ld a0, 0(t2)

        /* a TOR entry with an empty range matches nothing */
        la a1, xpage
        srli a1, a1, 2
        csrw pmpaddr3, a1
        sfence.vma
        la t2, xpage
        la s10, 2f
        GOTO(MODE_S, 1f)
1:      jr t2
2:      CHECK(26, s2, CAUSE_ECALL_S)

        /* lock: entry 8 NAPOT pgF R + L applies to M and cannot be changed */
        NAPOT4K(a1, pgF)
        csrw pmpaddr8, a1
        li a1, (0x1f << 56) | 0x99
        csrw pmpcfg2, a1
        sfence.vma
        la t2, pgF
        ld a0, 0(t2)
        mtrap 27, CAUSE_STORE_ACCESS, sd a0, 0(t2)
        CHECK_EQ(28, s4, t2)
        li a1, (0x1f << 56) | 0x1f
        csrw pmpcfg2, a1              /* entry 8 byte ignored */
        csrr a0, pmpcfg2
        li a1, (0x1f << 56) | 0x99
        CHECK_EQ(29, a0, a1)
        csrr a2, pmpaddr8
        li a1, -1
        csrw pmpaddr8, a1
        csrr a0, pmpaddr8
        CHECK_EQ(30, a0, a2)
        mtrap 31, CAUSE_STORE_ACCESS, sw a0, 100(t2)
        mode_trap 32, MODE_S, CAUSE_STORE_ACCESS, sw a0, 100(t2)

        j pass

        .align 12
xpage:  ecall
        ecall
        .align 12
PRIV_END

        .section .bss
        .align 12
pgA:    .zero 4096
pgB:    .zero 4096
pgD:    .zero 4096
pgE:    .zero 4096
pgF:    .zero 4096
