/* fs.c - the root file system, in RAM: a tree of inodes (directories link their children
 * through parent/child/sibling pointers), file contents in pages. Filled at boot from the
 * initramfs (cpio.c); /proc is generated (procfs.c); /dev/console is the console, and
 * /dev/disk0 the virtio-blk disk when there is one (disk.c). */
#include "defs.h"

static struct inode inodes[NINODE];
static struct inode *root;

static struct inode *inode_alloc(int type)
{
    for (int i = 0; i < NINODE; i++)
        if (inodes[i].type == 0) {
            struct inode *ip = &inodes[i];
            memset(ip, 0, sizeof *ip);
            ip->type = type;
            ip->ino = i + 1;
            return ip;
        }
    return 0;
}

static void inode_free(struct inode *ip)
{
    inode_truncate(ip);
    ip->type = 0;
}

void fs_init(void)
{
    root = inode_alloc(T_DIR);
    root->parent = root;
    struct inode *dev = inode_create(root, "dev", T_DIR);
    inode_create(dev, "console", T_DEV);
    if (virtio_blk_present()) {
        struct inode *disk = inode_create(dev, "disk0", T_BLK);
        disk->size = virtio_blk_capacity() * BLK_SECTOR;
    }
    procfs_init(inode_create(root, "proc", T_DIR));
    inode_create(root, "tmp", T_DIR);
}

struct inode *dir_lookup(struct inode *dir, const char *name)
{
    if (strcmp(name, ".") == 0 || name[0] == 0) return dir;
    if (strcmp(name, "..") == 0) return dir->parent;
    for (struct inode *c = dir->child; c; c = c->sibling)
        if (strncmp(c->name, name, DIRNAME) == 0) return c;
    return 0;
}

/* Walks path; with want_parent, stops one component early and copies the last name. */
static struct inode *walk_path(const char *path, int want_parent, char *last)
{
    struct inode *ip = (*path == '/' || !myproc()) ? root : myproc()->cwd;
    char name[DIRNAME];
    while (*path) {
        while (*path == '/') path++;
        if (!*path) break;
        int n = 0;
        while (*path && *path != '/') {
            if (n < DIRNAME - 1) name[n++] = *path;
            path++;
        }
        name[n] = 0;
        while (*path == '/') path++;
        if (want_parent && !*path) {
            strcpy(last, name);
            return ip->type == T_DIR ? ip : 0;
        }
        if (ip->type != T_DIR || !(ip = dir_lookup(ip, name))) return 0;
    }
    if (want_parent) return 0;   /* "/" has no parent entry to create */
    return ip;
}

struct inode *namei(const char *path) { return walk_path(path, 0, 0); }
struct inode *nameiparent(const char *path, char *name) { return walk_path(path, 1, name); }

struct inode *inode_create(struct inode *dir, const char *name, int type)
{
    struct inode *ip = dir_lookup(dir, name);
    if (ip) return ip->type == type ? ip : 0;
    if (!(ip = inode_alloc(type))) return 0;
    strlcpy_(ip->name, name, DIRNAME);
    ip->parent = dir;
    /* keep directories sorted by name: ls needs no sorting */
    struct inode **link = &dir->child;
    while (*link && strncmp((*link)->name, name, DIRNAME) < 0) link = &(*link)->sibling;
    ip->sibling = *link;
    *link = ip;
    return ip;
}

/* A file in no directory (generated /proc contents); freed when its last user closes it. */
struct inode *inode_anon(void)
{
    struct inode *ip = inode_alloc(T_FILE);
    if (ip) ip->unlinked = 1;
    return ip;
}

int inode_unlink(struct inode *ip)
{
    if (ip == root || (ip->type == T_DIR && ip->child) || ip->type == T_DEV || ip->type == T_BLK ||
        ip->type == T_PROC)
        return -1;
    struct inode **link = &ip->parent->child;
    while (*link != ip) link = &(*link)->sibling;
    *link = ip->sibling;
    ip->unlinked = 1;
    if (ip->ref == 0) inode_free(ip);
    return 0;
}

void inode_ref(struct inode *ip) { ip->ref++; }

void inode_put(struct inode *ip)
{
    if (--ip->ref == 0 && ip->unlinked) inode_free(ip);
}

void inode_truncate(struct inode *ip)
{
    for (int i = 0; i < MAXFILEPAGES; i++)
        if (ip->pages[i]) { kfree(ip->pages[i]); ip->pages[i] = 0; }
    ip->size = 0;
}

/* Copies between file contents and kernel (user = 0) or current-process (user = 1) memory. */
static int move(int user, int to_user, uint64 addr, char *k, uint64 n)
{
    if (!user) {
        if (to_user) memmove((void *)addr, k, n); else memmove(k, (void *)addr, n);
        return 0;
    }
    return to_user ? copyout(addr, k, n) : copyin(k, addr, n);
}

int inode_read(struct inode *ip, int user, uint64 dst, uint64 off, uint64 n)
{
    if (off >= ip->size) return 0;
    n = min(n, ip->size - off);
    for (uint64 done = 0; done < n;) {
        uint64 page = (off + done) / PGSIZE, at = (off + done) % PGSIZE;
        uint64 chunk = min(n - done, PGSIZE - at);
        static char zeros[PGSIZE];
        char *src = ip->pages[page] ? ip->pages[page] + at : zeros;
        if (move(user, 1, dst + done, src, chunk) < 0) return -1;
        done += chunk;
    }
    return n;
}

int inode_write(struct inode *ip, int user, uint64 src, uint64 off, uint64 n)
{
    if (ip->type != T_FILE) return -1;
    uint64 done = 0;
    while (done < n) {
        uint64 page = (off + done) / PGSIZE, at = (off + done) % PGSIZE;
        if (page >= MAXFILEPAGES) break;
        if (!ip->pages[page] && !(ip->pages[page] = kalloc())) break;
        uint64 chunk = min(n - done, PGSIZE - at);
        if (move(user, 0, src + done, ip->pages[page] + at, chunk) < 0) return -1;
        done += chunk;
    }
    if (off + done > ip->size) ip->size = off + done;
    return done || n == 0 ? (int)done : -1;
}

/* Directory listing: the off-th child onwards, as struct dirent records. */
int dir_read(struct inode *dp, uint64 dst, uint64 off, uint64 n)
{
    uint64 index = off / sizeof(struct dirent), skip = 0, done = 0;
    for (struct inode *c = dp->child; c && done + sizeof(struct dirent) <= n; c = c->sibling) {
        if (skip++ < index) continue;
        struct dirent de;
        memset(&de, 0, sizeof de);
        de.ino = c->ino;
        strlcpy_(de.name, c->name, DIRNAME);
        if (copyout(dst + done, &de, sizeof de) < 0) return -1;
        done += sizeof de;
    }
    return done;
}

/* Creates every directory on path (for the initramfs); 0 on success. */
int mkdirs(const char *path)
{
    struct inode *ip = root;
    char name[DIRNAME];
    while (*path) {
        while (*path == '/') path++;
        if (!*path) break;
        int n = 0;
        while (*path && *path != '/') { if (n < DIRNAME - 1) name[n++] = *path; path++; }
        name[n] = 0;
        if (strcmp(name, ".") == 0) continue;
        if (!(ip = inode_create(ip, name, T_DIR))) return -1;
    }
    return 0;
}
