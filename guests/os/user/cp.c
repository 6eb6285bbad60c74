/* cp - copies one file to another. */
#include "user.h"

int main(int argc, char **argv)
{
    if (argc != 3) panic_exit("usage: cp FROM TO");
    int in = open(argv[1], O_RDONLY);
    if (in < 0) { fprintf(2, "cp: cannot open %s\n", argv[1]); return 1; }
    int out = open(argv[2], O_WRONLY | O_CREATE | O_TRUNC);
    if (out < 0) { fprintf(2, "cp: cannot create %s\n", argv[2]); return 1; }
    static char buf[2048];
    int n;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, n) != n) { fprintf(2, "cp: write failed\n"); return 1; }
    return 0;
}
