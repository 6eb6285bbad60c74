/* grep - prints the lines that contain a fixed string. */
#include "user.h"

static int grep(const char *pattern, int fd)
{
    static char buf[2048];
    int have = 0, n, found = 0;
    while ((n = read(fd, buf + have, sizeof buf - 1 - have)) > 0) {
        have += n;
        buf[have] = 0;
        char *line = buf, *nl;
        while ((nl = strchr(line, '\n'))) {
            *nl = 0;
            if (strstr(line, pattern)) { printf("%s\n", line); found = 1; }
            line = nl + 1;
        }
        have -= line - buf;
        memmove(buf, line, have);
        if (have == sizeof buf - 1) have = 0;   /* an overlong line: drop it */
    }
    if (have > 0) { buf[have] = 0; if (strstr(buf, pattern)) { printf("%s\n", buf); found = 1; } }
    return found;
}

int main(int argc, char **argv)
{
    if (argc < 2) panic_exit("usage: grep PATTERN [FILE...]");
    int found = 0;
    if (argc == 2) return !grep(argv[1], 0);
    for (int i = 2; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) { fprintf(2, "grep: cannot open %s\n", argv[i]); continue; }
        found |= grep(argv[1], fd);
        close(fd);
    }
    return !found;
}
