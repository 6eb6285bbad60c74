/* pv-hostile.c - a PV kernel that asks for what it must not have.
 *
 * It builds page tables that would map a frame outside its domain or make a page table
 * writable, stores straight into a pinned table, and finally executes a privileged
 * instruction. The validator must refuse each request and say which one in a batch, the
 * store must fault without changing the table, and the privileged instruction must get the
 * domain killed with a message (PvHostileTest). */
#include "pvlib.h"

#define PTE_V 1UL
#define PTE_R 2UL
#define PTE_W 4UL
#define PTE_U 16UL
#define LEAF(ma, perm) ((((ma) >> 12) << 10) | (perm) | PTE_U | PTE_V)

static uint64 table[512] __attribute__((aligned(4096)));
static uint64 other[512] __attribute__((aligned(4096)));
static struct pv_mmu_req req[3];
static volatile int store_faults;
static int failures;

void test_trap(struct pv_vcpu_info *info)
{
    if (info->cause == 15) {           /* store page fault: skip probe_store's 4-byte store */
        store_faults++;
        info->epc += 4;
        return;
    }
    print_num("pv-hostile: FAIL: unexpected trap, cause ", (long)info->cause);
    pv_exit(1);
}

static void check(int ok, const char *what)
{
    print(ok ? "ok: " : "FAIL: ");
    print(what);
    print("\n");
    failures += !ok;
}

/* One request: 1 (requests done) or -PV_EPERM. */
static long update(uint64 *pte, uint64 value)
{
    req[0] = (struct pv_mmu_req){ machine(pte) | PV_MMU_PT_UPDATE, value };
    return hcall(HC_MMU_UPDATE, (long)req, 1, 0).value;
}

int test_main(void)
{
    uint64 outside = machine_base - 4096;                 /* the page below this domain's RAM */
    table[0] = LEAF(outside, PTE_R | PTE_W);              /* an ordinary page: a plain store */
    check(hcall(HC_MMU_PIN, machine(table), 0, 0).value == -PV_EPERM, "pinning a table that maps a frame outside the domain is refused");
    table[0] = 0;
    check(hcall(HC_MMU_PIN, machine(table), 0, 0).value == 0, "pinning an empty table");
    check(update(&table[1], LEAF(outside, PTE_R)) == -PV_EPERM, "an entry mapping a frame outside the domain is refused");
    check(table[1] == 0, "the refused entry is unchanged");
    check(update(&table[2], LEAF(machine(table), PTE_R | PTE_W)) == -PV_EPERM, "a writable mapping of a pinned table is refused");
    check(update(&table[2], LEAF(machine(table), PTE_R)) == 1, "a read-only mapping of a pinned table is allowed");
    check(update(&table[3], LEAF(machine(other), PTE_R | PTE_W)) == 1, "a writable mapping of an ordinary page is allowed");
    check(hcall(HC_MMU_PIN, machine(other), 0, 0).value == -PV_EPERM, "pinning a page that is mapped writable is refused");
    probe_store(&table[4], 0x1234);
    check(store_faults == 1 && table[4] == 0, "a store into a pinned table faults and changes nothing");
    req[0] = (struct pv_mmu_req){ machine(&table[5]) | PV_MMU_PT_UPDATE, LEAF(machine(other), PTE_R) };
    req[1] = (struct pv_mmu_req){ machine(&table[6]) | PV_MMU_PT_UPDATE, LEAF(outside, PTE_R) };
    req[2] = (struct pv_mmu_req){ machine(&table[7]) | PV_MMU_PT_UPDATE, LEAF(machine(other), PTE_R) };
    struct hc r = hcall(HC_MMU_UPDATE, (long)req, 3, 0);
    check(r.value == -PV_EPERM && r.extra == 1 && table[5] != 0 && table[7] == 0,
          "a batch stops at its first refused request and names it");
    print_num("pv-hostile: failures ", failures);
    print("pv-hostile: now a privileged instruction\n");
    asm volatile("csrr t0, sstatus" ::: "t0");
    print("pv-hostile: FAIL: still running after a privileged instruction\n");
    return 1;
}
