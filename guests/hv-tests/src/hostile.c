/* hostile: an S-mode guest (behind SBI firmware) that pokes at everything it should not reach,
 * for isolation tests. It is not a pass/fail test: it reports what happened and the host-side
 * test decides. Its trap handler counts faults and skips the faulting instruction (every probe
 * is a 4-byte instruction in probes.S). The phases:
 *
 *   a  paging off: at each of ten physical addresses outside its RAM it loads a doubleword,
 *      stores the marker 0xbadc0ffee0ddf00d and loads again, and prints what faulted:
 *        hostile: a <addr> load=ok|fault(<scause>) store=... readback=marker|<value>|fault(...)
 *      RAM_END is the end of the first /memory range in the device tree (a1), or 0x88000000
 *      (128 MiB at 0x80000000) when the tree has none.
 *   b  an Sv39 table whose 256 lower-half root entries map virtual GiB i to physical GiB i
 *      (RWX, A and D set); at the first doubleword of every GiB it stores the marker and loads
 *      it back. A GiB counts as ok when neither faulted and the marker came back, faulted when
 *      either faulted, other otherwise; each ok GiB gets a line.
 *   c  with a virtio-blk device (virtio-mmio slots at 0x10001000 + 0x1000 i, magic 0x74726976,
 *      device ID 2; a legacy version-1 device is reported and skipped), three requests the
 *      device cannot honour, each after a fresh reset and queue setup (OASIS virtio 1.x, 4.2.2
 *      and 2.7):
 *        wild-rings    descriptor table 0x0, driver ring 0x1_0000_0000, device ring RAM_END + 1 MiB
 *        wild-buffers  rings in RAM, header at 0x0, data at 0x1_0000_0000, status at RAM_END + 1 MiB
 *        wild-data     rings, header and status in RAM, a read of sector 0 into 0x1_0000_0000
 *      after notifying it polls at most 100000 times and prints the device status, interrupt
 *      status, the used index and the status byte it can see.
 *   d  100000 iterations of a tight loop with interrupts off.
 *
 * Markers are written only at the listed addresses, never over its own image or stack (it
 * lives at 0x80200000; the word it touches in RAM's GiB is 0x80000000). It prints
 * "PASS <phase>" after each phase, a summary line and "hv-test hostile: all passed" - meaning
 * it ran to the end - and powers off with SBI SRST, status 0. */
#include "hv.h"
#include "sv39.h"
#include "frame.h"
#include "probes.h"
#include "fdt.h"

#define MARKER          0xbadc0ffee0ddf00dUL
#define RAM_END_DEFAULT (DRAM_BASE + (128UL << 20))
#define GIGAPAGES       256
#define POLL_LIMIT      100000
#define BUSY_ITERATIONS 100000

static volatile unsigned long faults, last_cause;

static unsigned long insn_length(unsigned long pc) {
    return (*(volatile unsigned short *)pc & 3) == 3 ? 4 : 2;
}

void trap(struct frame *f) {
    unsigned long cause = f->scause;
    if ((cause & CAUSE_INTERRUPT) || cause == CAUSE_FETCH_ACCESS || cause == CAUSE_FETCH_PAGE
        || !(csr_read(sstatus) & SSTATUS_SPP)) {
        puts("hostile: unexpected trap, scause ");
        puthex(cause);
        puts(" sepc ");
        puthex(f->sepc);
        puts("\nhv-test hostile: failed\n");
        sbi_power_off(2);
    }
    faults++;
    last_cause = cause;
    f->sepc += insn_length(f->sepc);
}

/* ---- a: physical addresses with paging off ---- */

/* Prints ok or fault(<cause>) for an access that started with `before` faults; 1 if it faulted. */
static int report_access(const char *label, unsigned long before) {
    puts(label);
    if (faults == before) { puts("ok"); return 0; }
    puts("fault(");
    putdec(last_cause);
    puts(")");
    return 1;
}

static unsigned long phase_a(unsigned long ram_end) {
    const unsigned long addrs[] = {
        0x0, 0x1000, 0x2000000, 0x0c000000, 0x7ffff000, ram_end, ram_end + 0x1000,
        0x100000000UL, 0x3ffffff000UL, 0x4000000000UL,
    };
    unsigned long faulted = 0;
    for (unsigned i = 0; i < sizeof addrs / sizeof addrs[0]; i++) {
        unsigned long a = addrs[i], before = faults;
        puts("hostile: a ");
        puthex(a);
        int any = 0;
        probe_ld(a);
        any |= report_access(" load=", before);
        before = faults;
        probe_sd(a, MARKER);
        any |= report_access(" store=", before);
        before = faults;
        unsigned long v = probe_ld(a);
        if (faults != before) any |= report_access(" readback=", before);
        else if (v == MARKER) puts(" readback=marker");
        else { puts(" readback="); puthex(v); }
        putc('\n');
        faulted += any;
    }
    puts("hostile: a ");
    putdec(faulted);
    puts(" of 10 addresses faulted\n");
    pass("phys-probe");
    return faulted;
}

/* ---- b: every lower-half gigapage ---- */

static unsigned long gigapages_ok, gigapages_faulted, gigapages_other;

static void phase_b(void) {
    pte_t *root = table_alloc();
    for (unsigned long i = 0; i < GIGAPAGES; i++)
        root[i] = pte_make(i * GIGA_SIZE, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D);
    csr_write(satp, satp_for(root));
    sfence_all();
    for (unsigned long i = 0; i < GIGAPAGES; i++) {
        unsigned long va = i * GIGA_SIZE, before = faults;
        probe_sd(va, MARKER);
        unsigned long v = probe_ld(va);
        if (faults != before) gigapages_faulted++;
        else if (v != MARKER) gigapages_other++;
        else {
            gigapages_ok++;
            puts("hostile: b GiB ");
            putdec(i);
            puts(" at ");
            puthex(va);
            puts(" took the marker\n");
        }
    }
    csr_write(satp, 0);
    sfence_all();
    puts("hostile: b gigapages ok=");
    putdec(gigapages_ok);
    puts(" faulted=");
    putdec(gigapages_faulted);
    puts(" other=");
    putdec(gigapages_other);
    putc('\n');
    pass("gigapages");
}

/* ---- c: virtio-blk with wild addresses ---- */

#define VIRTIO_SLOT(i)      (0x10001000UL + 0x1000UL * (i))
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
#define MAGIC_VIRT          0x74726976U
#define ST_ACK 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8
#define ST_NEEDS_RESET 0x40
#define DESC_F_NEXT  1
#define DESC_F_WRITE 2
#define QSIZE 8

struct desc { unsigned long addr; unsigned int len; unsigned short flags, next; };
struct avail { unsigned short flags, idx, ring[QSIZE], used_event; };
struct used_elem { unsigned int id, len; };
struct used { unsigned short flags, idx; struct used_elem ring[QSIZE]; unsigned short avail_event; };
struct blk_header { unsigned int type, reserved; unsigned long sector; };

static struct desc desc[QSIZE] __attribute__((aligned(16)));
static struct avail avail __attribute__((aligned(4)));
static struct used used __attribute__((aligned(4)));
static struct blk_header header;
static volatile unsigned char status_byte;
static unsigned long vbase;

static unsigned vreg(unsigned off) { return REG32(vbase + off); }
static void set_vreg(unsigned off, unsigned v) { REG32(vbase + off) = v; }

/* The slot of the first virtio-blk device (vbase points at it), or -1; `version` gets its
 * virtio-mmio version (1 is the legacy layout, which these experiments do not speak). */
static int find_blk(unsigned *version) {
    for (int slot = 0; slot < 8; slot++) {
        vbase = VIRTIO_SLOT(slot);
        if (vreg(VIRTIO_MAGIC) == MAGIC_VIRT && vreg(VIRTIO_DEVICE_ID) == 2) {
            *version = vreg(VIRTIO_VERSION);
            return slot;
        }
    }
    return -1;
}

static void set_addr(unsigned lo, unsigned long a) {
    set_vreg(lo, (unsigned)a);
    set_vreg(lo + 4, (unsigned)(a >> 32));
}

/* Reset, negotiate VIRTIO_F_VERSION_1 only, set queue 0 at the given addresses; 0 if the device
 * refused somewhere (then it prints why). */
static int setup_queue(unsigned long d, unsigned long a, unsigned long u) {
    set_vreg(VIRTIO_STATUS, 0);
    for (int i = 0; i < POLL_LIMIT && vreg(VIRTIO_STATUS) != 0; i++) { }
    set_vreg(VIRTIO_STATUS, ST_ACK);
    set_vreg(VIRTIO_STATUS, ST_ACK | ST_DRIVER);
    set_vreg(VIRTIO_DRV_FEAT_SEL, 0);
    set_vreg(VIRTIO_DRV_FEAT, 0);
    set_vreg(VIRTIO_DRV_FEAT_SEL, 1);
    set_vreg(VIRTIO_DRV_FEAT, 1);                       /* VIRTIO_F_VERSION_1, feature bit 32 */
    set_vreg(VIRTIO_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK);
    if (!(vreg(VIRTIO_STATUS) & ST_FEATURES_OK)) { puts("hostile: c the device refused FEATURES_OK\n"); return 0; }
    set_vreg(VIRTIO_QUEUE_SEL, 0);
    if (vreg(VIRTIO_QUEUE_MAX) < QSIZE) { puts("hostile: c queue 0 is too small\n"); return 0; }
    set_vreg(VIRTIO_QUEUE_NUM, QSIZE);
    set_addr(VIRTIO_DESC_LO, d);
    set_addr(VIRTIO_DRIVER_LO, a);
    set_addr(VIRTIO_DEVICE_LO, u);
    set_vreg(VIRTIO_QUEUE_READY, 1);
    set_vreg(VIRTIO_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
    return 1;
}

/* Notifies queue 0, polls (bounded) for a used entry or DEVICE_NEEDS_RESET, prints the outcome. */
static void notify_and_report(const char *label, int rings_in_ram) {
    __asm__ volatile("fence rw, rw" ::: "memory");
    set_vreg(VIRTIO_QUEUE_NOTIFY, 0);
    int polls = 0;
    while (polls < POLL_LIMIT) {
        if (rings_in_ram && *(volatile unsigned short *)&used.idx != 0) break;
        if (vreg(VIRTIO_STATUS) & ST_NEEDS_RESET) break;
        polls++;
    }
    __asm__ volatile("fence rw, rw" ::: "memory");
    puts("hostile: c ");
    puts(label);
    puts(" device-status=");
    puthex(vreg(VIRTIO_STATUS));
    puts(" interrupt-status=");
    puthex(vreg(VIRTIO_INT_STATUS));
    if (rings_in_ram) {
        puts(" used-idx=");
        putdec(*(volatile unsigned short *)&used.idx);
        puts(" status-byte=");
        puthex(status_byte);
    }
    puts(polls == POLL_LIMIT ? " polls=limit\n" : " polls=bounded\n");
    set_vreg(VIRTIO_INT_ACK, vreg(VIRTIO_INT_STATUS));
}

static void post(unsigned long hdr, unsigned long data, unsigned long status) {
    desc[0] = (struct desc){ hdr, sizeof header, DESC_F_NEXT, 1 };
    desc[1] = (struct desc){ data, 512, DESC_F_WRITE | DESC_F_NEXT, 2 };
    desc[2] = (struct desc){ status, 1, DESC_F_WRITE, 0 };
    avail.flags = 0;
    avail.ring[0] = 0;
    used.idx = 0;
    __asm__ volatile("fence rw, rw" ::: "memory");
    avail.idx = 1;
}

static void phase_c(unsigned long ram_end) {
    unsigned version = 0;
    int slot = find_blk(&version);
    if (slot < 0) {
        puts("hostile: c no virtio-blk device\n");
        pass("virtio-wild");
        return;
    }
    puts("hostile: c virtio-blk in slot ");
    putdec((unsigned long)slot);
    if (version != 2) {
        puts(" has virtio-mmio version ");
        putdec(version);
        puts(", not 2: skipped\n");
        pass("virtio-wild");
        return;
    }
    putc('\n');
    unsigned long far = 0x100000000UL, past = ram_end + 0x100000;

    if (setup_queue(0x0, far, past)) notify_and_report("wild-rings", 0);

    header = (struct blk_header){ 0, 0, 0 };               /* VIRTIO_BLK_T_IN, sector 0 */
    status_byte = 0xff;
    if (setup_queue((unsigned long)desc, (unsigned long)&avail, (unsigned long)&used)) {
        post(0x0, far, past);
        notify_and_report("wild-buffers", 1);
    }
    status_byte = 0xff;
    if (setup_queue((unsigned long)desc, (unsigned long)&avail, (unsigned long)&used)) {
        post((unsigned long)&header, far, (unsigned long)&status_byte);
        notify_and_report("wild-data", 1);
    }
    set_vreg(VIRTIO_STATUS, 0);
    pass("virtio-wild");
}

/* ---- d: a busy loop with interrupts off ---- */

static void phase_d(void) {
    csr_clear(sstatus, SSTATUS_SIE);
    unsigned long n = BUSY_ITERATIONS;
    __asm__ volatile("1: addi %0, %0, -1\n bnez %0, 1b" : "+r"(n));
    puts("hostile: d 100000 iterations with interrupts off\n");
    pass("busy-loop");
}

void main(unsigned long hartid, unsigned long fdt) {
    (void)hartid;
    unsigned long ram_end = fdt_memory_end((const void *)fdt);
    puts("hostile: RAM ends at ");
    puthex(ram_end ? ram_end : RAM_END_DEFAULT);
    puts(ram_end ? " (device tree)\n" : " (assumed: no /memory in the device tree)\n");
    if (!ram_end) ram_end = RAM_END_DEFAULT;

    unsigned long phys_faulted = phase_a(ram_end);
    phase_b();
    phase_c(ram_end);
    phase_d();
    puts("hostile: summary phys-faulted=");
    putdec(phys_faulted);
    puts(" gigapages-ok=");
    putdec(gigapages_ok);
    puts(" gigapages-faulted=");
    putdec(gigapages_faulted);
    puts(" traps=");
    putdec(faults);
    putc('\n');
    sbi_power_off(summary("hostile"));
}
