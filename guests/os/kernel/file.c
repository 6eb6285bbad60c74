/* file.c - open files: what a file descriptor refers to (a ramfs inode with an offset,
 * one end of a pipe, or the console; /dev/disk0 is an inode whose bytes live on the disk),
 * shared between processes after fork and dup. */
#include "defs.h"

static struct file files[NFILE];

struct file *file_alloc(void)
{
    for (struct file *f = files; f < &files[NFILE]; f++)
        if (f->ref == 0) {
            memset(f, 0, sizeof *f);
            f->ref = 1;
            return f;
        }
    return 0;
}

struct file *file_dup(struct file *f)
{
    f->ref++;
    return f;
}

void file_close(struct file *f)
{
    if (--f->ref > 0) return;
    if (f->type == FD_PIPE) pipe_close(f->pipe, f->writable);
    else if (f->type == FD_INODE) inode_put(f->ip);
    f->type = FD_NONE;
}

int file_read(struct file *f, uint64 dst, int n)
{
    if (!f->readable) return -1;
    switch (f->type) {
    case FD_PIPE:    return pipe_read(f->pipe, dst, n);
    case FD_CONSOLE: return console_read(dst, n);
    case FD_INODE: {
        int r = f->ip->type == T_DIR ? dir_read(f->ip, dst, f->off, n)
              : f->ip->type == T_BLK ? disk_read(dst, f->off, n)
              : inode_read(f->ip, 1, dst, f->off, n);
        if (r > 0) f->off += r;
        return r;
    }
    default: return -1;
    }
}

int file_write(struct file *f, uint64 src, int n)
{
    if (!f->writable) return -1;
    switch (f->type) {
    case FD_PIPE:    return pipe_write(f->pipe, src, n);
    case FD_CONSOLE: return console_write(src, n);
    case FD_INODE: {
        if (f->append) f->off = f->ip->size;
        int r = f->ip->type == T_BLK ? disk_write(src, f->off, n) : inode_write(f->ip, 1, src, f->off, n);
        if (r > 0) f->off += r;
        return r;
    }
    default: return -1;
    }
}

int file_stat(struct file *f, uint64 dst)
{
    struct stat st = { 0, 0, 0 };
    if (f->type == FD_INODE) {
        st.type = f->ip->type;
        st.ino = f->ip->ino;
        st.size = f->ip->size;
    } else {
        st.type = f->type == FD_CONSOLE ? T_DEV : T_FILE;
    }
    return copyout(dst, &st, sizeof st);
}
