/* sv39.h - building Sv39 page tables (privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory
 * System"): three levels of 512 eight-byte PTEs, 4 KiB pages, 2 MiB megapages, 1 GiB gigapages.
 * A PTE holds PPN[2:0] in bits 53:10 and the flags V R W X U G A D in bits 7:0; R = W = X = 0
 * means "pointer to the next level". Tables come from a small static pool. Leaves made here
 * get A (and D when writable) unless the caller says otherwise, so that hardware that faults
 * instead of setting A/D (Svade) never sees a clear bit it did not ask for. */
#ifndef SV39_H
#define SV39_H

#define PTE_V 0x01UL
#define PTE_R 0x02UL
#define PTE_W 0x04UL
#define PTE_X 0x08UL
#define PTE_U 0x10UL
#define PTE_G 0x20UL
#define PTE_A 0x40UL
#define PTE_D 0x80UL

#define PAGE_SIZE 4096UL
#define GIGA_SIZE (1UL << 30)
#define SATP_SV39 (8UL << 60)

#ifndef SV39_POOL_TABLES
#define SV39_POOL_TABLES 16
#endif

typedef unsigned long pte_t;

static pte_t sv39_pool[SV39_POOL_TABLES][512] __attribute__((aligned(4096)));
static int sv39_used;

static inline pte_t pte_make(unsigned long pa, unsigned long flags) { return ((pa >> 12) << 10) | flags; }
static inline unsigned long pte_pa(pte_t pte) { return (pte >> 10) << 12; }
static inline unsigned long vpn(unsigned long va, int level) { return (va >> (12 + 9 * level)) & 0x1ff; }
static inline unsigned long satp_for(pte_t *root) { return SATP_SV39 | ((unsigned long)root >> 12); }

/* A zeroed table from the pool, or 0 when the pool is empty (the caller reports it). */
static inline pte_t *table_alloc(void) {
    if (sv39_used == SV39_POOL_TABLES) return 0;
    pte_t *t = sv39_pool[sv39_used++];
    for (int i = 0; i < 512; i++) t[i] = 0;
    return t;
}

/* The default A/D for a leaf: A always, D when writable. */
static inline unsigned long leaf_ad(unsigned long flags) {
    return flags | PTE_A | ((flags & PTE_W) ? PTE_D : 0);
}

/* Maps the 1 GiB at `va` to `pa` (both 1 GiB-aligned) in the root table. */
static inline void map_giga(pte_t *root, unsigned long va, unsigned long pa, unsigned long flags) {
    root[vpn(va, 2)] = pte_make(pa, leaf_ad(flags) | PTE_V);
}

/* Maps the 4 KiB page at `va` to `pa` with exactly `flags` (V added, A/D not). Returns the
 * leaf PTE's address, or 0 if a table was needed and the pool is empty. */
static inline pte_t *map_page_exact(pte_t *root, unsigned long va, unsigned long pa, unsigned long flags) {
    pte_t *table = root;
    for (int level = 2; level > 0; level--) {
        pte_t *entry = &table[vpn(va, level)];
        if (!(*entry & PTE_V)) {
            pte_t *next = table_alloc();
            if (!next) return 0;
            *entry = pte_make((unsigned long)next, PTE_V);
        }
        table = (pte_t *)pte_pa(*entry);
    }
    pte_t *leaf = &table[vpn(va, 0)];
    *leaf = pte_make(pa, flags | PTE_V);
    return leaf;
}

/* Maps one 4 KiB page with A (and D when writable) set. */
static inline pte_t *map_page(pte_t *root, unsigned long va, unsigned long pa, unsigned long flags) {
    return map_page_exact(root, va, pa, leaf_ad(flags));
}

#endif
