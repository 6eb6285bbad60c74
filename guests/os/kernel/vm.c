/* vm.c - Sv39 address spaces (RISC-V Privileged Architecture, "Sv39").
 *
 * Every address space shares the kernel's top-level slots 0 (devices) and 2 (all of DRAM,
 * one gigapage), both without PTE_U, and has its own slot 1 for the user program
 * (memlayout.h). Heap and stack pages are allocated on first touch (vm_fault). Every PTE
 * write goes through arch_pte_set(), and every page-table page comes from arch_pt_alloc():
 * the paravirtual seam. */
#include "defs.h"
#include "memlayout.h"

pagetable_t kernel_pagetable;
static pagetable_t device_table;       /* slot 0's second-level table, shared */

static void map_mega(pagetable_t l1, uint64 pa, uint64 perm)
{
    arch_pte_set(&l1[PX(1, pa)], PA2PTE(pa) | perm | PTE_V | PTE_A | PTE_D | PTE_G);
}

void kvm_init(void)
{
    kernel_pagetable = arch_pt_alloc(2);
    device_table = arch_pt_alloc(1);
    uint64 rw = PTE_R | PTE_W;
    map_mega(device_table, TEST_FINISHER_BASE & ~0x1FFFFFUL, rw);
    map_mega(device_table, CLINT_BASE, rw);
    for (uint64 a = PLIC_BASE; a < PLIC_BASE + PLIC_SIZE; a += 0x200000) map_mega(device_table, a, rw);
    map_mega(device_table, UART0_BASE, rw);        /* UART and the virtio-mmio slots */
    arch_pte_set(&kernel_pagetable[0], PA2PTE(device_table) | PTE_V);
    arch_pte_set(&kernel_pagetable[2], PA2PTE(DRAM_BASE) | PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G);
}

pagetable_t uvm_create(void)
{
    pagetable_t pt = arch_pt_alloc(2);
    if (!pt) return 0;
    arch_pte_set(&pt[0], kernel_pagetable[0]);
    arch_pte_set(&pt[2], kernel_pagetable[2]);
    return pt;
}

/* The leaf PTE for user address va, creating the tables on the way if alloc. */
static pte_t *walk(pagetable_t pt, uint64 va, int alloc)
{
    if (va < USER_BASE || va >= USER_TOP) return 0;
    for (int level = 2; level > 0; level--) {
        pte_t *pte = &pt[PX(level, va)];
        if (*pte & PTE_V) {
            pt = (pagetable_t)PTE2PA(*pte);
        } else {
            if (!alloc || !(pt = arch_pt_alloc(level - 1))) return 0;
            arch_pte_set(pte, PA2PTE(pt) | PTE_V);
        }
    }
    return &pt[PX(0, va)];
}

/* Maps a fresh zeroed page at va; 0 on success, -1 when out of memory or over the limit.
 * If va is mapped already (two ELF segments sharing a page), adds perm to its permissions. */
int uvm_map_page(pagetable_t pt, uint64 va, uint64 perm)
{
    struct proc *p = myproc();
    pte_t *pte = walk(pt, va, 1);
    if (!pte) return -1;
    if (*pte & PTE_V) {
        arch_pte_set(pte, *pte | perm);
        return 0;
    }
    if (p && p->pagetable == pt && p->npages >= MAXUSERPAGES) return -1;
    void *page = kalloc();
    if (!page) return -1;
    arch_pte_set(pte, PA2PTE(page) | perm | PTE_U | PTE_V | PTE_A | PTE_D);
    if (p && p->pagetable == pt) p->npages++;
    return 0;
}

/* The kernel address of the page holding user address va, or null if unmapped. */
void *uvm_lookup(pagetable_t pt, uint64 va)
{
    pte_t *pte = walk(pt, va, 0);
    if (!pte || !(*pte & PTE_V)) return 0;
    return (void *)(PTE2PA(*pte) + (va & (PGSIZE - 1)));
}

/* The permission bits (PTE_R, PTE_W, PTE_X) of user address va, 0 if unmapped. */
uint64 uvm_perm(pagetable_t pt, uint64 va)
{
    pte_t *pte = walk(pt, va, 0);
    return pte && (*pte & PTE_V) ? *pte & (PTE_R | PTE_W | PTE_X) : 0;
}

int uvm_unmap_range(pagetable_t pt, uint64 start, uint64 stop)
{
    int n = 0;
    for (uint64 va = PGROUNDUP(start); va < stop; va += PGSIZE) {
        pte_t *pte = walk(pt, va, 0);
        if (pte && (*pte & PTE_V)) {
            kfree((void *)PTE2PA(*pte));
            arch_pte_set(pte, 0);
            n++;
        }
    }
    arch_flush_tlb();
    return n;
}

/* Frees the user half: pages, then the tables; the shared kernel slots stay. */
void uvm_free(pagetable_t pt)
{
    pte_t top = pt[1];
    if (top & PTE_V) {
        pagetable_t l1 = (pagetable_t)PTE2PA(top);
        for (int i = 0; i < 512; i++) {
            if (!(l1[i] & PTE_V)) continue;
            pagetable_t l0 = (pagetable_t)PTE2PA(l1[i]);
            for (int j = 0; j < 512; j++)
                if (l0[j] & PTE_V) kfree((void *)PTE2PA(l0[j]));
            arch_pt_free(l0, 0);
        }
        arch_pt_free(l1, 1);
    }
    arch_pt_free(pt, 2);
}

/* Copies every user page of from into to (fork); -1 when memory runs out. The new leaves are
 * written in lazy MMU mode: a paravirtual kernel sends them to the hypervisor in batches. */
int uvm_copy(pagetable_t from, pagetable_t to)
{
    if (!(from[1] & PTE_V)) return 0;
    pagetable_t l1 = (pagetable_t)PTE2PA(from[1]);
    arch_lazy_mmu(1);
    for (int i = 0; i < 512; i++) {
        if (!(l1[i] & PTE_V)) continue;
        pagetable_t l0 = (pagetable_t)PTE2PA(l1[i]);
        for (int j = 0; j < 512; j++) {
            if (!(l0[j] & PTE_V)) continue;
            uint64 va = USER_BASE + ((uint64)i << 21) + ((uint64)j << 12);
            pte_t *pte = walk(to, va, 1);
            void *page = kalloc();
            if (!pte || !page) { if (page) kfree(page); arch_lazy_mmu(0); return -1; }
            memcpy(page, (void *)PTE2PA(l0[j]), PGSIZE);
            arch_pte_set(pte, PA2PTE(page) | (l0[j] & 0x3FF));
        }
    }
    arch_lazy_mmu(0);
    return 0;
}

uint64 uvm_pages(pagetable_t pt)
{
    uint64 n = 0;
    if (!(pt[1] & PTE_V)) return 0;
    pagetable_t l1 = (pagetable_t)PTE2PA(pt[1]);
    for (int i = 0; i < 512; i++) {
        if (!(l1[i] & PTE_V)) continue;
        pagetable_t l0 = (pagetable_t)PTE2PA(l1[i]);
        for (int j = 0; j < 512; j++) n += (l0[j] & PTE_V) != 0;
    }
    return n;
}

/* A page fault at va in the current process: map a page if va is in its heap or stack.
 * Returns 0 when the access can be retried, -1 when it was a bad access. */
int vm_fault(uint64 va)
{
    struct proc *p = myproc();
    uint64 stack_lo = USER_TOP - USER_STACK_PAGES * PGSIZE;
    int heap = va >= p->image_end && va < p->brk;
    int stack = va >= stack_lo && va < USER_TOP;
    if (!heap && !stack) return -1;
    if (uvm_lookup(p->pagetable, va)) return -1;       /* mapped: a permission fault */
    p->npagefault++;
    return uvm_map_page(p->pagetable, PGROUNDDOWN(va), PTE_R | PTE_W);
}

/* The kernel address of user va in the current process, faulting it in if allowed; null if
 * unmapped, or if write and the page is read-only (program text: the kernel must not store
 * where the program itself may not). */
char *user_addr(uint64 va, int write)
{
    struct proc *p = myproc();
    pte_t *pte = walk(p->pagetable, va, 0);
    if ((!pte || !(*pte & PTE_V)) && vm_fault(va) == 0) pte = walk(p->pagetable, va, 0);
    if (!pte || !(*pte & PTE_V) || (write && !(*pte & PTE_W))) return 0;
    return (char *)(PTE2PA(*pte) + (va & (PGSIZE - 1)));
}

int copyout(uint64 dstva, const void *src, uint64 n)
{
    const char *s = src;
    while (n > 0) {
        char *k = user_addr(dstva, 1);
        if (!k) return -1;
        uint64 chunk = min(n, PGSIZE - (dstva & (PGSIZE - 1)));
        memmove(k, s, chunk);
        n -= chunk, s += chunk, dstva += chunk;
    }
    return 0;
}

int copyin(void *dst, uint64 srcva, uint64 n)
{
    char *d = dst;
    while (n > 0) {
        char *k = user_addr(srcva, 0);
        if (!k) return -1;
        uint64 chunk = min(n, PGSIZE - (srcva & (PGSIZE - 1)));
        memmove(d, k, chunk);
        n -= chunk, d += chunk, srcva += chunk;
    }
    return 0;
}

/* Copies a NUL-terminated string of at most max bytes (including the NUL). */
int copyinstr(char *dst, uint64 srcva, uint64 max)
{
    for (uint64 i = 0; i < max; i++, srcva++) {
        char *k = user_addr(srcva, 0);
        if (!k) return -1;
        dst[i] = *k;
        if (!*k) return 0;
    }
    return -1;
}
