/* ulib.c - printf to file descriptors, gets, stat, malloc/free. */
#include <stdarg.h>
#include "user.h"

struct fdsink { int fd; int n; char buf[128]; };

static void fd_put(void *arg, char c)
{
    struct fdsink *s = arg;
    s->buf[s->n++] = c;
    if (s->n == sizeof s->buf) { write(s->fd, s->buf, s->n); s->n = 0; }
}

static int vfprintf(int fd, const char *fmt, va_list ap)
{
    struct fdsink s;
    s.fd = fd;
    s.n = 0;
    int r = vformat(fd_put, &s, fmt, ap);
    if (s.n) write(fd, s.buf, s.n);
    return r;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(1, fmt, ap);
    va_end(ap);
    return r;
}

int fprintf(int fd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(fd, fmt, ap);
    va_end(ap);
    return r;
}

void panic_exit(const char *msg)
{
    fprintf(2, "%s\n", msg);
    exit(1);
}

/* Reads a line from stdin including its newline; an empty string at end of input. */
char *gets(char *buf, int max)
{
    int i = 0;
    while (i + 1 < max) {
        char c;
        if (read(0, &c, 1) < 1) break;
        buf[i++] = c;
        if (c == '\n') break;
    }
    buf[i] = 0;
    return buf;
}

int stat(const char *path, struct stat *st)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    int r = fstat(fd, st);
    close(fd);
    return r;
}

/* malloc: a first-fit free list of blocks carved from sbrk, each with a size header. */
struct block { size_t size; struct block *next; };
static struct block *free_list;

void *malloc(size_t n)
{
    n = (n + 15) & ~15UL;
    for (struct block **b = &free_list; *b; b = &(*b)->next)
        if ((*b)->size >= n) {
            struct block *found = *b;
            *b = found->next;
            return found + 1;
        }
    size_t grab = n + sizeof(struct block);
    char *p = sbrk(grab < 4096 ? 4096 : grab);
    if (p == (char *)-1) return 0;
    struct block *blk = (struct block *)p;
    blk->size = n;
    if (grab < 4096 && 4096 - grab >= sizeof(struct block) + 16) {   /* the rest of the page */
        struct block *rest = (struct block *)(p + grab);
        rest->size = 4096 - grab - sizeof(struct block);
        rest->next = free_list;
        free_list = rest;
    }
    return blk + 1;
}

void free(void *ptr)
{
    if (!ptr) return;
    struct block *b = (struct block *)ptr - 1;
    b->next = free_list;
    free_list = b;
}
