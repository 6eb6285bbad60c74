/* console.c - the console line discipline on top of the UART: echo, backspace, whole
 * lines to readers, Ctrl-C kills the foreground processes, Ctrl-D ends input. */
#include "defs.h"

#define CTRL(c) ((c) - '@')

static struct {                /* guarded by kernel_lock */
    char   buf[CONS_BUF];
    uint32 r, w, e;            /* read, written (complete lines), edit positions */
} cons;

static void echo(int c)
{
    if (c == '\b') {
        arch_console_putc('\b'); arch_console_putc(' '); arch_console_putc('\b');
    } else {
        if (c == '\n') arch_console_putc('\r');
        arch_console_putc(c);
    }
}

void console_init(void) { uart_init(); }

/* One input character, from the UART interrupt, with the kernel lock held. */
void console_input(int c)
{
    switch (c) {
    case CTRL('C'):
        printf("^C\n");
        cons.e = cons.w;
        kill_foreground();
        break;
    case CTRL('U'):
        while (cons.e != cons.w && cons.buf[(cons.e - 1) % CONS_BUF] != '\n') { cons.e--; echo('\b'); }
        break;
    case '\b':
    case 0x7f:
        if (cons.e != cons.w) { cons.e--; echo('\b'); }
        break;
    default:
        if (c == 0 || cons.e - cons.r >= CONS_BUF) break;
        if (c == '\r') c = '\n';
        if (c != CTRL('D')) echo(c);
        cons.buf[cons.e++ % CONS_BUF] = c;
        if (c == '\n' || c == CTRL('D') || cons.e - cons.r == CONS_BUF) {
            cons.w = cons.e;
            wakeup(&cons.r);
        }
    }
}

/* Reads up to one line; 0 at Ctrl-D on an empty line. */
int console_read(uint64 dst, int n)
{
    int done = 0;
    while (done < n) {
        while (cons.r == cons.w) {
            if (myproc()->killed) return -1;
            sleep_on(&cons.r);
        }
        char c = cons.buf[cons.r++ % CONS_BUF];
        if (c == CTRL('D')) {
            if (done > 0) cons.r--;      /* keep it: the next read returns 0 */
            break;
        }
        if (copyout(dst + done, &c, 1) < 0) return -1;
        done++;
        if (c == '\n') break;
    }
    return done;
}

int console_write(uint64 src, int n)
{
    char buf[128];
    for (int done = 0; done < n;) {
        int chunk = min(n - done, (int)sizeof buf);
        if (copyin(buf, src + done, chunk) < 0) return done ? done : -1;
        for (int i = 0; i < chunk; i++) {
            if (buf[i] == '\n') arch_console_putc('\r');
            arch_console_putc(buf[i]);
        }
        done += chunk;
    }
    return n;
}
