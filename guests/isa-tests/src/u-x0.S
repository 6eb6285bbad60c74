/*
 * u-x0.S -- x0 is hard-wired to zero: every kind of write to it (ALU, immediate, W forms,
 * LUI, AUIPC, loads, JAL/JALR links, M-extension, AMO, CSR reads) is discarded, and reading
 * x0 as a source always gives 0. A load into x0 still happens (it would trap if invalid).
 */
#include "test.h"

#define ZERO(n) CHECK(n, x0, 0); mv a0, x0; CHECK(n, a0, 0); bnez zero, fail

        .option norvc
TEST_BEGIN
        li a1, 0x1234
        li a2, -1
        addi x0, x0, 5
        ZERO(1)
        addi x0, a1, 1
        ZERO(2)
        add x0, a1, a2
        ZERO(3)
        sub x0, a1, a2
        ZERO(4)
        or x0, a1, a2
        ZERO(5)
        xori x0, a2, 0
        ZERO(6)
        slli x0, a2, 3
        ZERO(7)
        sltu x0, x0, a2
        ZERO(8)
        addiw x0, a1, 1
        ZERO(9)
        sraw x0, a2, a1
        ZERO(10)
        lui x0, 0x12345
        ZERO(11)
        auipc x0, 0x12345
        ZERO(12)
        la t0, data
        ld x0, 0(t0)
        ZERO(13)
        lb x0, 0(t0)
        ZERO(14)
        lwu x0, 4(t0)
        ZERO(15)
        mul x0, a1, a1
        ZERO(16)
        div x0, a1, a2
        ZERO(17)
        csrr x0, mhartid        /* csrrs x0, mhartid, x0 */
        ZERO(18)
        csrrw x0, mscratch, a1
        ZERO(19)
        jal x0, 1f
1:      ZERO(20)
        la t1, 1f
        jalr x0, 0(t1)
1:      ZERO(21)
        amoadd.d x0, a1, (t0)
        ZERO(22)
        ld a0, 0(t0)
        li t1, 0x5555555555555555 + 0x1234
        CHECK_EQ(23, a0, t1)
        lr.d x0, (t0)
        ZERO(24)
        sc.d x0, a1, (t0)
        ZERO(25)

        /* 26-31: x0 as a source is 0 even after the writes above */
        add a0, a1, x0
        CHECK(26, a0, 0x1234)
        sub a0, x0, a1
        CHECK(27, a0, -0x1234)
        or a0, x0, x0
        CHECK(28, a0, 0)
        sd x0, 8(t0)
        ld a0, 8(t0)
        CHECK(29, a0, 0)
        addi a0, x0, -1
        CHECK(30, a0, -1)
        sltu a0, x0, a1
        CHECK(31, a0, 1)
        /* 32: csrw from x0 writes 0 */
        csrw mscratch, x0
        csrr a0, mscratch
        CHECK(32, a0, 0)
        j pass

        .data
        .align 3
data:   .dword 0x5555555555555555
        .dword -1
TEST_END
