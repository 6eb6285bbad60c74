/* priv-mix: an S-mode kernel (behind SBI firmware) that runs one U-mode process between two
 * address spaces, to measure what a trap-and-emulate hypervisor pays for a system call and for
 * an address-space switch (and how well it caches shadow page tables).
 *
 * Address spaces A and B (two Sv39 roots) both map RAM with an S-only gigapage, the process's
 * code at 0x40000000 (U R X) and a data page at 0x40001000 (U R W) that holds 1 in A and 2 in
 * B. The process (user-mix.S) makes 100 "tick" ecalls, loading the data word before each and
 * summing, then one "exit" ecall with the sum. The kernel switches satp between A and B (then
 * sfence.vma) after every second tick: 50 switches. Loads 1-2 see A, 3-4 see B, ...: the sum
 * is 50 * 1 + 50 * 2 = 150. Checks, one line each:
 *
 *   syscalls      100 tick ecalls and one exit arrived, each with cause 8
 *   satp-switch   50 switches, and the process saw the expected address spaces (sum 150)
 *
 * with "priv-mix: ticks=100 exits=1 satp-switches=50 sum=150" before them. Powers off with SBI
 * SRST, status 0 only if both passed. */
#include "hv.h"
#include "sv39.h"
#include "frame.h"

#define VA_CODE 0x40000000UL
#define VA_DATA 0x40001000UL
#define TICKS   100
#define SYS_EXIT 0
#define SYS_TICK 1

extern char user_mix[];
static unsigned long page_a[512] __attribute__((aligned(4096)));
static unsigned long page_b[512] __attribute__((aligned(4096)));

static unsigned long satp_a, satp_b, satp_now;
static volatile unsigned long ticks, switches, bad_ticks, exit_value;

static void switch_space(void) {
    satp_now = satp_now == satp_a ? satp_b : satp_a;
    csr_write(satp, satp_now);
    sfence_all();
    switches++;
}

void trap(struct frame *f) {
    int from_user = !(csr_read(sstatus) & SSTATUS_SPP);
    if (from_user && f->scause == CAUSE_ECALL_U && f->x[REG_A7] == SYS_TICK) {
        if (f->x[REG_A0] != TICKS - ticks) bad_ticks++;
        ticks++;
        if (ticks % 2 == 0) switch_space();
        f->sepc += 4;
        return;
    }
    if (from_user && f->scause == CAUSE_ECALL_U && f->x[REG_A7] == SYS_EXIT) {
        exit_value = f->x[REG_A0];
        leave_user(1);
    }
    puts("FAIL priv-mix: unexpected trap, scause ");
    puthex(f->scause);
    puts(" sepc ");
    puthex(f->sepc);
    puts(" stval ");
    puthex(f->stval);
    puts("\nhv-test priv-mix: failed\n");
    sbi_power_off(2);
}

static unsigned long address_space(unsigned long *data) {
    pte_t *root = table_alloc();
    map_giga(root, DRAM_BASE, DRAM_BASE, PTE_R | PTE_W | PTE_X);
    if (!map_page(root, UART0, UART0, PTE_R | PTE_W)
        || !map_page(root, VA_CODE, (unsigned long)user_mix, PTE_R | PTE_X | PTE_U)
        || !map_page(root, VA_DATA, (unsigned long)data, PTE_R | PTE_W | PTE_U)) return 0;
    return satp_for(root);
}

void main(unsigned long hartid, unsigned long fdt) {
    (void)hartid;
    (void)fdt;
    page_a[0] = 1;
    page_b[0] = 2;
    satp_a = address_space(page_a);
    satp_b = address_space(page_b);
    if (!satp_a || !satp_b) {
        fail("syscalls", "page-table pool exhausted");
        sbi_power_off(summary("priv-mix"));
    }
    satp_now = satp_a;
    csr_write(satp, satp_now);
    sfence_all();
    long r = enter_user(VA_CODE, TICKS);
    csr_write(satp, 0);
    sfence_all();

    puts("priv-mix: ticks=");
    putdec(ticks);
    puts(" exits=");
    putdec(r == 1);
    puts(" satp-switches=");
    putdec(switches);
    puts(" sum=");
    putdec(exit_value);
    putc('\n');
    if (r != 1) fail_value("syscalls", "the process did not exit; enter_user returned", (unsigned long)r);
    else if (bad_ticks) fail_value("syscalls", "ticks with the wrong a0:", bad_ticks);
    else check("syscalls", ticks == TICKS, "ticks:", ticks);
    if (switches != TICKS / 2) fail_value("satp-switch", "switches:", switches);
    else check("satp-switch", exit_value == TICKS / 2 * 1 + TICKS / 2 * 2, "the process summed", exit_value);
    sbi_power_off(summary("priv-mix"));
}
