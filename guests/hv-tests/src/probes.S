/* probes.S - single memory accesses that may fault, for the guests' trap handlers to skip.
 * Assembled without compressed instructions, so every faulting access is 4 bytes long.
 *
 *   unsigned long probe_ld(unsigned long addr)    ld from addr; PROBE_NONE (-1) if it faulted
 *   void probe_sd(unsigned long addr, unsigned long value)
 *   void probe_fetch(unsigned long addr)          calls addr; the page there holds a `ret`.
 *        A fetch fault cannot be skipped: the handler resumes at the saved ra instead, which
 *        is the instruction after the jalr here.
 *
 * fetch_page is a page of its own holding `ret` followed by the word 0x5afec0de, so that a
 * mapping of it can be both fetched from and loaded (ld gives 0x5afec0de00008067). */
    .file   "probes.S"
    .option norvc
    .text
    .globl  probe_ld
    .balign 4
probe_ld:
    mv      t0, a0
    li      a0, -1
    ld      a0, 0(t0)
    ret

    .globl  probe_sd
    .balign 4
probe_sd:
    sd      a1, 0(a0)
    ret

    .globl  probe_fetch
    .balign 4
probe_fetch:
    addi    sp, sp, -16
    sd      ra, 0(sp)
    jalr    ra, 0(a0)
    ld      ra, 0(sp)
    addi    sp, sp, 16
    ret

    .section .pages, "ax"
    .globl  fetch_page
    .balign 4096
fetch_page:
    ret
    .word   0x5afec0de
    .balign 4096
