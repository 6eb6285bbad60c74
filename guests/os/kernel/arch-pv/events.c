/* events.c - device interrupts of the paravirtualized kernel: event channels in the pending
 * word of the vCPU info page instead of the PLIC (../plic.c, which the PV build leaves out).
 * Channel n is the board's interrupt source n (pv.h), so "claim" returns the same numbers the
 * PLIC would and trap.c's device_interrupt() is unchanged. Claiming is one atomic AND: no
 * hypercall, no MMIO. */
#include "defs.h"
#include "arch-pv/hypercall.h"

void plic_init(void) { }
void plic_init_hart(int hartid) { (void)hartid; }

int plic_claim(int hartid)
{
    struct pv_vcpu_info *v = pv_vcpu_info(hartid);
    uint64 devices = v->pending & ~(1UL << PV_EVENT_TIMER);
    if (!devices) return 0;
    int n = 1;
    while (!(devices & (1UL << n))) n++;      /* the lowest channel first (no libgcc ctz: it is lp64d) */
    __atomic_fetch_and(&v->pending, ~(1UL << n), __ATOMIC_SEQ_CST);
    return n;
}

void plic_complete(int hartid, int irq) { (void)hartid; (void)irq; }
