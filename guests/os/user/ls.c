/* ls - lists directories (name, type, size) or names files. */
#include "user.h"

static void show(const char *path, const char *name)
{
    struct stat st;
    if (stat(path, &st) < 0) { printf("%s\n", name); return; }
    const char *kind = st.type == T_DIR ? "dir " : st.type == T_DEV ? "dev " : st.type == T_BLK ? "blk " : st.type == T_PROC ? "proc" : "file";
    printf("%-20s %s %8lu\n", name, kind, st.size);
}

static void list(const char *path)
{
    struct stat st;
    int fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) < 0) { fprintf(2, "ls: cannot open %s\n", path); if (fd >= 0) close(fd); return; }
    if (st.type != T_DIR) { close(fd); show(path, path); return; }
    struct dirent de;
    char full[MAXPATH];
    while (read(fd, &de, sizeof de) == sizeof de) {
        snprintf(full, sizeof full, "%s/%s", path, de.name);
        show(full, de.name);
    }
    close(fd);
}

int main(int argc, char **argv)
{
    if (argc < 2) list(".");
    for (int i = 1; i < argc; i++) list(argv[i]);
    return 0;
}
