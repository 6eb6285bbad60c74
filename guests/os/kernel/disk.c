/* disk.c - /dev/disk0: the virtio-blk disk as a file of bytes, for read() and write() at any
 * offset (and lseek()). Whole sectors go straight between the caller's pages and the device,
 * up to BLK_MAXREQ bytes per request; the partial sectors at either end of a transfer go
 * through a bounce page (read, and for a write modify and write back). The file's size is
 * the disk's; reads stop there and writes are cut short there. */
#include "defs.h"

static uint64 disk_bytes(void) { return virtio_blk_capacity() * BLK_SECTOR; }

/* Whole sectors between user memory at va and the disk at byte offset off (a multiple of
 * BLK_SECTOR); n is a multiple of BLK_SECTOR and at most BLK_MAXREQ. */
static int direct(uint64 va, uint64 off, uint64 n, int write)
{
    struct blk_seg segs[BLK_MAXSEG];
    int nseg = 0;
    for (uint64 done = 0; done < n;) {
        char *k = user_addr(va + done, !write);          /* the device stores into it on a read */
        if (!k) return -1;
        uint32 chunk = min(n - done, PGSIZE - ((va + done) & (PGSIZE - 1)));
        if (nseg > 0 && segs[nseg - 1].addr + segs[nseg - 1].len == (uint64)k) {
            segs[nseg - 1].len += chunk;                  /* physically adjacent: one segment */
        } else {
            if (nseg == BLK_MAXSEG) return -1;
            segs[nseg++] = (struct blk_seg){ (uint64)k, chunk };
        }
        done += chunk;
    }
    return virtio_blk_request(off / BLK_SECTOR, segs, nseg, write);
}

/* Part of one sector through a bounce page. */
static int partial(uint64 va, uint64 off, uint64 n, int write)
{
    char *page = kalloc();
    if (!page) return -1;
    uint64 sector = off / BLK_SECTOR, at = off % BLK_SECTOR;
    int r = virtio_blk_rw(sector, page, 1, 0);
    if (r == 0 && !write) r = copyout(va, page + at, n);
    if (r == 0 && write && (r = copyin(page + at, va, n)) == 0) r = virtio_blk_rw(sector, page, 1, 1);
    kfree(page);
    return r;
}

static int transfer(uint64 va, uint64 off, uint64 n, int write)
{
    if (off >= disk_bytes()) return write && n ? -1 : 0;
    n = min(n, disk_bytes() - off);
    uint64 done = 0;
    while (done < n) {
        uint64 pos = off + done, left = n - done, chunk;
        int r;
        if (pos % BLK_SECTOR == 0 && left >= BLK_SECTOR) {
            chunk = min(left, (uint64)BLK_MAXREQ) & ~(uint64)(BLK_SECTOR - 1);
            r = direct(va + done, pos, chunk, write);
        } else {
            chunk = min(left, BLK_SECTOR - pos % BLK_SECTOR);
            r = partial(va + done, pos, chunk, write);
        }
        if (r < 0) return done ? (int)done : -1;
        done += chunk;
    }
    return (int)done;
}

int disk_read(uint64 dst, uint64 off, uint64 n) { return transfer(dst, off, n, 0); }
int disk_write(uint64 src, uint64 off, uint64 n) { return transfer(src, off, n, 1); }
