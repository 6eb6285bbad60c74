/* hypercall.h - making a hypercall (pv.h, docs/hypercalls.md): ecall in virtual kernel mode,
 * a7 = number, a0..a2 arguments, a0 = result (negative: -PV_E*), a1 = a second result. */
#ifndef HYPERCALL_H
#define HYPERCALL_H
#include "types.h"
#include "arch-pv/pv.h"

struct hcret { long value, extra; };

static inline struct hcret hypercall3(long nr, long a0, long a1, long a2)
{
    register long r0 asm("a0") = a0;
    register long r1 asm("a1") = a1;
    register long r2 asm("a2") = a2;
    register long r7 asm("a7") = nr;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r7) : "memory");
    return (struct hcret){ r0, r1 };
}

static inline long hypercall(long nr, long a0, long a1, long a2) { return hypercall3(nr, a0, a1, a2).value; }

/* This hart's id: the kernel keeps it in tp (entry.S, trapvec.S). Cheaper than mycpu() on the
 * paths every system call takes. */
static inline int pv_hart(void)
{
    uint64 id;
    asm volatile("mv %0, tp" : "=r"(id));
    return (int)id;
}

/* A hart's shared info page (arch.c). */
extern struct pv_vcpu_info *pv_vcpu_info(int hartid);

/* Page-table plumbing shared by arch.c and mmu.c. */
void pv_console_flush(void);
#endif
