/* virtio_blk.c - the virtio-blk driver over virtio-mmio version 2 (Virtual I/O Device
 * (VIRTIO) Version 1.x: 2.7 "Split Virtqueues", 3.1 "Device Initialization", 4.2 "Virtio
 * Over MMIO", 5.2 "Block Device").
 *
 * One disk, one request queue of QNUM descriptors. A request is a descriptor chain
 *     header (type, sector; device-readable) | data segments ... | status byte (device-writable)
 * whose data segments point straight at the caller's pages (kernel memory is identity-mapped,
 * and user pages are looked up page by page), so nothing is copied. Several processes may
 * have requests in flight: each sleeps on its own request until the used-buffer interrupt
 * (PLIC source 1 + slot) hands the chain back, and whoever finds no free descriptors sleeps
 * until a chain is freed. Before there is a process to put to sleep (early boot), the caller
 * polls the used ring instead.
 *
 * Everything here runs under the big kernel lock with interrupts off, so the interrupt
 * handler can never run between "is my request done?" and sleep_on(): no lost wakeups.
 */
#include "defs.h"
#include "memlayout.h"

/* virtio-mmio registers (4.2.2) */
#define MMIO_MAGIC           0x000
#define MMIO_VERSION         0x004
#define MMIO_DEVICE_ID       0x008
#define MMIO_DEVICE_FEATURES 0x010
#define MMIO_DEVICE_FEAT_SEL 0x014
#define MMIO_DRIVER_FEATURES 0x020
#define MMIO_DRIVER_FEAT_SEL 0x024
#define MMIO_QUEUE_SEL       0x030
#define MMIO_QUEUE_NUM_MAX   0x034
#define MMIO_QUEUE_NUM       0x038
#define MMIO_QUEUE_READY     0x044
#define MMIO_QUEUE_NOTIFY    0x050
#define MMIO_INT_STATUS      0x060
#define MMIO_INT_ACK         0x064
#define MMIO_STATUS          0x070
#define MMIO_QUEUE_DESC_LO   0x080
#define MMIO_QUEUE_DESC_HI   0x084
#define MMIO_QUEUE_DRIVER_LO 0x090
#define MMIO_QUEUE_DRIVER_HI 0x094
#define MMIO_QUEUE_DEVICE_LO 0x0a0
#define MMIO_QUEUE_DEVICE_HI 0x0a4
#define MMIO_CONFIG_GEN      0x0fc
#define MMIO_CONFIG          0x100

#define VIRTIO_MAGIC 0x74726976            /* "virt" */
#define DEVICE_ID_BLK 2

/* device status bits (2.1) */
#define ST_ACKNOWLEDGE 1
#define ST_DRIVER      2
#define ST_DRIVER_OK   4
#define ST_FEATURES_OK 8
#define ST_NEEDS_RESET 0x40
#define ST_FAILED      0x80

/* feature bits */
#define F_BLK_RO    (1UL << 5)             /* 5.2.3 */
#define F_VERSION_1 (1UL << 32)            /* 6 */

#define INT_USED_BUFFER   1
#define INT_CONFIG_CHANGE 2

/* split virtqueue (2.7) */
#define QNUM 64                            /* descriptors: a power of two, <= QueueNumMax */
#define DESC_F_NEXT  1
#define DESC_F_WRITE 2
struct vq_desc { uint64 addr; uint32 len; uint16 flags, next; };
struct vq_avail { uint16 flags, idx, ring[QNUM], used_event; };
struct vq_used_elem { uint32 id, len; };
struct vq_used { uint16 flags, idx; struct vq_used_elem ring[QNUM]; uint16 avail_event; };

/* block requests (5.2.6) */
#define BLK_T_IN  0
#define BLK_T_OUT 1
#define BLK_S_OK  0
#define BLK_S_IOERR  1
#define BLK_S_UNSUPP 2
struct blk_header { uint32 type, reserved; uint64 sector; };

/* One page holds the three rings: descriptors @0 (1 KiB) | available @1024 | used @2048. */
#define OFF_AVAIL  1024
#define OFF_USED   2048
_Static_assert(sizeof(struct vq_desc) * QNUM <= OFF_AVAIL, "descriptor table");
_Static_assert(OFF_AVAIL + sizeof(struct vq_avail) <= OFF_USED, "available ring");
_Static_assert(OFF_USED + sizeof(struct vq_used) <= 4096, "used ring");

int virtio_blk_irq;

static struct {
    uint64 base;                      /* 0: no disk */
    int    slot;
    uint64 capacity;                  /* sectors */
    int    readonly;
    int    broken;                    /* the device asked for a reset: every request fails */
    struct vq_desc *desc;
    struct vq_avail *avail;
    volatile struct vq_used *used;
    struct blk_header hdr[QNUM];      /* by head: the request header (kernel data is identity-mapped) */
    volatile uint8 status[QNUM];      /* by head: the status byte the device writes */
    uint8  is_free[QNUM];
    int    nfree;
    uint16 last_used;                 /* the used index up to which chains were collected */
    volatile int done[QNUM];          /* by head: the device returned the chain */
    uint64 requests, errors, interrupts, sleeps;
} blk;

static inline uint32 rd(int off) { return *(volatile uint32 *)(blk.base + off); }
static inline void wr(int off, uint32 v) { *(volatile uint32 *)(blk.base + off) = v; }
static inline void fence(void) { __sync_synchronize(); }

int virtio_blk_present(void) { return blk.base != 0; }
uint64 virtio_blk_capacity(void) { return blk.capacity; }
int virtio_blk_readonly(void) { return blk.readonly; }
int virtio_blk_slot(void) { return blk.slot; }

/* The capacity (a 64-bit config field) as two 32-bit reads, retried if the device changed
 * its configuration in between (4.2.2.2: ConfigGeneration). */
static uint64 read_capacity(void)
{
    for (;;) {
        uint32 gen = rd(MMIO_CONFIG_GEN);
        uint64 v = rd(MMIO_CONFIG) | (uint64)rd(MMIO_CONFIG + 4) << 32;
        if (rd(MMIO_CONFIG_GEN) == gen) return v;
    }
}

static void give_up(const char *why)
{
    printf("virtio-blk: slot %d: %s; no disk\n", blk.slot, why);
    wr(MMIO_STATUS, rd(MMIO_STATUS) | ST_FAILED);
    blk.base = 0;
}

/* 3.1.1 "Driver Requirements: Device Initialization", for the one queue (4.2.3.2). */
static void setup(void)
{
    wr(MMIO_STATUS, 0);                                     /* reset */
    while (rd(MMIO_STATUS) != 0) ;
    wr(MMIO_STATUS, ST_ACKNOWLEDGE);
    wr(MMIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER);
    wr(MMIO_DEVICE_FEAT_SEL, 0);
    uint64 offered = rd(MMIO_DEVICE_FEATURES);
    wr(MMIO_DEVICE_FEAT_SEL, 1);
    offered |= (uint64)rd(MMIO_DEVICE_FEATURES) << 32;
    if (!(offered & F_VERSION_1)) { give_up("device does not offer VIRTIO_F_VERSION_1"); return; }
    uint64 accepted = F_VERSION_1 | (offered & F_BLK_RO);   /* no indirect tables, no event index */
    wr(MMIO_DRIVER_FEAT_SEL, 0);
    wr(MMIO_DRIVER_FEATURES, (uint32)accepted);
    wr(MMIO_DRIVER_FEAT_SEL, 1);
    wr(MMIO_DRIVER_FEATURES, (uint32)(accepted >> 32));
    wr(MMIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK);
    if (!(rd(MMIO_STATUS) & ST_FEATURES_OK)) { give_up("device refused our features (FEATURES_OK)"); return; }
    blk.readonly = (accepted & F_BLK_RO) != 0;

    wr(MMIO_QUEUE_SEL, 0);
    if (rd(MMIO_QUEUE_READY) != 0) { give_up("queue 0 already live after reset"); return; }
    uint32 max = rd(MMIO_QUEUE_NUM_MAX);
    if (max < QNUM) { give_up("queue 0 too small"); return; }
    char *page = kalloc();
    if (!page) { give_up("out of memory"); return; }
    blk.desc = (struct vq_desc *)page;
    blk.avail = (struct vq_avail *)(page + OFF_AVAIL);
    blk.used = (struct vq_used *)(page + OFF_USED);
    wr(MMIO_QUEUE_NUM, QNUM);
    wr(MMIO_QUEUE_DESC_LO, (uint32)(uint64)blk.desc);
    wr(MMIO_QUEUE_DESC_HI, (uint32)((uint64)blk.desc >> 32));
    wr(MMIO_QUEUE_DRIVER_LO, (uint32)(uint64)blk.avail);
    wr(MMIO_QUEUE_DRIVER_HI, (uint32)((uint64)blk.avail >> 32));
    wr(MMIO_QUEUE_DEVICE_LO, (uint32)(uint64)blk.used);
    wr(MMIO_QUEUE_DEVICE_HI, (uint32)((uint64)blk.used >> 32));
    wr(MMIO_QUEUE_READY, 1);
    for (int i = 0; i < QNUM; i++) blk.is_free[i] = 1;
    blk.nfree = QNUM;

    blk.capacity = read_capacity();
    wr(MMIO_STATUS, ST_ACKNOWLEDGE | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
    if (rd(MMIO_STATUS) & ST_NEEDS_RESET) { give_up("device needs a reset after setup"); return; }
    virtio_blk_irq = VIRTIO_FIRST_IRQ + blk.slot;
}

/* Finds the first virtio-blk in the eight virtio-mmio slots (empty slots show device id 0). */
void virtio_blk_init(void)
{
    for (int slot = 0; slot < VIRTIO_SLOTS; slot++) {
        blk.base = VIRTIO_BASE + (uint64)slot * VIRTIO_STRIDE;
        blk.slot = slot;
        if (rd(MMIO_MAGIC) != VIRTIO_MAGIC || rd(MMIO_DEVICE_ID) != DEVICE_ID_BLK) continue;
        if (rd(MMIO_VERSION) != 2) {
            printf("virtio-blk: slot %d: legacy virtio-mmio (version %d) is not supported\n", slot, rd(MMIO_VERSION));
            continue;
        }
        setup();
        if (blk.base) return;
    }
    blk.base = 0;
}

/* Hands back every chain the device has put in the used ring since last time. */
static void collect(void)
{
    while (blk.last_used != blk.used->idx) {
        fence();                                            /* the element before the index */
        uint32 head = blk.used->ring[blk.last_used % QNUM].id;
        blk.last_used++;
        if (head >= QNUM) continue;
        blk.done[head] = 1;
        wakeup((void *)&blk.done[head]);
    }
}

/* The device hit a driver error (DEVICE_NEEDS_RESET): fail every request, now and later. */
static void check_broken(void)
{
    if (!blk.broken && (rd(MMIO_STATUS) & ST_NEEDS_RESET)) {
        printf("virtio-blk: the device needs a reset (driver error); disk offline\n");
        blk.broken = 1;
        for (int i = 0; i < QNUM; i++) wakeup((void *)&blk.done[i]);
        wakeup(&blk.nfree);
    }
}

/* The used-buffer (or configuration-change) interrupt; the kernel lock is held. */
void virtio_blk_intr(void)
{
    if (!blk.base) return;
    uint32 why = rd(MMIO_INT_STATUS);
    wr(MMIO_INT_ACK, why);
    blk.interrupts++;
    if (why & INT_CONFIG_CHANGE) check_broken();
    collect();
}

/* Takes n descriptors (a chain) off the free list; sleeps while there are too few. */
static int alloc_chain(int n, uint16 *idx)
{
    while (blk.nfree < n) {
        if (!myproc()) return -1;
        sleep_on(&blk.nfree);
        if (blk.broken) return -1;
    }
    for (int i = 0, got = 0; got < n; i++)
        if (blk.is_free[i]) { blk.is_free[i] = 0; idx[got++] = i; }
    blk.nfree -= n;
    return 0;
}

static void free_chain(uint16 head)
{
    for (uint16 i = head;;) {
        uint16 flags = blk.desc[i].flags, next = blk.desc[i].next;
        blk.is_free[i] = 1;
        blk.nfree++;
        if (!(flags & DESC_F_NEXT)) break;
        i = next;
    }
    wakeup(&blk.nfree);
}

/* One request: nseg data segments (physical addresses) at sector. 0, or -1 on any error. */
int virtio_blk_request(uint64 sector, const struct blk_seg *segs, int nseg, int write)
{
    if (!blk.base || blk.broken || nseg < 1 || nseg > BLK_MAXSEG) return -1;
    uint16 idx[BLK_MAXSEG + 2];
    int n = nseg + 2;
    if (alloc_chain(n, idx) < 0) return -1;
    uint16 head = idx[0];
    blk.hdr[head] = (struct blk_header){ write ? BLK_T_OUT : BLK_T_IN, 0, sector };
    blk.status[head] = 0xff;
    blk.done[head] = 0;
    blk.desc[head] = (struct vq_desc){ (uint64)&blk.hdr[head], sizeof(struct blk_header), DESC_F_NEXT, idx[1] };
    for (int i = 0; i < nseg; i++)
        blk.desc[idx[1 + i]] = (struct vq_desc){ segs[i].addr, segs[i].len,
                                                 DESC_F_NEXT | (write ? 0 : DESC_F_WRITE), idx[2 + i] };
    blk.desc[idx[n - 1]] = (struct vq_desc){ (uint64)&blk.status[head], 1, DESC_F_WRITE, 0 };

    blk.avail->ring[blk.avail->idx % QNUM] = head;
    fence();                                                /* the ring entry before the index */
    blk.avail->idx++;
    fence();                                                /* the index before the notify */
    wr(MMIO_QUEUE_NOTIFY, 0);
    blk.requests++;

    if (myproc()) {
        while (!blk.done[head] && !blk.broken) {            /* the interrupt wakes us */
            blk.sleeps++;
            sleep_on((void *)&blk.done[head]);
        }
    } else {
        while (!blk.done[head] && !blk.broken) {            /* early boot: poll */
            collect();
            check_broken();
        }
        wr(MMIO_INT_ACK, rd(MMIO_INT_STATUS));
    }
    if (!blk.done[head]) return -1;                         /* broken: the chain stays with the device */
    fence();
    int status = blk.status[head];
    free_chain(head);
    if (status != BLK_S_OK) {
        blk.errors++;
        return -1;
    }
    return 0;
}

/* A kernel buffer: identity-mapped, so physically contiguous. */
int virtio_blk_rw(uint64 sector, void *buf, uint32 nsectors, int write)
{
    uint64 addr = (uint64)buf, left = (uint64)nsectors * BLK_SECTOR;
    while (left > 0) {
        struct blk_seg seg = { addr, (uint32)min(left, (uint64)BLK_MAXREQ) };
        if (virtio_blk_request(sector, &seg, 1, write) < 0) return -1;
        addr += seg.len, left -= seg.len, sector += seg.len / BLK_SECTOR;
    }
    return 0;
}

void virtio_blk_stats(uint64 *requests, uint64 *errors, uint64 *interrupts)
{
    *requests = blk.requests;
    *errors = blk.errors;
    *interrupts = blk.interrupts;
}
