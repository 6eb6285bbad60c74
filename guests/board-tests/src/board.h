/* board.h - the virt board as the board-test guests see it: addresses, a polled 16550
 * console and the test finisher. The numbers are engine/.../board/VirtMemoryMap.java's;
 * VirtBoardTest boots these programs, which proves the two agree. */
#ifndef BOARD_H
#define BOARD_H

#define UART0        0x10000000UL
#define UART0_IRQ    10
#define FINISHER     0x100000UL
#define PLIC         0x0c000000UL
#define FDT_MAGIC_LE 0xedfe0dd0U          /* 0xd00dfeed stored big-endian, read little-endian */

#define UART_RBR 0
#define UART_THR 0
#define UART_IER 1
#define UART_LSR 5
#define LSR_DR   0x01
#define LSR_THRE 0x20

#define REG8(a)  (*(volatile unsigned char *)(a))
#define REG32(a) (*(volatile unsigned int *)(a))

#define csr_read(csr) ({ unsigned long v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_set(csr, bits) __asm__ volatile("csrs " #csr ", %0" :: "r"(bits))

static inline void putc(char c) {
    while (!(REG8(UART0 + UART_LSR) & LSR_THRE)) { }
    REG8(UART0 + UART_THR) = (unsigned char)c;
}

static inline void puts(const char *s) {
    while (*s) putc(*s++);
}

static inline void puthex(unsigned long v) {
    puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4) putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

static inline int uart_has_input(void) {
    return REG8(UART0 + UART_LSR) & LSR_DR;
}

/* SiFive test finisher: 0x5555 passes, (code << 16) | 0x3333 fails with exit code `code`. */
static inline __attribute__((noreturn)) void finish(int code) {
    REG32(FINISHER) = code == 0 ? 0x5555 : ((unsigned)code << 16) | 0x3333;
    for (;;) { }
}

/* PLIC (RISC-V PLIC specification v1.0.0, SiFive layout). */
#define PLIC_PRIORITY(irq)   (PLIC + 4 * (irq))
#define PLIC_ENABLE(ctx)     (PLIC + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)  (PLIC + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)      (PLIC + 0x200004 + 0x1000 * (ctx))

#endif
