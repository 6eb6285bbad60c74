/* pv-events.c - event masking through the shared info page costs no hypercall.
 *
 * With events masked (a store to the mask word), the kernel asks for a timer event, then
 * spins: the event becomes visible in the pending word of its info page, and no upcall
 * comes. It unmasks with another store and spins again: the hypervisor notices at its next
 * entry and delivers the upcall. The hypervisor's counters then show the hypercalls made:
 * none for masking or unmasking (PvEventsTest). */
#include "pvlib.h"

static volatile int upcalls;
static int failures;

void test_trap(struct pv_vcpu_info *info)
{
    if (info->cause != PV_CAUSE_EVENT) {
        print_num("pv-events: FAIL: unexpected trap, cause ", (long)info->cause);
        pv_exit(1);
    }
    __atomic_fetch_and(&info->pending, ~(1UL << PV_EVENT_TIMER), __ATOMIC_SEQ_CST);
    upcalls++;
}

static void check(int ok, const char *what)
{
    print(ok ? "ok: " : "FAIL: ");
    print(what);
    print("\n");
    failures += !ok;
}

static uint64 now(void)
{
    uint64 t;
    asm volatile("rdtime %0" : "=r"(t));
    return t;
}

int test_main(void)
{
    hcall(HC_SET_TIMER, (long)(now() + 1000), 0, 0);           /* 100 us from now, events masked */
    for (long spins = 0; !(info_page.pending & (1UL << PV_EVENT_TIMER)) && spins < 50000000; spins++) ;
    check((info_page.pending & (1UL << PV_EVENT_TIMER)) != 0, "the timer event is pending in the info page");
    check(upcalls == 0, "no upcall while masked");
    info_page.mask = 0;                                        /* unmask: a plain store */
    for (long spins = 0; upcalls == 0 && spins < 50000000; spins++) ;
    check(upcalls == 1, "unmasking delivered the upcall");
    check((info_page.pending & (1UL << PV_EVENT_TIMER)) == 0, "the handler cleared the pending bit");
    for (int i = 0; i < 1000; i++) {                           /* masking is free: no hypercall */
        info_page.mask = 1;
        info_page.mask = 0;
    }
    if (failures == 0) print("pv-events: all passed\n");
    return failures;
}
