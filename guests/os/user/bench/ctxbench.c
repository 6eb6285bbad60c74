/* ctxbench - ping-pong of one byte between two processes over two pipes: each round trip
 * is two context switches. */
#include "bench.h"

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 2000;
    int ping[2], pong[2];
    char c = 'x';
    if (pipe(ping) < 0 || pipe(pong) < 0) return 1;
    int pid = fork();
    if (pid == 0) {
        for (int i = 0; i < n; i++) {
            if (read(ping[0], &c, 1) != 1) exit(1);
            write(pong[1], &c, 1);
        }
        exit(0);
    }
    uint64 t0 = now_us();
    for (int i = 0; i < n; i++) {
        write(ping[1], &c, 1);
        if (read(pong[0], &c, 1) != 1) { printf("ctxbench: pipe broke\n"); return 1; }
    }
    uint64 us = now_us() - t0;
    wait(0);
    report("ctxbench", "round trips", n, us);
    return 0;
}
