/* plic.c - the platform-level interrupt controller: device interrupts reach a hart's
 * S-mode context (2*hart+1). The UART goes to the boot hart, virtio-blk too. */
#include "defs.h"
#include "memlayout.h"

#define W(a) (*(volatile uint32 *)(uint64)(a))

void plic_init(void)
{
    W(PLIC_PRIORITY(UART0_IRQ)) = 1;
    for (int i = 0; i < VIRTIO_SLOTS; i++) W(PLIC_PRIORITY(VIRTIO_FIRST_IRQ + i)) = 1;
}

void plic_init_hart(int hartid)
{
    uint32 bits = 0;
    if (hartid == 0) {
        bits = 1u << UART0_IRQ;
        if (virtio_blk_irq) bits |= 1u << virtio_blk_irq;
    }
    W(PLIC_SENABLE(hartid)) = bits;
    W(PLIC_STHRESHOLD(hartid)) = 0;
}

int plic_claim(int hartid) { return W(PLIC_SCLAIM(hartid)); }
void plic_complete(int hartid, int irq) { W(PLIC_SCLAIM(hartid)) = irq; }
