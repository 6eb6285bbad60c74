/* disk - looks at and writes the virtio-blk disk through /dev/disk0.
 *   disk                         size of the disk
 *   disk read SECTOR [COUNT]     hex dump of COUNT (1) sectors; runs of zero lines show as '*'
 *   disk write SECTOR WORDS...   writes the words, separated by spaces, zero-padded to a sector */
#include "user.h"

#define SECTOR 512

__attribute__((noreturn)) static void usage(void) { panic_exit("usage: disk [read SECTOR [COUNT] | write SECTOR WORDS...]"); }

static int open_disk(int mode, long sector)
{
    int fd = open("/dev/disk0", mode);
    if (fd < 0) panic_exit("disk: no /dev/disk0 (boot with --disk FILE)");
    if (lseek(fd, sector * SECTOR, SEEK_SET) < 0) panic_exit("disk: cannot seek");
    return fd;
}

static void dump(long sector, const unsigned char *b)
{
    static const char hex[] = "0123456789abcdef";
    int starred = 0;
    for (int row = 0; row < SECTOR; row += 16) {
        int zero = 1;
        for (int i = 0; i < 16; i++) zero &= b[row + i] == 0;
        if (zero && row > 0 && row < SECTOR - 16) {
            if (!starred) printf("*\n");
            starred = 1;
            continue;
        }
        starred = 0;
        char line[80];
        int n = snprintf(line, sizeof line, "%08lx ", (uint64)(sector * SECTOR + row));
        for (int i = 0; i < 16; i++) {
            line[n++] = ' ';
            line[n++] = hex[b[row + i] >> 4];
            line[n++] = hex[b[row + i] & 15];
        }
        line[n++] = ' ', line[n++] = ' ', line[n++] = '|';
        for (int i = 0; i < 16; i++) line[n++] = b[row + i] >= 32 && b[row + i] < 127 ? b[row + i] : '.';
        line[n++] = '|', line[n] = 0;
        printf("%s\n", line);
    }
}

int main(int argc, char **argv)
{
    static unsigned char buf[SECTOR];
    if (argc == 1) {
        struct stat st;
        if (stat("/dev/disk0", &st) < 0) panic_exit("disk: no /dev/disk0 (boot with --disk FILE)");
        printf("/dev/disk0: %lu sectors of %d bytes = %lu KiB\n", st.size / SECTOR, SECTOR, st.size / 1024);
        return 0;
    }
    if (argc < 3) usage();
    long sector = atoi(argv[2]);
    if (strcmp(argv[1], "read") == 0) {
        long count = argc > 3 ? atoi(argv[3]) : 1;
        int fd = open_disk(O_RDONLY, sector);
        for (long s = sector; s < sector + count; s++) {
            if (read(fd, buf, SECTOR) != SECTOR) { fprintf(2, "disk: cannot read sector %ld\n", s); return 1; }
            dump(s, buf);
        }
        return 0;
    }
    if (strcmp(argv[1], "write") == 0) {
        int n = 0;
        for (int i = 3; i < argc; i++) {
            for (const char *w = argv[i]; *w && n < SECTOR; w++) buf[n++] = *w;
            if (i + 1 < argc && n < SECTOR) buf[n++] = ' ';
        }
        int fd = open_disk(O_RDWR, sector);
        if (write(fd, buf, SECTOR) != SECTOR) { fprintf(2, "disk: cannot write sector %ld\n", sector); return 1; }
        printf("disk: wrote %d bytes to sector %ld\n", n, sector);
        return 0;
    }
    usage();
}
