/* virtio_blk.c - the virtio-blk driver (virtio-mmio version 2). Not written yet: the
 * kernel boots without a disk. */
#include "defs.h"

int virtio_blk_irq;

void virtio_blk_init(void) { }
void virtio_blk_intr(void) { }
int virtio_blk_present(void) { return 0; }
int virtio_blk_rw(uint64 sector, void *buf, uint32 n, int write) { (void)sector; (void)buf; (void)n; (void)write; return -1; }
uint64 virtio_blk_capacity(void) { return 0; }
