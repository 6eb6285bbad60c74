/* kalloc.c - the physical page allocator: a free list of 4 KiB pages threaded through the
 * pages themselves. Free RAM is everything after the kernel image except the initramfs
 * and the device tree. */
#include "defs.h"
#include "memlayout.h"

extern char end[];                 /* first byte after the kernel (kernel.ld) */

struct run { struct run *next; };
static struct {
    struct spinlock lock;          /* guards everything below: kalloc runs outside kernel_lock at boot */
    struct run *free;
    uint64 nfree, ntotal;
} mem;

static void free_range(uint64 start, uint64 stop)
{
    for (uint64 pa = PGROUNDUP(start); pa + PGSIZE <= stop; pa += PGSIZE) {
        kfree((void *)pa);
        mem.ntotal++;
    }
}

void kinit(void)
{
    initlock(&mem.lock, "kalloc");
    uint64 lo = (uint64)end, hi = boot.ram_base + boot.ram_size;
    if (boot.fdt_addr > lo && boot.fdt_addr < hi) hi = PGROUNDDOWN(boot.fdt_addr);
    if (hi > DRAM_BASE + (1UL << 30)) hi = DRAM_BASE + (1UL << 30);   /* the kernel maps 1 GiB */
    if (boot.initrd_end > boot.initrd_start && boot.initrd_start >= lo && boot.initrd_end <= hi) {
        free_range(lo, PGROUNDDOWN(boot.initrd_start));
        free_range(boot.initrd_end, hi);
    } else {
        free_range(lo, hi);
    }
}

/* The initramfs pages become free once it has been unpacked. */
void kfree_initrd(void)
{
    if (boot.initrd_end > boot.initrd_start) free_range(boot.initrd_start, boot.initrd_end);
}

void kfree(void *pa)
{
    if ((uint64)pa % PGSIZE || (uint64)pa < (uint64)end) panic("kfree: bad page");
    struct run *r = pa;
    acquire(&mem.lock);
    r->next = mem.free;
    mem.free = r;
    mem.nfree++;
    release(&mem.lock);
}

/* A zeroed page, or null when memory is exhausted. */
void *kalloc(void)
{
    acquire(&mem.lock);
    struct run *r = mem.free;
    if (r) {
        mem.free = r->next;
        mem.nfree--;
    }
    release(&mem.lock);
    if (r) memset(r, 0, PGSIZE);
    return r;
}

uint64 kfree_pages(void) { return mem.nfree; }
uint64 ktotal_pages(void) { return mem.ntotal; }
