/*
 * diag.c -- measurement aid, never part of the committed images (`make measure`).
 * Runs the workload, then prints the instret difference and the digest on the HTIF console
 * (device 1, command 1: putchar), which QEMU's spike machine forwards to its serial output.
 * Run under `qemu-system-riscv64 -icount shift=0` so that instret counts instructions.
 */
#include <stdint.h>

struct bench_result {
    uint64_t iterations, digest, instret_start, instret_end, failed_check;
};
extern volatile struct bench_result bench_result;
extern volatile uint64_t tohost, fromhost;
int bench_main(void);
int diag_main(void);

static void putc_htif(char c)
{
    tohost = (1ull << 56) | (1ull << 48) | (uint8_t)c;
    while (fromhost == 0) {
    }
    fromhost = 0;
}

static void puts_htif(const char *s)
{
    while (*s) putc_htif(*s++);
}

static void puthex(uint64_t v)
{
    puts_htif("0x");
    for (int i = 60; i >= 0; i -= 4) putc_htif("0123456789abcdef"[(v >> i) & 15]);
}

static void putdec(uint64_t v)
{
    char b[24];
    int n = 0;
    do { b[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) putc_htif(b[--n]);
}

int diag_main(void)
{
    int rc = bench_main();
    puts_htif("rc=");
    putdec((uint64_t)rc);
    puts_htif(" iterations=");
    putdec(bench_result.iterations);
    puts_htif(" instret=");
    putdec(bench_result.instret_end - bench_result.instret_start);
    puts_htif(" digest=");
    puthex(bench_result.digest);
    puts_htif("\n");
    return rc;
}
