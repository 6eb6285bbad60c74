/* shadow-tests: the Sv39 behaviour a shadow-page-table hypervisor must reproduce, checked by an
 * S-mode kernel behind SBI firmware on page tables of its own (privileged spec, "Sv39" and
 * "Virtual Address Translation Process"; layout in shadow-layout.h). Its trap handler records
 * scause and stval and skips the faulting instruction (a fetch fault resumes at the caller,
 * see probes.S). One line per check:
 *
 *   paging             satp = Sv39 with a gigapage identity map of RAM: the kernel keeps running
 *   store-ro           store to a read-only page: store page fault (15), stval = va
 *   fetch-nx           fetch from a page without X: instruction page fault (12), stval = va
 *   load-u-sum0        S-mode load of a U page with sstatus.SUM = 0: load page fault (13)
 *   fetch-u-sum1       S-mode fetch of a U page, even with SUM = 1: instruction page fault
 *   load-u-sum1        S-mode load of the U page with SUM = 1: succeeds and reads the page
 *   fetch-u-after-load the fetch again right after that load, no sfence: still a fault (a TLB
 *                      or shadow entry filled by the SUM load must not grant execute; QEMU 7.2
 *                      gets this wrong)
 *   load-xo-mxr0       load from an execute-only page with sstatus.MXR = 0: load page fault
 *   load-xo-mxr1       ... with MXR = 1: succeeds
 *   fetch-xo           fetch from the execute-only page succeeds
 *   ad-load            after a load through a leaf with A = D = 0, A is set and D is not
 *   ad-store           after a store, D is set too and the store reached the page
 *   remap              a leaf pointed at another page, sfence.vma of that va: the new contents
 *   user-ecall         U-mode code on a U page runs and ecalls back (cause 8)
 *   user-data          ... it loaded its U data page and stored to it
 *   user-load-s-page   ... its load from an S page faulted (13, stval = va)
 *   user-store-s-page  ... its store to an S page faulted (15, stval = va)
 *
 * A/D: hardware may set A and D itself (as QEMU and VirtLab do) or raise a page fault instead
 * (Svade). Both are accepted: on a page fault at VA_AD whose leaf lacks the bit the access
 * needs, the handler sets it, flushes that va and retries the access. The line
 * "shadow-tests: A/D set by hardware" or "... by the trap handler" says which happened.
 *
 * Powers off with SBI SRST: status 0 only if every check passed. */
#include "hv.h"
#include "sv39.h"
#include "frame.h"
#include "probes.h"
#include "shadow-layout.h"

#define PAGE_WORDS 512

extern char user_shadow[];

static unsigned long ro_page[PAGE_WORDS] __attribute__((aligned(4096)));
static unsigned long ad_page[PAGE_WORDS] __attribute__((aligned(4096)));
static unsigned long old_page[PAGE_WORDS] __attribute__((aligned(4096)));
static unsigned long new_page[PAGE_WORDS] __attribute__((aligned(4096)));
static unsigned long udata_page[PAGE_WORDS] __attribute__((aligned(4096)));
static unsigned long sdata_page[PAGE_WORDS] __attribute__((aligned(4096)));

static volatile int faults;
static volatile unsigned long last_cause, last_tval;
static volatile pte_t *ad_leaf;
static volatile int ad_by_handler;
static volatile int user_faults;
static volatile unsigned long user_cause[2], user_tval[2];
static volatile unsigned long user_a0;

static unsigned long insn_length(unsigned long pc) {
    return (*(volatile unsigned short *)pc & 3) == 3 ? 4 : 2;
}

/* Svade: set the A (and for a store D) bit the access at VA_AD needs; 1 if it did. */
static int set_missing_ad(unsigned long cause, unsigned long tval) {
    if (!ad_leaf || (tval & ~0xfffUL) != VA_AD || (cause != CAUSE_LOAD_PAGE && cause != CAUSE_STORE_PAGE)) return 0;
    unsigned long need = PTE_A | (cause == CAUSE_STORE_PAGE ? PTE_D : 0);
    if ((*ad_leaf & need) == need) return 0;
    *ad_leaf |= need;
    sfence_va(VA_AD);
    ad_by_handler++;
    return 1;
}

void trap(struct frame *f) {
    int from_user = !(csr_read(sstatus) & SSTATUS_SPP);
    unsigned long cause = f->scause;
    if (cause & CAUSE_INTERRUPT) {
        puts("FAIL shadow-tests: unexpected interrupt ");
        puthex(cause);
        puts("\nhv-test shadow-tests: failed\n");
        sbi_power_off(2);
    }
    if (from_user) {
        if (cause == CAUSE_ECALL_U) {
            user_a0 = f->x[REG_A0];
            leave_user(1);
        }
        if (cause == CAUSE_FETCH_PAGE || cause == CAUSE_FETCH_ACCESS || user_faults == 2) {
            puts("FAIL shadow-tests: unexpected U-mode trap ");
            puthex(cause);
            puts(" at ");
            puthex(f->sepc);
            puts("\n");
            leave_user(2);
        }
        user_cause[user_faults] = cause;
        user_tval[user_faults] = f->stval;
        user_faults++;
        f->sepc += 4;                                   /* user-shadow.S has no compressed code */
        return;
    }
    if (set_missing_ad(cause, f->stval)) return;       /* retry the access */
    faults++;
    last_cause = cause;
    last_tval = f->stval;
    if (cause == CAUSE_FETCH_PAGE || cause == CAUSE_FETCH_ACCESS) f->sepc = f->x[REG_RA];
    else f->sepc += insn_length(f->sepc);
}

static void reset_faults(void) {
    faults = 0;
    last_cause = last_tval = PROBE_NONE;
}

static void expect_fault(const char *name, unsigned long cause, unsigned long va) {
    if (faults != 1) fail_value(name, "expected one fault, got", (unsigned long)faults);
    else if (last_cause != cause) fail_value(name, "wrong scause", last_cause);
    else check(name, last_tval == va, "wrong stval", last_tval);
}

static void expect_load(const char *name, unsigned long got, unsigned long want) {
    if (faults != 0) fail_value(name, "faulted with scause", last_cause);
    else check(name, got == want, "loaded", got);
}

static pte_t *build_tables(pte_t **remap_leaf) {
    pte_t *root = table_alloc();
    map_giga(root, DRAM_BASE, DRAM_BASE, PTE_R | PTE_W | PTE_X);
    unsigned long fetch = (unsigned long)fetch_page;
    int ok = map_page(root, UART0, UART0, PTE_R | PTE_W)
          && map_page(root, FINISHER, FINISHER, PTE_R | PTE_W)
          && map_page(root, VA_RO, (unsigned long)ro_page, PTE_R)
          && map_page(root, VA_NX, fetch, PTE_R | PTE_W)
          && map_page(root, VA_U, fetch, PTE_R | PTE_W | PTE_X | PTE_U)
          && map_page(root, VA_XO, fetch, PTE_X)
          && (ad_leaf = map_page_exact(root, VA_AD, (unsigned long)ad_page, PTE_R | PTE_W))
          && (*remap_leaf = map_page(root, VA_REMAP, (unsigned long)old_page, PTE_R | PTE_W))
          && map_page(root, VA_UCODE, (unsigned long)user_shadow, PTE_R | PTE_X | PTE_U)
          && map_page(root, VA_UDATA, (unsigned long)udata_page, PTE_R | PTE_W | PTE_U)
          && map_page(root, VA_SDATA, (unsigned long)sdata_page, PTE_R | PTE_W);
    return ok ? root : 0;
}

static void check_permissions(void) {
    reset_faults();
    probe_sd(VA_RO, 0x1234);
    expect_fault("store-ro", CAUSE_STORE_PAGE, VA_RO);
    if (ro_page[0] != 0x0123456789abcdefUL) fail_value("store-ro", "the page changed:", ro_page[0]);

    reset_faults();
    probe_fetch(VA_NX);
    expect_fault("fetch-nx", CAUSE_FETCH_PAGE, VA_NX);

    reset_faults();
    probe_ld(VA_U);
    expect_fault("load-u-sum0", CAUSE_LOAD_PAGE, VA_U);

    csr_set(sstatus, SSTATUS_SUM);
    reset_faults();
    probe_fetch(VA_U);
    expect_fault("fetch-u-sum1", CAUSE_FETCH_PAGE, VA_U);
    reset_faults();
    expect_load("load-u-sum1", probe_ld(VA_U), FETCH_PAGE_VALUE);
    reset_faults();
    probe_fetch(VA_U);
    expect_fault("fetch-u-after-load", CAUSE_FETCH_PAGE, VA_U);
    csr_clear(sstatus, SSTATUS_SUM);

    reset_faults();
    probe_ld(VA_XO);
    expect_fault("load-xo-mxr0", CAUSE_LOAD_PAGE, VA_XO);
    csr_set(sstatus, SSTATUS_MXR);
    reset_faults();
    expect_load("load-xo-mxr1", probe_ld(VA_XO), FETCH_PAGE_VALUE);
    csr_clear(sstatus, SSTATUS_MXR);
    reset_faults();
    probe_fetch(VA_XO);
    check("fetch-xo", faults == 0, "faulted with scause", last_cause);
}

static void check_accessed_dirty(void) {
    reset_faults();
    unsigned long v = probe_ld(VA_AD + 8);
    pte_t leaf = *ad_leaf;
    if (faults != 0) fail_value("ad-load", "faulted with scause", last_cause);
    else if (v != 0xad0ad0ad0UL) fail_value("ad-load", "loaded", v);
    else check("ad-load", (leaf & (PTE_A | PTE_D)) == PTE_A, "leaf PTE after a load:", leaf);

    reset_faults();
    probe_sd(VA_AD + 8, 0xd1d1d1d1UL);
    leaf = *ad_leaf;
    if (faults != 0) fail_value("ad-store", "faulted with scause", last_cause);
    else if (ad_page[1] != 0xd1d1d1d1UL) fail_value("ad-store", "the page holds", ad_page[1]);
    else check("ad-store", (leaf & (PTE_A | PTE_D)) == (PTE_A | PTE_D), "leaf PTE after a store:", leaf);
    puts(ad_by_handler ? "shadow-tests: A/D set by the trap handler (Svade)\n" : "shadow-tests: A/D set by hardware\n");
}

static void check_remap(pte_t *remap_leaf) {
    reset_faults();
    unsigned long before = probe_ld(VA_REMAP);
    *remap_leaf = pte_make((unsigned long)new_page, PTE_R | PTE_W | PTE_A | PTE_D | PTE_V);
    sfence_va(VA_REMAP);
    unsigned long after = probe_ld(VA_REMAP);
    if (faults != 0) fail_value("remap", "faulted with scause", last_cause);
    else if (before != 0x1111111111111111UL) fail_value("remap", "before the remap it loaded", before);
    else check("remap", after == 0x2222222222222222UL, "after the remap it loaded", after);
}

static void check_user(void) {
    long r = enter_user(VA_UCODE, 0);
    if (r != 1) fail_value("user-ecall", "the U-mode run ended with", (unsigned long)r);
    else check("user-ecall", user_a0 == 41, "a0 at the ecall was", user_a0);
    check("user-data", udata_page[0] == 42, "the U data page holds", udata_page[0]);
    if (user_faults < 1) fail("user-load-s-page", "no fault");
    else if (user_cause[0] != CAUSE_LOAD_PAGE) fail_value("user-load-s-page", "wrong scause", user_cause[0]);
    else check("user-load-s-page", user_tval[0] == VA_SDATA, "wrong stval", user_tval[0]);
    if (user_faults < 2) fail("user-store-s-page", "no fault");
    else if (user_cause[1] != CAUSE_STORE_PAGE) fail_value("user-store-s-page", "wrong scause", user_cause[1]);
    else if (user_tval[1] != VA_SDATA) fail_value("user-store-s-page", "wrong stval", user_tval[1]);
    else check("user-store-s-page", sdata_page[0] == 0x5da7a, "the S page changed:", sdata_page[0]);
}

void main(unsigned long hartid, unsigned long fdt) {
    (void)hartid;
    (void)fdt;
    ro_page[0] = 0x0123456789abcdefUL;
    ad_page[1] = 0xad0ad0ad0UL;
    old_page[0] = 0x1111111111111111UL;
    new_page[0] = 0x2222222222222222UL;
    udata_page[0] = 41;
    sdata_page[0] = 0x5da7a;

    pte_t *remap_leaf = 0;
    pte_t *root = build_tables(&remap_leaf);
    if (!root) {
        fail("paging", "page-table pool exhausted");
        sbi_power_off(summary("shadow-tests"));
    }
    csr_clear(sstatus, SSTATUS_SUM | SSTATUS_MXR);
    csr_write(satp, satp_for(root));
    sfence_all();
    check("paging", csr_read(satp) == satp_for(root), "satp reads", csr_read(satp));

    check_permissions();
    check_accessed_dirty();
    check_remap(remap_leaf);
    check_user();
    sbi_power_off(summary("shadow-tests"));
}
