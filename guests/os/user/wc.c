/* wc - counts lines, words and bytes. */
#include "user.h"

static void count(int fd, const char *name)
{
    static char buf[1024];
    long lines = 0, words = 0, bytes = 0;
    int n, inword = 0;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        for (int i = 0; i < n; i++) {
            bytes++;
            if (buf[i] == '\n') lines++;
            if (buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t') inword = 0;
            else if (!inword) { inword = 1; words++; }
        }
    printf("%ld %ld %ld%s%s\n", lines, words, bytes, *name ? " " : "", name);
}

int main(int argc, char **argv)
{
    if (argc < 2) { count(0, ""); return 0; }
    for (int i = 1; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) { fprintf(2, "wc: cannot open %s\n", argv[i]); return 1; }
        count(fd, argv[i]);
        close(fd);
    }
    return 0;
}
