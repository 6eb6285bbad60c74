/* m-start: the S-mode half of a kernel that boots itself from M-mode (m-entry.S has the
 * M-mode half). After the mret it checks, printing one line each:
 *
 *   mret-to-S    it runs in S-mode: sstatus is readable, satp is 0 as M-mode left it, and
 *                reading mhartid raises an illegal-instruction exception that medeleg sends
 *                to this S-mode handler;
 *   paging       an Sv39 table (a gigapage identity map of RAM, the UART and test finisher
 *                pages, a U page with the user code, an alias page) is live: a word written
 *                through the alias is seen at the physical page;
 *   timer-ticks  three ticks arrive as supervisor software interrupts raised by M-mode's
 *                timer vector, with WFI between them;
 *   user-ecall   U-mode code on the U page makes an ecall that arrives here with cause 8.
 *
 * Then it powers off through the test finisher: status 0 only if all four passed. */
#include "hv.h"
#include "sv39.h"
#include "frame.h"

#define VA_USER  0x40000000UL
#define VA_ALIAS 0x40001000UL
#define TICKS    3

extern char user_page[];
static unsigned long alias_page[512] __attribute__((aligned(4096)));

static volatile int ticks;
static volatile int expecting_illegal, illegal_seen;
static volatile unsigned long user_a0, user_epc;

void trap(struct frame *f) {
    if (f->scause == (CAUSE_INTERRUPT | 1)) {          /* supervisor software interrupt */
        csr_clear(sip, SIP_SSIP);
        if (++ticks == TICKS) csr_clear(sie, SIP_SSIP);
        return;
    }
    if (f->scause == CAUSE_ILLEGAL && expecting_illegal) {
        illegal_seen++;
        f->sepc += 4;                                   /* CSR instructions are 4 bytes */
        return;
    }
    if (f->scause == CAUSE_ECALL_U) {
        user_a0 = f->x[REG_A0];
        user_epc = f->sepc;
        leave_user(1);
    }
    puts("FAIL m-start: unexpected trap, scause ");
    puthex(f->scause);
    puts(" sepc ");
    puthex(f->sepc);
    puts(" stval ");
    puthex(f->stval);
    puts("\nhv-test m-start: failed\n");
    finish(2);
}

static void check_supervisor(void) {
    (void)csr_read(sstatus);
    unsigned long satp = csr_read(satp);
    expecting_illegal = 1;
    unsigned long hartid = csr_read(mhartid);
    expecting_illegal = 0;
    (void)hartid;
    if (satp != 0) fail_value("mret-to-S", "satp is not 0 after mret:", satp);
    else check("mret-to-S", illegal_seen == 1, "reading mhartid did not trap to S-mode; traps:", illegal_seen);
}

static void check_paging(void) {
    pte_t *root = table_alloc();
    map_giga(root, DRAM_BASE, DRAM_BASE, PTE_R | PTE_W | PTE_X);
    int ok = map_page(root, UART0, UART0, PTE_R | PTE_W) && map_page(root, FINISHER, FINISHER, PTE_R | PTE_W)
          && map_page(root, VA_USER, (unsigned long)user_page, PTE_R | PTE_X | PTE_U)
          && map_page(root, VA_ALIAS, (unsigned long)alias_page, PTE_R | PTE_W);
    if (!ok) { fail("paging", "page-table pool exhausted"); return; }
    volatile unsigned long *physical = &alias_page[7];
    *physical = 0;
    csr_write(satp, satp_for(root));
    sfence_all();
    REG64(VA_ALIAS + 7 * 8) = 0x600dcafe;
    check("paging", *physical == 0x600dcafe && csr_read(satp) == satp_for(root),
          "a store through the alias did not reach the page:", *physical);
}

static void check_timer(void) {
    csr_set(sie, SIP_SSIP);
    csr_set(sstatus, SSTATUS_SIE);
    while (ticks < TICKS) __asm__ volatile("wfi");
    csr_clear(sstatus, SSTATUS_SIE);
    check("timer-ticks", ticks == TICKS, "ticks:", (unsigned long)ticks);
}

static void check_user(void) {
    long r = enter_user(VA_USER, 0);
    if (r != 1) fail_value("user-ecall", "enter_user returned", (unsigned long)r);
    else if (user_epc != VA_USER + 8) fail_value("user-ecall", "ecall at the wrong pc:", user_epc);
    else check("user-ecall", user_a0 == 0x55, "a0 at the ecall was", user_a0);
}

void s_main(unsigned long hartid, unsigned long fdt) {
    (void)hartid;
    (void)fdt;
    csr_write(stvec, trap_entry);
    check_supervisor();
    check_paging();
    check_timer();
    check_user();
    finish(summary("m-start"));
}
