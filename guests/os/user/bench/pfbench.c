/* pfbench - touches N fresh heap pages: each first touch is a page fault that maps a page. */
#include "bench.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    char *p = sbrk((long)n * 4096);
    if (p == (char *)-1) { printf("pfbench: sbrk failed\n"); return 1; }
    uint64 t0 = now_us();
    for (int i = 0; i < n; i++) p[(long)i * 4096] = 1;
    report("pfbench", "page faults", n, now_us() - t0);
    return 0;
}
