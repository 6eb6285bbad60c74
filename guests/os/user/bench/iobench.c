/* iobench [KIB] - file write and read throughput, in guest time, of
 *   ramfs   the RAM file system (/tmp/iobench), 4 KiB read/write calls;
 *   disk0   the virtio-blk disk (/dev/disk0), when there is one: KIB from its start, in 4 KiB
 *           and in 60 KiB calls (the driver's largest request). This overwrites the disk's first
 *           KIB KiB; a --disk FILE is copy-on-write unless given as FILE,writable.
 * Guest time comes from retired instructions: the disk device itself takes no guest time, so
 * the disk figures measure the driver, the interrupt and the scheduler. */
#include "bench.h"

#define BIG (60 * 1024)

static void line(const char *what, const char *op, long bytes, uint64 us, const char *note)
{
    if (!us) us = 1;
    uint64 kibs = (uint64)bytes / 1024 * 1000000 / us;
    uint64 mbs10 = (uint64)bytes * 10 / us;            /* MB/s (10^6 bytes) times ten */
    printf("iobench: %s %s %ld KiB in %lu us = %lu KiB/s (%lu.%lu MB/s)%s\n", what, op, bytes / 1024, us, kibs,
           mbs10 / 10, mbs10 % 10, note);
}

/* Writes then reads back kib KiB of /dev/disk0 in calls of chunk bytes; 0 when the data came back. */
static int disk_pass(int kib, int chunk, char *buf, const char *note)
{
    long total = (long)kib * 1024, done;
    int fd = open("/dev/disk0", O_RDWR), ok = 1;
    for (int i = 0; i < chunk; i++) buf[i] = (char)(i * 7 + chunk);
    uint64 t0 = now_us();
    for (done = 0; done < total; done += chunk)
        if (write(fd, buf, total - done < chunk ? total - done : chunk) <= 0) break;
    uint64 wus = now_us() - t0;
    int wrote = done >= total;
    if (!wrote) {
        if (done > 0) { printf("iobench: disk0 write failed at %ld\n", done); close(fd); return 1; }
        if (fd < 0) fd = open("/dev/disk0", O_RDONLY);
        printf("iobench: disk0 refuses writes (read-only): reads only%s\n", note);
        ok = -1;
    }
    lseek(fd, 0, SEEK_SET);
    t0 = now_us();
    for (done = 0; done < total; done += chunk) {
        int want = total - done < chunk ? total - done : chunk;
        buf[0] = buf[want - 1] = 0x55;                  /* a pattern value never at these spots */
        int n = read(fd, buf, want);
        if (n <= 0) break;
        if (wrote && (buf[0] != (char)chunk || buf[n - 1] != (char)((n - 1) * 7 + chunk))) ok = 0;
    }
    uint64 rus = now_us() - t0;
    close(fd);
    if (done < total) { printf("iobench: disk0 read failed at %ld\n", done); return 1; }
    if (wrote) line("disk0", "write", total, wus, note);
    line("disk0", "read", total, rus, note);
    if (!ok) printf("iobench: disk0 read back other data than written\n");
    return ok == 0;
}

int main(int argc, char **argv)
{
    int kib = argc > 1 ? atoi(argv[1]) : 512;
    static char buf[BIG];
    memset(buf, 'v', 4096);
    int fd = open("/tmp/iobench", O_CREATE | O_WRONLY | O_TRUNC);
    if (fd < 0) { printf("iobench: cannot create /tmp/iobench\n"); return 1; }
    uint64 t0 = now_us();
    for (int i = 0; i < kib / 4; i++) write(fd, buf, 4096);
    uint64 wus = now_us() - t0;
    close(fd);
    fd = open("/tmp/iobench", O_RDONLY);
    long total = 0;
    int n;
    t0 = now_us();
    while ((n = read(fd, buf, 4096)) > 0) total += n;
    uint64 rus = now_us() - t0;
    close(fd);
    unlink("/tmp/iobench");
    if (!wus) wus = 1;
    if (!rus) rus = 1;
    printf("iobench: ramfs write %d KiB in %lu us = %lu KiB/s\n", kib, wus, (uint64)kib * 1000000 / wus);
    printf("iobench: ramfs read %ld KiB in %lu us = %lu KiB/s\n", total / 1024, rus, (uint64)(total / 1024) * 1000000 / rus);
    int status = total != (long)kib * 1024;

    struct stat st;
    if (stat("/dev/disk0", &st) < 0) {
        printf("iobench: no disk (boot with --disk FILE for virtio-blk figures)\n");
        return status;
    }
    if ((uint64)kib * 1024 > st.size) kib = st.size / 1024;
    status |= disk_pass(kib, 4096, buf, ", 4 KiB calls");
    status |= disk_pass(kib, BIG, buf, ", 60 KiB calls");
    return status;
}
