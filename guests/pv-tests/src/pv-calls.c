/* pv-calls.c - the hypercalls the PV OS rarely or never makes, and their errors.
 *
 * Runs with two vCPUs (on one physical hart in PvGuestsTest, so HC_YIELD is what lets vCPU 1
 * run): starts vCPU 1, which reports its id and argument and stops itself; starts it again;
 * flushes both vCPUs' TLBs; then gives each hypercall a malformed request and checks the
 * error (docs/hypercalls.md, "Errors"). */
#include "pvlib.h"

static volatile long flag;
static uint64 page[512] __attribute__((aligned(4096)));
static struct pv_mmu_req req[1];
static int failures;

void test_trap(struct pv_vcpu_info *info)
{
    print_num("pv-calls: FAIL: unexpected trap, cause ", (long)info->cause);
    pv_exit(1);
}

void pv_secondary(long vcpu, long arg)
{
    flag = vcpu * 100 + arg;
    hcall(HC_VCPU_DOWN, 0, 0, 0);
    for (;;) ;
}

static void check(int ok, const char *what)
{
    print(ok ? "ok: " : "FAIL: ");
    print(what);
    print("\n");
    failures += !ok;
}

/* Yields until vCPU 1 has set the flag; the number of yields it took, or -1. */
static int await_flag(void)
{
    for (int i = 0; i < 1000; i++) {
        if (flag) return i;
        hcall(HC_YIELD, 0, 0, 0);
    }
    return -1;
}

int test_main(void)
{
    check(hcall(HC_VCPU_UP, 5, (long)secondary_entry, 0).value == -PV_EINVAL, "there is no vCPU 5");
    check(hcall(HC_VCPU_UP, 0, (long)secondary_entry, 0).value == -PV_EBUSY, "vCPU 0 is running already");
    check(hcall(HC_VCPU_UP, 1, (long)secondary_entry, 41).value == 0, "vCPU 1 starts");
    check(await_flag() >= 1 && flag == 141, "yielding lets vCPU 1 run, with its id and argument");
    int up = -1;
    for (int i = 0; i < 1000 && up != 0; i++) {
        flag = 0;
        up = (int)hcall(HC_VCPU_UP, 1, (long)secondary_entry, 7).value;   /* busy until it is down */
        if (up != 0) hcall(HC_YIELD, 0, 0, 0);
    }
    check(up == 0 && await_flag() >= 0 && flag == 107, "a vCPU that went down starts again");
    check(hcall(HC_TLB_FLUSH, -1, 3, 0).value == 0, "a TLB flush of both vCPUs");
    check(hcall(99, 0, 0, 0).value == -PV_ENOSYS, "an unknown hypercall");
    check(hcall(HC_CONSOLE_WRITE, 0x1000, 10, 0).value == -PV_EFAULT, "a console buffer outside RAM");
    check(hcall(HC_REGISTER_VCPU_INFO, (long)page + 8, 0, 0).value == -PV_EINVAL, "an info page that is no page");
    check(hcall(HC_SET_USER_SLOTS, 500, 20, 0).value == -PV_EINVAL, "user slots beyond the root");
    check(hcall(HC_MMU_UPDATE, (long)req, PV_MMU_MAX_BATCH + 1, 0).value == -PV_EINVAL, "a batch too large");
    req[0] = (struct pv_mmu_req){ machine(page) | 5, 0 };
    check(hcall(HC_MMU_UPDATE, (long)req, 1, 0).value == -PV_EINVAL, "an unknown request");
    check(hcall(HC_MMU_UNPIN, machine(page), 0, 0).value == -PV_EINVAL, "unpinning a page that is not pinned");
    check(hcall(HC_MMU_PIN, machine(page), 3, 0).value == -PV_EINVAL, "pinning at level 3");
    check(hcall(HC_MMU_NEW_BASEPTR, machine(page), 0, 0).value == -PV_EINVAL, "an address space whose root is not pinned");
    check(hcall(HC_MMU_PIN, machine(page), 2, 0).value == 0, "pinning an empty root");
    check(hcall(HC_MMU_PIN, machine(page), 2, 0).value == -PV_EBUSY, "pinning it twice");
    check(hcall(HC_MMU_UNPIN, machine(page), 0, 0).value == 0, "unpinning it");
    check(hcall(HC_SHUTDOWN, 9, 0, 0).value == -PV_EINVAL, "an unknown shutdown reason");
    if (failures == 0) print("pv-calls: all passed\n");
    return failures;
}
