/* iobench - file write and read throughput. The kernel has no virtio-blk driver yet, so
 * this measures the RAM file system (/tmp) through read/write system calls. */
#include "bench.h"

int main(int argc, char **argv)
{
    int kib = argc > 1 ? atoi(argv[1]) : 512;
    static char buf[4096];
    memset(buf, 'v', sizeof buf);
    int fd = open("/tmp/iobench", O_CREATE | O_WRONLY | O_TRUNC);
    if (fd < 0) { printf("iobench: cannot create /tmp/iobench\n"); return 1; }
    uint64 t0 = now_us();
    for (int i = 0; i < kib / 4; i++) write(fd, buf, sizeof buf);
    uint64 wus = now_us() - t0;
    close(fd);
    fd = open("/tmp/iobench", O_RDONLY);
    long total = 0;
    int n;
    t0 = now_us();
    while ((n = read(fd, buf, sizeof buf)) > 0) total += n;
    uint64 rus = now_us() - t0;
    close(fd);
    unlink("/tmp/iobench");
    if (!wus) wus = 1;
    if (!rus) rus = 1;
    printf("iobench: ramfs write %d KiB in %lu us = %lu KiB/s\n", kib, wus, (uint64)kib * 1000000 / wus);
    printf("iobench: ramfs read %ld KiB in %lu us = %lu KiB/s\n", total / 1024, rus, (uint64)(total / 1024) * 1000000 / rus);
    return total == (long)kib * 1024 ? 0 : 1;
}
