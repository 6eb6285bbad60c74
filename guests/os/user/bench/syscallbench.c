/* syscallbench - the cost of a null system call (getpid) round trip. */
#include "bench.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20000;
    uint64 t0 = now_us();
    for (int i = 0; i < n; i++) getpid();
    report("syscallbench", "syscalls", n, now_us() - t0);
    return 0;
}
