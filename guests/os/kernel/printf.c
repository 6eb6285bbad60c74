/* printf.c - the kernel's formatted output to the console (lib/fmt.c does the formatting). */
#include <stdarg.h>
#include "defs.h"
#include "fmt.h"

static volatile int panicked;

static void console_sink(void *arg, char c)
{
    (void)arg;
    if (c == '\n') arch_console_putc('\r');
    arch_console_putc(c);
}

void printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vformat(console_sink, 0, fmt, ap);
    va_end(ap);
}

void panic(const char *msg)
{
    arch_intr_off();
    panicked = 1;
    printf("\nkernel panic on hart %d: %s\n", (int)mycpu()->hartid, msg);
    arch_poweroff(1);
}
