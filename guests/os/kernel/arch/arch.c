/* arch.c - the native implementation of the architecture layer (arch.h): CSRs, the timer,
 * the console, TLB fences, page-table updates, hart start and power-off, using the SBI
 * (riscv-sbi-doc v2.0) when firmware is present and the hardware directly otherwise. */
#include "types.h"
#include "memlayout.h"
#include "arch/arch.h"
#include "defs.h"

/* Set by the M-mode start stub in entry.S when there is no firmware (--bios none). */
int arch_no_sbi;
static int use_sstc;

extern char trap_vector[];
extern char arch_hart_entry[];
extern void trap_return_asm(struct trapframe *tf) __attribute__((noreturn));

/* --- SBI calls: a7 = extension, a6 = function, a0..a5 arguments; a0 = error, a1 = value --- */
#define SBI_EXT_TIME 0x54494D45
#define SBI_EXT_HSM  0x48534D
#define SBI_EXT_SRST 0x53525354

struct sbiret { long error, value; };

static struct sbiret sbi_call(long ext, long fn, long a0, long a1, long a2)
{
    register long r0 asm("a0") = a0;
    register long r1 asm("a1") = a1;
    register long r2 asm("a2") = a2;
    register long r6 asm("a6") = fn;
    register long r7 asm("a7") = ext;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r6), "r"(r7) : "memory");
    return (struct sbiret){ r0, r1 };
}

int arch_has_sbi(void) { return !arch_no_sbi; }

void arch_init_hart(int hartid)
{
    (void)hartid;
    csr_write(stvec, (uint64)trap_vector);
    csr_write(sscratch, 0);
    csr_write(scounteren, 7);                 /* user programs may read cycle, time, instret */
    csr_write(sie, SIE_SEIE | SIE_STIE | SIE_SSIE);
}

int arch_start_hart(int hartid)
{
    if (arch_no_sbi) return -1;
    return (int)sbi_call(SBI_EXT_HSM, 0, hartid, (long)arch_hart_entry, 0).error;
}

void arch_poweroff(int status)
{
    if (!arch_no_sbi)
        sbi_call(SBI_EXT_SRST, 0, 0, status ? 1 : 0, 0);     /* shutdown; reason 1 = failure */
    *(volatile uint32 *)TEST_FINISHER_BASE = status ? ((uint32)status << 16) | 0x3333 : 0x5555;
    for (;;) asm volatile("wfi");
}

void arch_intr_on(void)  { csr_set(sstatus, SSTATUS_SIE); }
void arch_intr_off(void) { csr_clear(sstatus, SSTATUS_SIE); }
int  arch_intr_enabled(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }
void arch_wait_for_interrupt(void) { asm volatile("wfi"); }

uint64 arch_time(void) { return csr_read(time); }

void arch_timer_use_sstc(int on) { use_sstc = on || arch_no_sbi; }
const char *arch_timer_kind(void) { return use_sstc ? "Sstc" : "SBI TIME"; }

void arch_timer_set(uint64 when)
{
    if (use_sstc) csr_write(0x14D, when);     /* stimecmp */
    else sbi_call(SBI_EXT_TIME, 0, (long)when, 0, 0);
}

void arch_console_putc(int c) { uart_putc_sync(c); }

void arch_set_pagetable(pagetable_t pt)
{
    asm volatile("sfence.vma zero, zero" ::: "memory");
    csr_write(satp, MAKE_SATP(pt));
    asm volatile("sfence.vma zero, zero" ::: "memory");
}

/* Switching with an ASID keeps every address space's TLB entries (privileged spec, "Supervisor
 * Address Translation and Protection Register"): no fence unless this hart may hold stale ones
 * for that ASID. */
void arch_switch_pagetable(pagetable_t pt, int asid, int fresh)
{
    csr_write(satp, MAKE_SATP(pt) | ((uint64)asid << 44));
    if (fresh) asm volatile("sfence.vma zero, %0" :: "r"((uint64)asid) : "memory");
}

void arch_pte_set(pte_t *pte, pte_t value) { *pte = value; }
void arch_flush_tlb(void) { asm volatile("sfence.vma zero, zero" ::: "memory"); }
void arch_flush_tlb_page(uint64 va) { asm volatile("sfence.vma %0, zero" :: "r"(va) : "memory"); }

struct trap_info arch_trap_info(void)
{
    return (struct trap_info){ csr_read(scause), csr_read(stval), csr_read(sepc), csr_read(sstatus) };
}

void arch_trap_restore(const struct trap_info *t)
{
    csr_write(sepc, t->pc);
    csr_write(sstatus, t->status);
}

void arch_trap_init_frame(struct trapframe *tf, uint64 kstack_top, int hartid)
{
    tf->kernel_sp = kstack_top;
    tf->kernel_tp = hartid;
}

void arch_return_to_user(struct trapframe *tf)
{
    uint64 s = csr_read(sstatus);
    s &= ~(SSTATUS_SPP | SSTATUS_SIE);
    s |= SSTATUS_SPIE;                        /* interrupts on once in user mode */
    csr_write(sstatus, s);
    trap_return_asm(tf);
}
