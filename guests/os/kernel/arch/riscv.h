/* riscv.h - RISC-V privileged architecture definitions for the S-mode kernel: CSR access,
 * status bits, Sv39 page-table entries. Only arch/ code and the trap handler use these;
 * the rest of the kernel goes through arch.h. (RISC-V Privileged Architecture, chapters
 * "Supervisor-Level ISA" and "Sv39".) */
#ifndef RISCV_H
#define RISCV_H
#include "types.h"

#define csr_read(csr) ({ uint64 v_; asm volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) asm volatile("csrw " #csr ", %0" :: "rK"((uint64)(v)) : "memory")
#define csr_set(csr, v)   asm volatile("csrs " #csr ", %0" :: "rK"((uint64)(v)) : "memory")
#define csr_clear(csr, v) asm volatile("csrc " #csr ", %0" :: "rK"((uint64)(v)) : "memory")

/* sstatus */
#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_SUM  (1UL << 18)

/* sie / sip */
#define SIE_SSIE (1UL << 1)
#define SIE_STIE (1UL << 5)
#define SIE_SEIE (1UL << 9)

/* scause */
#define SCAUSE_INTERRUPT (1UL << 63)
#define IRQ_S_SOFT   1
#define IRQ_S_TIMER  5
#define IRQ_S_EXT    9
#define EXC_INST_MISALIGNED 0
#define EXC_INST_ACCESS     1
#define EXC_ILLEGAL         2
#define EXC_BREAKPOINT      3
#define EXC_LOAD_ACCESS     5
#define EXC_STORE_ACCESS    7
#define EXC_ECALL_U         8
#define EXC_INST_PAGE       12
#define EXC_LOAD_PAGE       13
#define EXC_STORE_PAGE      15

/* Sv39 */
#define PGSIZE  4096UL
#define PGSHIFT 12
#define PGROUNDUP(a)   (((a) + PGSIZE - 1) & ~(PGSIZE - 1))
#define PGROUNDDOWN(a) ((a) & ~(PGSIZE - 1))
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#ifdef PV
/* Direct paging (arch-pv): entries hold machine frames; guest-physical RAM is one block of
 * machine memory, so the translation is an offset the hypervisor gives at boot. */
extern uint64 pv_p2m_offset;
#define PA2PTE(pa) ((((uint64)(pa) + pv_p2m_offset) >> 12) << 10)
#define PTE2PA(pte) (((((pte) >> 10) << 12)) - pv_p2m_offset)
#else
#define PA2PTE(pa) (((uint64)(pa) >> 12) << 10)
#define PTE2PA(pte) (((pte) >> 10) << 12)
#endif
#define PX(level, va) ((((uint64)(va)) >> (12 + 9 * (level))) & 0x1FF)
#define SATP_SV39 (8UL << 60)
#define MAKE_SATP(pt) (SATP_SV39 | ((uint64)(pt) >> 12))

typedef uint64 pte_t;
typedef uint64 *pagetable_t;   /* 512 PTEs */
#endif
