/* arch.h - the architecture layer: every privileged service the kernel uses, in one place.
 *
 * Nothing outside kernel/arch/ executes a CSR instruction, an sfence, an SBI call or
 * touches a page-table entry directly. This is the seam a paravirtual build replaces with
 * hypercalls (shared/DESIGN.md section 3, "para"): implement these functions against the
 * hypervisor and the rest of the kernel is unchanged.
 *
 *   entry.S    _start (S-mode via SBI, or M-mode start stub for --bios none), hart entry
 *   trapvec.S  trap entry and return (user and kernel), the trap frame layout
 *   swtch.S    kernel context switch
 *   arch.c     CSRs, timer, console, TLB fences, page-table updates, harts, power
 */
#ifndef ARCH_H
#define ARCH_H
#include "types.h"
#include "arch/riscv.h"

/* The registers a trap from user mode saves; the offsets are used by trapvec.S. */
struct trapframe {
    uint64 kernel_sp;   /*   0: top of this process's kernel stack */
    uint64 kernel_tp;   /*   8: the hart's id, for mycpu() */
    uint64 epc;         /*  16: user pc */
    uint64 x[32];       /*  24: x[i] is register xi; x[0] unused */
};
#define REG_RA 1
#define REG_SP 2
#define REG_A0 10

/* Callee-saved registers of a kernel thread, saved by swtch(). */
struct context {
    uint64 ra, sp;
    uint64 s[12];
};

/* --- boot and harts --- */
void   arch_init_hart(int hartid);          /* trap vector, interrupt enables, counters */
int    arch_has_sbi(void);                  /* 0 when booted with --bios none */
int    arch_start_hart(int hartid);         /* start a secondary hart at arch_hart_entry */
void   arch_poweroff(int status) __attribute__((noreturn));

/* --- interrupts --- */
void   arch_intr_on(void);
void   arch_intr_off(void);
int    arch_intr_enabled(void);
void   arch_wait_for_interrupt(void);

/* --- timer (Sstc when present, SBI TIME otherwise) --- */
uint64 arch_time(void);                     /* 10 MHz ticks */
void   arch_timer_set(uint64 when);
void   arch_timer_use_sstc(int on);
const char *arch_timer_kind(void);

/* --- console (polled output, for printf and echo) --- */
void   arch_console_putc(int c);

/* --- address translation --- */
void   arch_set_pagetable(pagetable_t pt);  /* satp + full fence */
/* satp with an address-space ID; fence that ASID first when `fresh` (its translations may be stale) */
void   arch_switch_pagetable(pagetable_t pt, int asid, int fresh);
void   arch_pte_set(pte_t *pte, pte_t value);
/* Page-table pages: a zeroed table for level 2 (a root), 1 or 0, or null; and its release. A
 * paravirtual kernel registers (pins) them with the hypervisor; natively they are plain pages. */
/* Between arch_lazy_mmu(1) and arch_lazy_mmu(0) writes of leaf entries may be deferred and sent
 * together (Linux's "lazy MMU mode"): the caller must not read back a leaf it wrote meanwhile. */
#ifdef PV
pagetable_t arch_pt_alloc(int level);
void   arch_pt_free(pagetable_t pt, int level);
void   arch_lazy_mmu(int on);
#else
#define arch_pt_alloc(level) ((pagetable_t)kalloc())
#define arch_pt_free(pt, level) kfree(pt)
#define arch_lazy_mmu(on) ((void)0)
#endif
void   arch_flush_tlb(void);
void   arch_flush_tlb_page(uint64 va);

/* --- traps --- */
struct trap_info { uint64 cause, value, pc, status; };
struct trap_info arch_trap_info(void);
void   arch_trap_restore(const struct trap_info *t);   /* before returning from a kernel trap */
void   arch_return_to_user(struct trapframe *tf) __attribute__((noreturn));
void   arch_trap_init_frame(struct trapframe *tf, uint64 kstack_top, int hartid);

/* swtch.S */
void   swtch(struct context *old, struct context *new);
#endif
