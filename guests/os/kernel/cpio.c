/* cpio.c - unpacks the initramfs, a cpio archive in the "newc" format (as Linux's
 * initramfs: 110-byte ASCII header "070701" + 13 hex fields, name, data, each padded to
 * 4 bytes; the entry "TRAILER!!!" ends it) into the RAM file system. */
#include "defs.h"

static uint64 hex(const char *p)
{
    uint64 v = 0;
    for (int i = 0; i < 8; i++) {
        char c = p[i];
        v = v * 16 + (c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
    }
    return v;
}

void cpio_unpack(const char *start, uint64 len)
{
    const char *p = start, *end = start + len;
    int files = 0;
    while (p + 110 <= end && memcmp(p, "070701", 6) == 0) {
        uint64 mode = hex(p + 14), size = hex(p + 54), namesize = hex(p + 94);
        const char *name = p + 110;
        const char *data = start + ((name + namesize - start + 3) & ~3UL);
        if (strcmp(name, "TRAILER!!!") == 0) break;
        char path[MAXPATH];
        strlcpy_(path, name, sizeof path);
        if ((mode & 0170000) == 0040000) {
            mkdirs(path);
        } else if ((mode & 0170000) == 0100000) {
            char leaf[DIRNAME];
            char *slash = 0;
            for (char *s = path; *s; s++) if (*s == '/') slash = s;
            if (slash) { *slash = 0; mkdirs(path); strlcpy_(leaf, slash + 1, DIRNAME); }
            else strlcpy_(leaf, path, DIRNAME);
            struct inode *dir = slash ? namei(path[0] ? path : "/") : namei("/");
            struct inode *ip = dir ? inode_create(dir, leaf, T_FILE) : 0;
            if (!ip || inode_write(ip, 0, (uint64)data, 0, size) != (int)size)
                printf("initramfs: cannot unpack %s\n", name);
            files++;
        }
        p = start + ((data + size - start + 3) & ~3UL);
    }
    printf("initramfs: %d files unpacked\n", files);
}
