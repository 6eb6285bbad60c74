/* uart-echo: echoes every input line until it reads "quit", driven entirely by UART receive
 * interrupts routed through the PLIC to M-mode (context 0 = hart 0's M-mode): the program
 * sleeps in WFI, and every machine external interrupt claims the source, drains the UART's
 * receive FIFO and completes the claim (RISC-V PLIC specification, "Interrupt Claim Process"
 * and "Interrupt Completion"). */
#include "board.h"

#define MCAUSE_MEI ((1UL << 63) | 11)
#define MIE_MEIE   (1UL << 11)
#define MSTATUS_MIE (1UL << 3)

static char line[128];
static unsigned len;
static unsigned interrupts;

static int is_quit(void) {
    return len == 4 && line[0] == 'q' && line[1] == 'u' && line[2] == 'i' && line[3] == 't';
}

static void take(char c) {
    if (c != '\r' && c != '\n') {
        if (len < sizeof line - 1) line[len++] = c;
        return;
    }
    if (len == 0) return;                   /* "\r\n" ends one line, not two */
    line[len] = 0;
    if (is_quit()) {
        puts("bye after ");
        puthex(interrupts);
        puts(" interrupts\n");
        finish(0);
    }
    puts("echo: ");
    puts(line);
    puts("\n");
    len = 0;
}

void trap(void) {
    if (csr_read(mcause) != MCAUSE_MEI) {
        puts("uart-echo: unexpected trap, mcause ");
        puthex(csr_read(mcause));
        puts("\n");
        finish(2);
    }
    unsigned irq = REG32(PLIC_CLAIM(0));
    if (irq == UART0_IRQ) {
        interrupts++;
        while (uart_has_input()) take((char)REG8(UART0 + UART_RBR));
    }
    if (irq != 0) REG32(PLIC_CLAIM(0)) = irq;   /* complete */
}

void main(void) {
    REG32(PLIC_PRIORITY(UART0_IRQ)) = 1;
    REG32(PLIC_ENABLE(0)) = 1U << UART0_IRQ;     /* sources 0..31 live in enable word 0 */
    REG32(PLIC_THRESHOLD(0)) = 0;
    puts("uart-echo: ready\n");               /* before the first interrupt can print */
    REG8(UART0 + UART_IER) = 0x01;              /* received-data-available interrupt */
    csr_set(mie, MIE_MEIE);
    csr_set(mstatus, MSTATUS_MIE);
    for (;;) __asm__ volatile("wfi");
}
