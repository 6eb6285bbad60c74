/* sysfile.c - system calls about files: descriptors, paths, pipes. */
#include "defs.h"

static struct file *arg_fd(int n, int *fdp)
{
    uint64 fd = argraw(n);
    if (fd >= NOFILE) return 0;
    if (fdp) *fdp = (int)fd;
    return myproc()->ofile[fd];
}

static int fd_alloc(struct file *f)
{
    struct proc *p = myproc();
    for (int fd = 0; fd < NOFILE; fd++)
        if (!p->ofile[fd]) { p->ofile[fd] = f; return fd; }
    return -1;
}

uint64 sys_read(void)
{
    struct file *f = arg_fd(0, 0);
    return f ? file_read(f, argraw(1), (int)argraw(2)) : -1;
}

uint64 sys_write(void)
{
    struct file *f = arg_fd(0, 0);
    return f ? file_write(f, argraw(1), (int)argraw(2)) : -1;
}

uint64 sys_close(void)
{
    int fd;
    struct file *f = arg_fd(0, &fd);
    if (!f) return -1;
    myproc()->ofile[fd] = 0;
    file_close(f);
    return 0;
}

uint64 sys_dup(void)
{
    struct file *f = arg_fd(0, 0);
    int fd;
    if (!f || (fd = fd_alloc(f)) < 0) return -1;
    file_dup(f);
    return fd;
}

uint64 sys_fstat(void)
{
    struct file *f = arg_fd(0, 0);
    return f ? file_stat(f, argraw(1)) : -1;
}

uint64 sys_pipe(void)
{
    struct file *r, *w;
    struct proc *p = myproc();
    if (pipe_alloc(&r, &w) < 0) return -1;
    int fds[2] = { fd_alloc(r), -1 };
    if (fds[0] >= 0) fds[1] = fd_alloc(w);
    if (fds[1] < 0 || copyout(argraw(0), fds, sizeof fds) < 0) {
        if (fds[0] >= 0) p->ofile[fds[0]] = 0;
        if (fds[1] >= 0) p->ofile[fds[1]] = 0;
        file_close(r);
        file_close(w);
        return -1;
    }
    return 0;
}

uint64 sys_open(void)
{
    char path[MAXPATH];
    int mode = (int)argraw(1);
    if (argstr(0, path, sizeof path) < 0) return -1;
    struct inode *ip = namei(path);
    if (!ip && (mode & O_CREATE)) {
        char name[DIRNAME];
        struct inode *dir = nameiparent(path, name);
        if (!dir || !(ip = inode_create(dir, name, T_FILE))) return -1;
    }
    if (!ip) return -1;
    int writing = (mode & (O_WRONLY | O_RDWR)) != 0;
    if (ip->type == T_DIR && writing) return -1;
    if (ip->type == T_PROC) {
        if (writing || !(ip = procfs_open(ip))) return -1;
    }
    struct file *f = file_alloc();
    if (!f) return -1;
    int fd = fd_alloc(f);
    if (fd < 0) { f->ref = 0; return -1; }
    if (ip->type == T_DEV) {
        f->type = FD_CONSOLE;
    } else {
        f->type = FD_INODE;
        f->ip = ip;
        inode_ref(ip);
        if ((mode & O_TRUNC) && writing && ip->type == T_FILE) inode_truncate(ip);
    }
    f->readable = !(mode & O_WRONLY);
    f->writable = writing;
    f->append = (mode & O_APPEND) != 0;
    return fd;
}

/* lseek(fd, offset, whence): files and the disk; returns the new offset. */
uint64 sys_lseek(void)
{
    struct file *f = arg_fd(0, 0);
    int64 off = (int64)argraw(1);
    int whence = (int)argraw(2);
    if (!f || f->type != FD_INODE || f->ip->type == T_DIR) return -1;
    int64 base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? (int64)f->off : whence == SEEK_END ? (int64)f->ip->size : -1;
    if (base < 0 || base + off < 0) return -1;
    f->off = base + off;
    return f->off;
}

uint64 sys_mkdir(void)
{
    char path[MAXPATH], name[DIRNAME];
    if (argstr(0, path, sizeof path) < 0) return -1;
    struct inode *dir = nameiparent(path, name);
    if (!dir || dir_lookup(dir, name)) return -1;
    return inode_create(dir, name, T_DIR) ? 0 : -1;
}

uint64 sys_unlink(void)
{
    char path[MAXPATH];
    if (argstr(0, path, sizeof path) < 0) return -1;
    struct inode *ip = namei(path);
    if (!ip || ip == myproc()->cwd) return -1;
    return inode_unlink(ip);
}

uint64 sys_chdir(void)
{
    char path[MAXPATH];
    struct proc *p = myproc();
    if (argstr(0, path, sizeof path) < 0) return -1;
    struct inode *ip = namei(path);
    if (!ip || ip->type != T_DIR) return -1;
    inode_ref(ip);
    inode_put(p->cwd);
    p->cwd = ip;
    return 0;
}

uint64 sys_exec(void)
{
    char path[MAXPATH];
    uint64 uargv = argraw(1);
    if (argstr(0, path, sizeof path) < 0) return -1;
    char *page = kalloc();            /* argument strings; one page in all */
    if (!page) return -1;
    char *argv[MAXARG + 1];
    uint64 used = 0;
    int argc = 0, r = -1;
    for (;; argc++) {
        uint64 ua;
        if (argc > MAXARG || copyin(&ua, uargv + 8 * argc, 8) < 0) goto out;
        if (!ua) break;
        argv[argc] = page + used;
        if (used >= PGSIZE || copyinstr(argv[argc], ua, PGSIZE - used) < 0) goto out;
        used += strlen(argv[argc]) + 1;
    }
    argv[argc] = 0;
    r = exec(path, argv);
out:
    kfree(page);
    return r;
}
