/* virtio-blk: an M-mode (--bios none) virtio driver in one file. It finds the block device
 * by probing the eight virtio-mmio slots (magic, version 2, device ID 2), negotiates
 * VIRTIO_F_VERSION_1 and VIRTIO_BLK_F_FLUSH, sets up queue 0, then:
 *   1. reads sectors 0..7 one at a time and checks the pattern the test wrote,
 *   2. reads sectors 8..11 in one four-sector request,
 *   3. writes sector 5 with the inverted pattern, flushes, reads it back,
 *   4. asks for the device ID.
 * It polls the used ring (requests complete inside the notify write) and exits through the
 * test finisher: 0 when every check passes, otherwise the number of the failed check.
 * Register layout and ring formats: OASIS virtio 1.x, 4.2.2 (MMIO), 2.7 (split virtqueues),
 * 5.2 (block device). The pattern is VirtioBlkGuestTest's: byte i of sector s is
 * (s * 7 + i * 13 + 1) & 0xff. */
#include "board.h"

#define VIRTIO_BASE(slot)   (0x10001000UL + 0x1000UL * (slot))
#define VIRTIO_SLOTS        8

#define VIRTIO_MAGIC        0x000
#define VIRTIO_VERSION      0x004
#define VIRTIO_DEVICE_ID    0x008
#define VIRTIO_DEV_FEAT     0x010
#define VIRTIO_DEV_FEAT_SEL 0x014
#define VIRTIO_DRV_FEAT     0x020
#define VIRTIO_DRV_FEAT_SEL 0x024
#define VIRTIO_QUEUE_SEL    0x030
#define VIRTIO_QUEUE_MAX    0x034
#define VIRTIO_QUEUE_NUM    0x038
#define VIRTIO_QUEUE_READY  0x044
#define VIRTIO_QUEUE_NOTIFY 0x050
#define VIRTIO_INT_STATUS   0x060
#define VIRTIO_INT_ACK      0x064
#define VIRTIO_STATUS       0x070
#define VIRTIO_DESC_LO      0x080
#define VIRTIO_DESC_HI      0x084
#define VIRTIO_DRIVER_LO    0x090
#define VIRTIO_DRIVER_HI    0x094
#define VIRTIO_DEVICE_LO    0x0a0
#define VIRTIO_DEVICE_HI    0x0a4
#define VIRTIO_CONFIG       0x100

#define MAGIC_VIRT          0x74726976U
#define S_ACKNOWLEDGE 1
#define S_DRIVER      2
#define S_DRIVER_OK   4
#define S_FEATURES_OK 8

#define F_BLK_FLUSH   (1U << 9)
#define F_VERSION_1_HI 1U                  /* feature bit 32 = bit 0 of the high word */

#define DESC_F_NEXT   1
#define DESC_F_WRITE  2

#define BLK_T_IN      0
#define BLK_T_OUT     1
#define BLK_T_FLUSH   4
#define BLK_T_GET_ID  8
#define SECTOR        512
#define QSIZE         8

struct desc { unsigned long addr; unsigned int len; unsigned short flags, next; };
struct avail { unsigned short flags, idx, ring[QSIZE], used_event; };
struct used_elem { unsigned int id, len; };
struct used { unsigned short flags, idx; struct used_elem ring[QSIZE]; unsigned short avail_event; };
struct req_header { unsigned int type, reserved; unsigned long sector; };

static struct desc desc[QSIZE] __attribute__((aligned(16)));
static struct avail avail __attribute__((aligned(4)));
static struct used used __attribute__((aligned(4)));
static struct req_header header;
static unsigned char data[4 * SECTOR];
static volatile unsigned char status;
static unsigned long base;
static unsigned short avail_idx;

static unsigned reg(unsigned off) { return REG32(base + off); }
static void set_reg(unsigned off, unsigned v) { REG32(base + off) = v; }

static unsigned char pattern(unsigned long sector, unsigned i) {
    return (unsigned char)(sector * 7 + i * 13 + 1);
}

static __attribute__((noreturn)) void fail(int code, const char *what) {
    puts("virtio-blk: FAIL ");
    puts(what);
    puts("\n");
    finish(code);
}

static int find_block_device(void) {
    for (int slot = 0; slot < VIRTIO_SLOTS; slot++) {
        base = VIRTIO_BASE(slot);
        if (reg(VIRTIO_MAGIC) == MAGIC_VIRT && reg(VIRTIO_VERSION) == 2 && reg(VIRTIO_DEVICE_ID) == 2) return slot;
    }
    return -1;
}

static void init_device(void) {
    set_reg(VIRTIO_STATUS, 0);                                   /* reset */
    set_reg(VIRTIO_STATUS, S_ACKNOWLEDGE);
    set_reg(VIRTIO_STATUS, S_ACKNOWLEDGE | S_DRIVER);
    set_reg(VIRTIO_DEV_FEAT_SEL, 1);
    if (!(reg(VIRTIO_DEV_FEAT) & F_VERSION_1_HI)) fail(11, "device does not offer VIRTIO_F_VERSION_1");
    set_reg(VIRTIO_DEV_FEAT_SEL, 0);
    if (!(reg(VIRTIO_DEV_FEAT) & F_BLK_FLUSH)) fail(12, "device does not offer VIRTIO_BLK_F_FLUSH");
    set_reg(VIRTIO_DRV_FEAT_SEL, 0);
    set_reg(VIRTIO_DRV_FEAT, F_BLK_FLUSH);
    set_reg(VIRTIO_DRV_FEAT_SEL, 1);
    set_reg(VIRTIO_DRV_FEAT, F_VERSION_1_HI);
    set_reg(VIRTIO_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK);
    if (!(reg(VIRTIO_STATUS) & S_FEATURES_OK)) fail(13, "device refused our features");

    set_reg(VIRTIO_QUEUE_SEL, 0);
    if (reg(VIRTIO_QUEUE_READY)) fail(14, "queue 0 live after reset");
    if (reg(VIRTIO_QUEUE_MAX) < QSIZE) fail(15, "queue 0 too small");
    set_reg(VIRTIO_QUEUE_NUM, QSIZE);
    set_reg(VIRTIO_DESC_LO, (unsigned)(unsigned long)desc);
    set_reg(VIRTIO_DESC_HI, (unsigned)((unsigned long)desc >> 32));
    set_reg(VIRTIO_DRIVER_LO, (unsigned)(unsigned long)&avail);
    set_reg(VIRTIO_DRIVER_HI, (unsigned)((unsigned long)&avail >> 32));
    set_reg(VIRTIO_DEVICE_LO, (unsigned)(unsigned long)&used);
    set_reg(VIRTIO_DEVICE_HI, (unsigned)((unsigned long)&used >> 32));
    set_reg(VIRTIO_QUEUE_READY, 1);
    set_reg(VIRTIO_STATUS, S_ACKNOWLEDGE | S_DRIVER | S_FEATURES_OK | S_DRIVER_OK);
}

/* One request: header, optional data (device-writable for IN and GET_ID), status. */
static int request(unsigned type, unsigned long sector, void *buf, unsigned len) {
    header.type = type;
    header.reserved = 0;
    header.sector = sector;
    status = 0xff;
    int n = 0;
    desc[n] = (struct desc){ (unsigned long)&header, sizeof header, DESC_F_NEXT, (unsigned short)(n + 1) };
    n++;
    if (len) {
        unsigned short w = (type == BLK_T_IN || type == BLK_T_GET_ID) ? DESC_F_WRITE : 0;
        desc[n] = (struct desc){ (unsigned long)buf, len, (unsigned short)(w | DESC_F_NEXT), (unsigned short)(n + 1) };
        n++;
    }
    desc[n] = (struct desc){ (unsigned long)&status, 1, DESC_F_WRITE, 0 };
    avail.ring[avail_idx % QSIZE] = 0;
    __asm__ volatile("fence rw, rw" ::: "memory");
    avail.idx = ++avail_idx;
    __asm__ volatile("fence rw, rw" ::: "memory");
    set_reg(VIRTIO_QUEUE_NOTIFY, 0);
    while (*(volatile unsigned short *)&used.idx != avail_idx) {
        if (reg(VIRTIO_STATUS) & 0x40) fail(16, "device needs reset");
    }
    __asm__ volatile("fence rw, rw" ::: "memory");
    if (used.ring[(avail_idx - 1) % QSIZE].id != 0) fail(17, "used ring returned the wrong descriptor");
    set_reg(VIRTIO_INT_ACK, reg(VIRTIO_INT_STATUS));
    return status;
}

static void check_sectors(unsigned long first, unsigned count, int invert, int code, const char *what) {
    for (unsigned s = 0; s < count; s++)
        for (unsigned i = 0; i < SECTOR; i++) {
            unsigned char want = pattern(first + s, i);
            if (invert) want = (unsigned char)~want;
            if (data[s * SECTOR + i] != want) {
                puts("virtio-blk: sector ");
                puthex(first + s);
                puts(" byte ");
                puthex(i);
                puts("\n");
                fail(code, what);
            }
        }
}

void trap(void) {
    fail(2, "unexpected trap");
}

void main(void) {
    int slot = find_block_device();
    if (slot < 0) fail(10, "no virtio-blk device in slots 0..7");
    puts("virtio-blk: device in slot ");
    putc((char)('0' + slot));
    puts("\n");
    init_device();
    unsigned long capacity = reg(VIRTIO_CONFIG) | ((unsigned long)reg(VIRTIO_CONFIG + 4) << 32);
    puts("virtio-blk: capacity ");
    puthex(capacity);
    puts(" sectors\n");
    if (capacity < 16) fail(18, "disk smaller than 16 sectors");

    for (unsigned long s = 0; s < 8; s++) {
        if (request(BLK_T_IN, s, data, SECTOR) != 0) fail(20, "read failed");
        check_sectors(s, 1, 0, 21, "sector contents differ from the pattern");
    }
    puts("virtio-blk: read sectors 0..7\n");

    if (request(BLK_T_IN, 8, data, 4 * SECTOR) != 0) fail(22, "four-sector read failed");
    check_sectors(8, 4, 0, 23, "four-sector read differs from the pattern");
    puts("virtio-blk: read sectors 8..11 in one request\n");

    if (request(BLK_T_IN, capacity, data, SECTOR) != 1) fail(24, "read past the end did not fail with IOERR");

    for (unsigned i = 0; i < SECTOR; i++) data[i] = (unsigned char)~pattern(5, i);
    if (request(BLK_T_OUT, 5, data, SECTOR) != 0) fail(30, "write failed");
    if (request(BLK_T_FLUSH, 0, 0, 0) != 0) fail(31, "flush failed");
    for (unsigned i = 0; i < SECTOR; i++) data[i] = 0;
    if (request(BLK_T_IN, 5, data, SECTOR) != 0) fail(32, "read back failed");
    check_sectors(5, 1, 1, 33, "sector 5 does not hold what was written");
    puts("virtio-blk: wrote sector 5 and read it back\n");

    for (unsigned i = 0; i < 20; i++) data[i] = 0;
    if (request(BLK_T_GET_ID, 0, data, 20) != 0) fail(40, "GET_ID failed");
    data[20] = 0;
    puts("virtio-blk: id ");
    puts((const char *)data);
    puts("\n");

    puts("virtio-blk: all checks passed\n");
    finish(0);
}
