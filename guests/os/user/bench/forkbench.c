/* forkbench - fork + exit + wait of a small process, repeated. */
#include "bench.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 200;
    uint64 t0 = now_us();
    for (int i = 0; i < n; i++) {
        int pid = fork();
        if (pid == 0) exit(0);
        if (pid < 0 || wait(0) != pid) { printf("forkbench: fork failed\n"); return 1; }
    }
    report("forkbench", "forks", n, now_us() - t0);
    return 0;
}
