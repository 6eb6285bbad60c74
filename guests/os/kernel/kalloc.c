/* kalloc.c - the physical page allocator. Free RAM is everything after the kernel image except
 * the initramfs and the device tree. Pages never used yet are handed out from up to three
 * "fresh" ranges, front to back, without being touched beforehand; a page that is freed goes on
 * a free list threaded through the pages themselves and is reused first. So RAM the system has
 * never needed is never written — an idle machine (or one under a hypervisor, or an emulator
 * that allocates host memory on first touch) pays only for the memory it really used. */
#include "defs.h"
#include "memlayout.h"

extern char end[];                 /* first byte after the kernel (kernel.ld) */

struct run { struct run *next; };
struct fresh { uint64 next, stop; };   /* [next, stop): pages not handed out yet */
static struct {
    struct spinlock lock;          /* guards everything below: kalloc runs outside kernel_lock at boot */
    struct run *free;
    struct fresh fresh[3];
    uint64 nfree, ntotal;
} mem;

static void add_fresh(uint64 start, uint64 stop)
{
    start = PGROUNDUP(start);
    stop = PGROUNDDOWN(stop);
    if (stop <= start) return;
    for (int i = 0; i < 3; i++) {
        if (mem.fresh[i].next == mem.fresh[i].stop) {
            mem.fresh[i] = (struct fresh){ start, stop };
            mem.nfree += (stop - start) / PGSIZE;
            mem.ntotal += (stop - start) / PGSIZE;
            return;
        }
    }
    panic("kalloc: more than three free ranges");
}

void kinit(void)
{
    initlock(&mem.lock, "kalloc");
    uint64 lo = (uint64)end, hi = boot.ram_base + boot.ram_size;
    if (boot.fdt_addr > lo && boot.fdt_addr < hi) hi = PGROUNDDOWN(boot.fdt_addr);
    if (hi > DRAM_BASE + (1UL << 30)) hi = DRAM_BASE + (1UL << 30);   /* the kernel maps 1 GiB */
    acquire(&mem.lock);
    if (boot.initrd_end > boot.initrd_start && boot.initrd_start >= lo && boot.initrd_end <= hi) {
        add_fresh(lo, boot.initrd_start);
        add_fresh(boot.initrd_end, hi);
    } else {
        add_fresh(lo, hi);
    }
    release(&mem.lock);
}

/* The initramfs pages become free once it has been unpacked. */
void kfree_initrd(void)
{
    if (boot.initrd_end <= boot.initrd_start) return;
    acquire(&mem.lock);
    add_fresh(boot.initrd_start, boot.initrd_end);
    release(&mem.lock);
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
    void *page = mem.free;
    if (page) {
        mem.free = mem.free->next;
    } else {
        for (int i = 0; i < 3 && !page; i++) {
            if (mem.fresh[i].next < mem.fresh[i].stop) {
                page = (void *)mem.fresh[i].next;
                mem.fresh[i].next += PGSIZE;
            }
        }
    }
    if (page) mem.nfree--;
    release(&mem.lock);
    if (page) memset(page, 0, PGSIZE);
    return page;
}

uint64 kfree_pages(void) { return mem.nfree; }
uint64 ktotal_pages(void) { return mem.ntotal; }
