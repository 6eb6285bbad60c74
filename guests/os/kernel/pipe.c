/* pipe.c - pipes: a ring buffer of one page between a reading and a writing file. */
#include "defs.h"

#define PIPESIZE (4096 - 16)

struct pipe {                  /* guarded by kernel_lock; fills exactly one page */
    uint32 nread, nwrite;      /* bytes read and written, ever */
    int    readopen, writeopen;
    char   data[PIPESIZE];
};

int pipe_alloc(struct file **r, struct file **w)
{
    struct pipe *p = kalloc();
    *r = file_alloc();
    *w = *r ? file_alloc() : 0;
    if (!p || !*w) {
        if (p) kfree(p);
        if (*r) file_close(*r);
        return -1;
    }
    p->readopen = p->writeopen = 1;
    (*r)->type = (*w)->type = FD_PIPE;
    (*r)->pipe = (*w)->pipe = p;
    (*r)->readable = 1;
    (*w)->writable = 1;
    return 0;
}

void pipe_close(struct pipe *p, int writable)
{
    if (writable) {
        p->writeopen = 0;
        wakeup(&p->nread);
    } else {
        p->readopen = 0;
        wakeup(&p->nwrite);
    }
    if (!p->readopen && !p->writeopen) kfree(p);
}

int pipe_write(struct pipe *p, uint64 src, int n)
{
    int done = 0;
    while (done < n) {
        if (!p->readopen || myproc()->killed) return done ? done : -1;
        if (p->nwrite - p->nread == PIPESIZE) {
            wakeup(&p->nread);
            sleep_on(&p->nwrite);
            continue;
        }
        uint32 at = p->nwrite % PIPESIZE;
        int chunk = min((uint32)(n - done), min(PIPESIZE - at, PIPESIZE - (p->nwrite - p->nread)));
        if (copyin(&p->data[at], src + done, chunk) < 0) return -1;
        p->nwrite += chunk;
        done += chunk;
    }
    wakeup(&p->nread);
    return done;
}

int pipe_read(struct pipe *p, uint64 dst, int n)
{
    while (p->nread == p->nwrite && p->writeopen) {
        if (myproc()->killed) return -1;
        sleep_on(&p->nread);
    }
    int done = 0;
    while (done < n && p->nread != p->nwrite) {
        uint32 at = p->nread % PIPESIZE;
        int chunk = min((uint32)(n - done), min(PIPESIZE - at, p->nwrite - p->nread));
        if (copyout(dst + done, &p->data[at], chunk) < 0) return -1;
        p->nread += chunk;
        done += chunk;
    }
    wakeup(&p->nwrite);
    return done;
}
