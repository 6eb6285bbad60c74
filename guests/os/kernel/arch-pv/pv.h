/* pv.h - the VirtLab paravirtual ABI, version 1: hypercall numbers, errors, event channels,
 * the shared per-vCPU page and the page-table request format. docs/hypercalls.md is the
 * reference; the hypervisor's side is engine/.../hypervisor/para (ParaAbi.java mirrors every
 * number here, and ParaAbiTest compares them). Keep the `#define NAME value` form.
 *
 * Calling convention: `ecall` in virtual kernel mode with a7 = hypercall number and a0..a5
 * the arguments; the result comes back in a0 (negative: -PV_E*), a second value in a1; every
 * other register is preserved and execution continues after the ecall. Addresses are
 * guest-physical (the kernel's own addresses: it maps RAM one to one) except in the MMU
 * calls, which speak machine addresses because page-table entries hold machine frames.
 */
#ifndef PV_H
#define PV_H

#define PV_ABI_VERSION        1

/* --- hypercalls --- */
#define HC_CONSOLE_WRITE      0     /* (buf, len) -> bytes written */
#define HC_CONSOLE_READ       1     /* (buf, len) -> bytes read; 0 when no input waits */
#define HC_SET_TIMER          2     /* (deadline) -> 0: one event on channel 0 at machine time deadline; -1 cancels */
#define HC_SET_CALLBACKS      3     /* (user trap entry, syscall entry, kernel trap entry) -> 0 */
#define HC_IRET               4     /* () resumes the context saved in the vCPU info page; does not return */
#define HC_REGISTER_VCPU_INFO 5     /* (page) -> 0: this vCPU's shared info page */
#define HC_EVENT_CHECK        6     /* () -> 0: pending unmasked events are delivered on the way back */
#define HC_SET_USER_SLOTS     7     /* (first root index, count) -> 0: the root entries user mode sees */
#define HC_MMU_UPDATE         8     /* (requests, count) -> count, or -error with a1 = index of the refused request */
#define HC_MMU_PIN            9     /* (machine address, level 2/1/0) -> 0: validate and pin a page-table page */
#define HC_MMU_UNPIN          10    /* (machine address) -> 0 */
#define HC_MMU_NEW_BASEPTR    11    /* (machine address of a pinned root) -> 0: switch address space */
#define HC_TLB_FLUSH          12    /* (va or -1 for all, vCPU mask; 0 = this vCPU) -> 0 */
#define HC_YIELD              13    /* () -> 0: give up the rest of the time slice */
#define HC_BLOCK              14    /* () -> 0: sleep until an event is pending (masked or not) */
#define HC_VCPU_UP            15    /* (vcpu, entry, arg) -> 0: start a stopped vCPU in kernel mode */
#define HC_VCPU_DOWN          16    /* () stops this vCPU */
#define HC_SHUTDOWN           17    /* (reason, status) power off (0), reboot (1) or crash (2) */
#define HC_COUNT              18

#define PV_SHUTDOWN_POWEROFF  0
#define PV_SHUTDOWN_REBOOT    1
#define PV_SHUTDOWN_CRASH     2

/* --- errors, returned negated (Linux errno values) --- */
#define PV_EPERM              1     /* refused by page-table validation */
#define PV_ENOMEM             12    /* the hypervisor's pool for this domain is full */
#define PV_EFAULT             14    /* an address is not the domain's RAM */
#define PV_EBUSY              16    /* a page is in use: pinned, still referenced, or a current root */
#define PV_EINVAL             22    /* a malformed argument */
#define PV_ENOSYS             38    /* no such hypercall */

/* --- HC_MMU_UPDATE requests: { ptr | op, val }; ptr is 8-byte aligned, op in its low bits --- */
#define PV_MMU_PT_UPDATE      0     /* ptr: machine address of an entry in a pinned table; val: the new entry */
#define PV_MMU_PIN            1     /* ptr: machine address of a page; val: its level */
#define PV_MMU_UNPIN          2     /* ptr: machine address of a pinned page */
#define PV_MMU_OP_MASK        7
#define PV_MMU_MAX_BATCH      1024

/* --- event channels: bit n of the pending word --- */
#define PV_EVENT_TIMER        0     /* this vCPU's one-shot timer (HC_SET_TIMER) */
#define PV_EVENT_CONSOLE      10    /* console input waits (HC_CONSOLE_READ); the board's UART0 IRQ */
/* Channel n, 1 <= n < 32, is the board's interrupt source n: virtio slot i is 1 + i. Device and
 * console events go to vCPU 0, which sees them in the pending word of its info page. */

/* --- the shared per-vCPU info page (HC_REGISTER_VCPU_INFO); byte offsets --- */
#define PV_INFO_MASK          0     /* guest: nonzero = events masked (a plain store, no hypercall) */
#define PV_INFO_PENDING       8     /* hypervisor sets bit n when channel n fires; guest clears with an AMO */
#define PV_INFO_EPC           16    /* pc of the interrupted context */
#define PV_INFO_CAUSE         24    /* scause-style cause of the bounce; PV_CAUSE_EVENT for an upcall */
#define PV_INFO_TVAL          32    /* faulting address, or the instruction bits */
#define PV_INFO_STATUS        40    /* PV_STATUS_SPP: came from kernel mode; PV_STATUS_SPIE: events were unmasked */
#define PV_INFO_SCRATCH       48    /* swapped with sp on every bounce from and HC_IRET to user mode */
#define PV_INFO_A7            56    /* HC_IRET restores a7 from here */
#define PV_STATUS_SPIE        0x20
#define PV_STATUS_SPP         0x100
#define PV_CAUSE_EVENT        0x8000000000000010

#ifndef __ASSEMBLER__
#include "types.h"

struct pv_vcpu_info {
    volatile uint64 mask;
    volatile uint64 pending;
    uint64 epc, cause, tval, status, scratch, a7;
};

struct pv_mmu_req {
    uint64 ptr;
    uint64 val;
};
#endif
#endif
