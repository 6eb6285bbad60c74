/* hvc.c - the console of the paravirtualized kernel: the hypervisor's console by hypercall
 * instead of the ns16550a (../uart.c, which the PV build leaves out). Output is buffered per
 * hart and written with one HC_CONSOLE_WRITE per line, or when the kernel is about to leave
 * (return to user, wait for an event, power off); input arrives as event channel
 * PV_EVENT_CONSOLE, which is the UART's interrupt number, so trap.c needs no change. */
#include "defs.h"
#include "arch-pv/hypercall.h"

#define LINE 128

static struct {
    char buf[LINE];
    int  len;
} out[NCPU];

void pv_console_flush(void)
{
    int h = pv_hart();
    if (out[h].len > 0) {
        hypercall(HC_CONSOLE_WRITE, (long)out[h].buf, out[h].len, 0);
        out[h].len = 0;
    }
}

void arch_console_putc(int c)
{
    int h = pv_hart();
    out[h].buf[out[h].len++] = (char)c;
    if (c == '\n' || out[h].len == LINE) pv_console_flush();
}

void uart_init(void) { }
void uart_putc_sync(int c) { arch_console_putc(c); }

/* Console input is waiting: hand all of it to the line discipline. */
void uart_intr(void)
{
    char buf[32];
    long n;
    while ((n = hypercall(HC_CONSOLE_READ, (long)buf, sizeof buf, 0)) > 0)
        for (long i = 0; i < n; i++) console_input(buf[i]);
}
