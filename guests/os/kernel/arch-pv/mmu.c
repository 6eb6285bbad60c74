/* mmu.c - page tables of the paravirtualized kernel: direct paging, as Xen PV does
 * (docs/hypercalls.md, "Memory").
 *
 * The kernel's tables hold machine frames (PA2PTE adds pv_p2m_offset, riscv.h) and the real
 * MMU walks them: there are no shadow tables. In exchange the hypervisor must trust them, so
 * a page becomes a page table only by being pinned (validated: it maps only this domain's
 * frames, and no page table is writable), and from then on it is read-only to the kernel:
 * every change is a validated request. Requests are queued and sent in batches
 * (HC_MMU_UPDATE); the queue is flushed before anything that depends on it.
 *
 *   arch_pt_alloc   a fresh page: make its kernel mapping read-only, pin it (one batch)
 *   arch_pt_free    tables die with their root: unpin root-first, make them writable, free
 *   arch_pte_set    one validated update; superpages of RAM become 4 KiB pages (mapsuper);
 *                   in lazy MMU mode (fork's copy) leaf updates wait and go as one batch
 */
#include "defs.h"
#include "memlayout.h"
#include "arch-pv/hypercall.h"

uint64 pv_p2m_offset;

#define MAXFRAMES ((1UL << 30) / PGSIZE)     /* the kernel maps at most 1 GiB of RAM (kalloc.c) */
#define QUEUE     64
#define MAXDOOMED 520                         /* a root, slot 1's table and up to 512 leaf tables */

static uint8 pt_level[MAXFRAMES];            /* guarded by kernel_lock: 0, or 1 + level of a pinned table */
static struct {
    struct pv_mmu_req req[QUEUE];
    int n;
} queue_of[NCPU];                              /* per hart: harts flush independently */
static pagetable_t doomed[MAXDOOMED];         /* guarded by kernel_lock: tables waiting for their root */
static int ndoomed;
static int lazy[NCPU];                        /* per hart: leaf writes wait in the queue (arch_lazy_mmu) */

static uint64 machine(uint64 pa) { return pa + pv_p2m_offset; }
static uint64 frame(uint64 pa) { return (pa - DRAM_BASE) >> PGSHIFT; }
static int is_ram(uint64 pa) { return pa >= boot.ram_base && pa < boot.ram_base + boot.ram_size; }
static int is_leaf(pte_t pte) { return (pte & PTE_V) && (pte & (PTE_R | PTE_W | PTE_X)); }

/* Sends the queued requests; a refusal is a kernel bug. */
static void flush(void)
{
    struct pv_mmu_req *q = queue_of[pv_hart()].req;
    int *n = &queue_of[pv_hart()].n;
    if (*n == 0) return;
    struct hcret r = hypercall3(HC_MMU_UPDATE, (long)q, *n, 0);
    if (r.value != *n) {
        long i = r.value < 0 ? r.extra : 0;
        printf("pv: the hypervisor refused page-table request %ld of %d (op %lu, ptr 0x%lx, value 0x%lx): error %ld\n",
               i, *n, q[i].ptr & PV_MMU_OP_MASK, q[i].ptr & ~(uint64)PV_MMU_OP_MASK, q[i].val, r.value);
        panic("page-table request refused");
    }
    *n = 0;
}

static void queue(int op, uint64 ptr, uint64 val)
{
    int h = pv_hart();
    if (queue_of[h].n == QUEUE) flush();
    queue_of[h].req[queue_of[h].n++] = (struct pv_mmu_req){ ptr | op, val };
}

/* The kernel's own mapping of RAM page pa (its leaf in kernel_pagetable), or null before
 * that mapping exists. */
static pte_t *kmap_pte(uint64 pa)
{
    if (!kernel_pagetable) return 0;
    pte_t top = kernel_pagetable[PX(2, pa)];
    if (!(top & PTE_V) || is_leaf(top)) return 0;
    pte_t mid = ((pagetable_t)PTE2PA(top))[PX(1, pa)];
    if (!(mid & PTE_V) || is_leaf(mid)) return 0;
    return &((pagetable_t)PTE2PA(mid))[PX(0, pa)];
}

pagetable_t arch_pt_alloc(int level)
{
    pagetable_t pt = kalloc();
    if (!pt) return 0;
    pte_t *k = kmap_pte((uint64)pt);
    pt_level[frame((uint64)pt)] = level + 1;
    if (k) queue(PV_MMU_PT_UPDATE, machine((uint64)k), *k & ~PTE_W);
    queue(PV_MMU_PIN, machine((uint64)pt), level);
    flush();
    return pt;
}

/* vm.c frees the leaf tables, then slot 1's, then the root: a table cannot be unpinned while a
 * pinned parent still points at it, so they wait for the root and go root first. */
void arch_pt_free(pagetable_t pt, int level)
{
    doomed[ndoomed++] = pt;
    if (level != 2 && ndoomed < MAXDOOMED) return;
    for (int i = ndoomed - 1; i >= 0; i--) queue(PV_MMU_UNPIN, machine((uint64)doomed[i]), 0);
    for (int i = 0; i < ndoomed; i++) {
        pte_t *k = kmap_pte((uint64)doomed[i]);
        pt_level[frame((uint64)doomed[i])] = 0;
        if (k) queue(PV_MMU_PT_UPDATE, machine((uint64)k), *k | PTE_W);
    }
    flush();
    for (int i = 0; i < ndoomed; i++) kfree(doomed[i]);
    ndoomed = 0;
}

/* A leaf for RAM page pa: page-table pages are never writable; the kernel runs in U-mode, so
 * its pages have PTE_U like the processes' (the user slots of a root are all user mode sees). */
static pte_t leaf(uint64 pa, uint64 perm)
{
    if (pt_level[frame(pa)]) perm &= ~PTE_W;
    return PA2PTE(pa) | perm | PTE_U | PTE_A | PTE_D | PTE_V;
}

/* A superpage of RAM cannot be mapped as one entry: its machine frames need not be aligned,
 * and the page tables inside it must be read-only. Map the RAM it covers in 4 KiB pages: build
 * the tables in ordinary memory (allocated first, so each maps its own frame read-only), pin
 * them bottom-up and link them, all in one batch. */
static void mapsuper(pte_t *pte, int level, pte_t value)
{
    uint64 base = PTE2PA(value), span = 1UL << (PGSHIFT + 9 * level);
    uint64 perm = value & (PTE_R | PTE_W | PTE_X | PTE_G);
    uint64 lo = base > boot.ram_base ? base : boot.ram_base;
    uint64 hi = base + span < boot.ram_base + boot.ram_size ? base + span : boot.ram_base + boot.ram_size;
    pagetable_t top = kalloc();
    if (!top) panic("out of memory for the kernel's page tables");
    pt_level[frame((uint64)top)] = level;
    if (level == 2) {
        for (uint64 a = lo; a < hi; a += 1UL << 21) {
            pagetable_t l0 = kalloc();
            if (!l0) panic("out of memory for the kernel's page tables");
            pt_level[frame((uint64)l0)] = 1;
            top[PX(1, a)] = PA2PTE(l0) | PTE_V;
        }
        for (uint64 a = lo; a < hi; a += PGSIZE)
            ((pagetable_t)PTE2PA(top[PX(1, a)]))[PX(0, a)] = leaf(a, perm);
        for (uint64 a = lo; a < hi; a += 1UL << 21) queue(PV_MMU_PIN, machine(PTE2PA(top[PX(1, a)])), 0);
    } else {
        for (uint64 a = lo; a < hi; a += PGSIZE) top[PX(0, a)] = leaf(a, perm);
    }
    queue(PV_MMU_PIN, machine((uint64)top), level - 1);
    queue(PV_MMU_PT_UPDATE, machine((uint64)pte), PA2PTE(top) | PTE_V);
    flush();
}

void arch_pte_set(pte_t *pte, pte_t value)
{
    int level = pt_level[frame((uint64)pte)] - 1;
    if (level < 0) {                          /* not a page table (yet): ordinary memory */
        *pte = value;
        return;
    }
    if (is_leaf(value)) {
        if (!is_ram(PTE2PA(value))) return;   /* device registers are never mapped: the hypervisor emulates them */
        if (level > 0) {
            mapsuper(pte, level, value);
            return;
        }
        value |= PTE_U;
    }
    queue(PV_MMU_PT_UPDATE, machine((uint64)pte), value);
    if (!(level == 0 && lazy[pv_hart()])) flush();   /* tables above the leaves are read back at once (vm.c walk) */
}

void arch_lazy_mmu(int on)
{
    lazy[pv_hart()] = on;
    if (!on) flush();
}

void arch_set_pagetable(pagetable_t pt)
{
    flush();
    if (hypercall(HC_MMU_NEW_BASEPTR, machine((uint64)pt), 0, 0) < 0) panic("hypervisor refused the address space");
}

/* The hypervisor keeps no translations across address spaces for a PV guest (its switch
 * flushes), so the ASID and the freshness hint of the native layer have nothing to do here. */
void arch_switch_pagetable(pagetable_t pt, int asid, int fresh)
{
    (void)asid;
    (void)fresh;
    arch_set_pagetable(pt);
}

void arch_flush_tlb(void)
{
    flush();
    hypercall(HC_TLB_FLUSH, -1, 0, 0);
}

void arch_flush_tlb_page(uint64 va)
{
    flush();
    hypercall(HC_TLB_FLUSH, (long)va, 0, 0);
}
