/* uart.c - the ns16550a UART driver: polled output, interrupt-driven input that feeds the
 * console line discipline (console.c). Registers per the 16550 data sheet. */
#include "defs.h"
#include "memlayout.h"

#define REG(r) ((volatile uint8 *)(UART0_BASE + (r)))
#define RBR 0   /* receive buffer (read) */
#define THR 0   /* transmit holding (write) */
#define IER 1   /* interrupt enable */
#define FCR 2   /* FIFO control (write) */
#define LCR 3   /* line control */
#define LSR 5   /* line status */
#define LSR_DR   0x01
#define LSR_THRE 0x20

#define IIR 2   /* interrupt identification (read) */

void uart_init(void)
{
    static char early[CONS_BUF];
    int n = 0;
    *REG(IER) = 0;
    *REG(LCR) = 0x03;          /* 8 data bits, no parity, one stop bit */
    if ((*REG(IIR) & 0xC0) == 0) {
        /* Turning the FIFOs on empties them: keep what was typed before boot. */
        while ((*REG(LSR) & LSR_DR) && n < (int)sizeof early) early[n++] = *REG(RBR);
        *REG(FCR) = 0x01;
    }
    *REG(IER) = 0x01;          /* interrupt when data arrives */
    for (int i = 0; i < n; i++) console_input(early[i]);
}

void uart_putc_sync(int c)
{
    while ((*REG(LSR) & LSR_THRE) == 0) ;
    *REG(THR) = (uint8)c;
}

/* Called on the UART's PLIC interrupt with the kernel lock held. */
void uart_intr(void)
{
    while (*REG(LSR) & LSR_DR)
        console_input(*REG(RBR));
}
