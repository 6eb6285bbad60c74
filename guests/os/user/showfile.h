/* showfile.h - prints a generated /proc file: ps, free, uptime share this. */
#include "user.h"

static int show_file(const char *path)
{
    char buf[512];
    int fd = open(path, O_RDONLY), n;
    if (fd < 0) { fprintf(2, "cannot open %s\n", path); return 1; }
    while ((n = read(fd, buf, sizeof buf)) > 0) write(1, buf, n);
    close(fd);
    return 0;
}
