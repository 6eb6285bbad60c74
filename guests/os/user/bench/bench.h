/* bench.h - timing helpers for the benchmarks: rdtime (10 MHz guest time) and a report line
 * "NAME: N OPS in T us = R OPS/s (U us each)". Guest time advances with retired instructions,
 * so these numbers measure the emulated machine, deterministically. */
#include "user.h"

static uint64 now_us(void) { return rdtime() / (TIME_HZ / 1000000); }

__attribute__((unused)) static void report(const char *name, const char *ops, uint64 n, uint64 us)
{
    if (us == 0) us = 1;
    uint64 rate = n * 1000000 / us;
    uint64 each_ns = us * 1000 / (n ? n : 1);
    printf("%s: %lu %s in %lu us = %lu %s/s (%lu ns each)\n", name, n, ops, us, rate, ops, each_ns);
}
