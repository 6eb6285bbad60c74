/* arch.c - the paravirtual implementation of the architecture layer (../arch/arch.h): the
 * same services as ../arch/arch.c, asked of the VirtLab hypervisor by hypercall instead of
 * done with privileged instructions (docs/hypercalls.md). Page tables are in mmu.c, the
 * console in hvc.c, device interrupts (event channels) in events.c.
 *
 * Interrupts become events: "interrupts off" is a plain store to the mask word of this vCPU's
 * shared info page, and the hypervisor looks at that word before it delivers an event, so
 * turning events off and on costs no hypercall. */
#include "types.h"
#include "memlayout.h"
#include "arch/arch.h"
#include "arch-pv/hypercall.h"
#include "defs.h"

extern void pv_user_trap(void), pv_syscall_entry(void), pv_kernel_trap(void);
extern void pv_return_to_user(struct trapframe *tf) __attribute__((noreturn));
extern char arch_hart_entry[];
extern void kmain(uint64 hartid, uint64 dtb);

/* One shared info page per vCPU, registered by arch_init_hart. */
union pv_info_page {
    struct pv_vcpu_info v;
    char page[PGSIZE];
};
union pv_info_page pv_info[NCPU] __attribute__((aligned(PGSIZE)));

struct pv_vcpu_info *pv_vcpu_info(int hartid) { return &pv_info[hartid].v; }

static inline struct pv_vcpu_info *me(void) { return &pv_info[pv_hart()].v; }

/* Called by entry.S on vCPU 0: learn where RAM is in machine memory, say which root entries
 * belong to user mode, and boot. */
void pv_boot(uint64 hartid, uint64 dtb, uint64 machine_base)
{
    pv_p2m_offset = machine_base - DRAM_BASE;
    pv_info[hartid].v.mask = 1;
    hypercall(HC_SET_USER_SLOTS, PX(2, USER_BASE), (USER_TOP - USER_BASE) >> 30, 0);
    printf("\nvirtlab-os: paravirtualized: PV ABI %d, RAM at machine address 0x%lx\n", PV_ABI_VERSION, machine_base);
    kmain(hartid, dtb);
}

int arch_has_sbi(void) { return 1; }      /* the hypervisor starts vCPUs (HC_VCPU_UP) */

void arch_init_hart(int hartid)
{
    pv_info[hartid].v.mask = 1;
    if (hypercall(HC_REGISTER_VCPU_INFO, (long)&pv_info[hartid], 0, 0) < 0) panic("hypervisor refused the vCPU info page");
    hypercall(HC_SET_CALLBACKS, (long)pv_user_trap, (long)pv_syscall_entry, (long)pv_kernel_trap);
}

int arch_start_hart(int hartid)
{
    return (int)hypercall(HC_VCPU_UP, hartid, (long)arch_hart_entry, 0);
}

void arch_poweroff(int status)
{
    pv_console_flush();
    hypercall(HC_SHUTDOWN, PV_SHUTDOWN_POWEROFF, status, 0);
    for (;;) hypercall(HC_BLOCK, 0, 0, 0);
}

/* --- events: the mask word of the shared info page --- */
void arch_intr_off(void)
{
    me()->mask = 1;
    asm volatile("" ::: "memory");
}

void arch_intr_on(void)
{
    struct pv_vcpu_info *v = me();
    v->mask = 0;
    __sync_synchronize();                     /* the store before the load: no lost event */
    if (v->pending) hypercall(HC_EVENT_CHECK, 0, 0, 0);
}

int arch_intr_enabled(void) { return me()->mask == 0; }

void arch_wait_for_interrupt(void)
{
    pv_console_flush();
    if (!me()->pending) hypercall(HC_BLOCK, 0, 0, 0);
}

/* --- time: reading the time counter is not privileged (Zicntr) --- */
uint64 arch_time(void)
{
    uint64 t;
    asm volatile("rdtime %0" : "=r"(t));
    return t;
}

void arch_timer_use_sstc(int on) { (void)on; }
const char *arch_timer_kind(void) { return "PV timer"; }
void arch_timer_set(uint64 when) { hypercall(HC_SET_TIMER, (long)when, 0, 0); }

/* --- traps --- */
struct trap_info arch_trap_info(void)
{
    struct pv_vcpu_info *v = me();
    uint64 cause = v->cause;
    if (cause == PV_CAUSE_EVENT) {
        /* An upcall: the timer first (the kernel's tick), else a device (events.c claims it). */
        if (v->pending & (1UL << PV_EVENT_TIMER)) {
            __atomic_fetch_and(&v->pending, ~(1UL << PV_EVENT_TIMER), __ATOMIC_SEQ_CST);
            cause = SCAUSE_INTERRUPT | IRQ_S_TIMER;
        } else {
            cause = SCAUSE_INTERRUPT | IRQ_S_EXT;
        }
    }
    return (struct trap_info){ cause, v->tval, v->epc, v->status };
}

void arch_trap_restore(const struct trap_info *t)
{
    struct pv_vcpu_info *v = me();
    v->epc = t->pc;
    v->status = t->status;
}

void arch_trap_init_frame(struct trapframe *tf, uint64 kstack_top, int hartid)
{
    tf->kernel_sp = kstack_top;
    tf->kernel_tp = hartid;
}

void arch_return_to_user(struct trapframe *tf)
{
    pv_console_flush();
    pv_return_to_user(tf);
}
