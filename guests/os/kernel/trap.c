/* trap.c - what happens on a trap: system calls, page faults, device and timer interrupts.
 * Entry and exit in assembly are in arch/trapvec.S. */
#include "defs.h"
#include "memlayout.h"

static const char *exception_name(uint64 cause)
{
    switch (cause) {
    case EXC_INST_MISALIGNED: return "misaligned instruction";
    case EXC_INST_ACCESS:     return "instruction access fault";
    case EXC_ILLEGAL:         return "illegal instruction";
    case EXC_BREAKPOINT:      return "breakpoint";
    case EXC_LOAD_ACCESS:     return "load access fault";
    case EXC_STORE_ACCESS:    return "store access fault";
    case EXC_INST_PAGE:       return "instruction page fault";
    case EXC_LOAD_PAGE:       return "load page fault";
    case EXC_STORE_PAGE:      return "store page fault";
    default:                  return "exception";
    }
}

static uint64 tick_interval(void) { return TIMEBASE_HZ / TICK_HZ; }

/* A timer interrupt: schedule the next one; hart 0 keeps the global clock. */
static void timer_tick(void)
{
    struct cpu *c = mycpu();
    arch_timer_set(arch_time() + tick_interval());
    c->ticks++;
    if (!c->proc) c->idle_ticks++;
    if (c->hartid == 0) {
        ticks++;
        wakeup((void *)&ticks);
    }
}

static void device_interrupt(void)
{
    int hart = mycpu()->hartid;
    int irq = plic_claim(hart);
    if (irq == UART0_IRQ) uart_intr();
    else if (irq && irq == virtio_blk_irq) virtio_blk_intr();
    if (irq) plic_complete(hart, irq);
}

void user_trap(struct trapframe *tf)
{
    (void)tf;
    acquire(&kernel_lock);
    struct proc *p = myproc();
    struct trap_info t = arch_trap_info();
    if (t.cause & SCAUSE_INTERRUPT) {
        uint64 irq = t.cause & ~SCAUSE_INTERRUPT;
        if (irq == IRQ_S_TIMER) {
            timer_tick();
            p->cpu_ticks++;
            if (!p->killed) yield();
        } else if (irq == IRQ_S_EXT) {
            device_interrupt();
        }
    } else if (t.cause == EXC_ECALL_U) {
        p->tf->epc += 4;
        syscall();
    } else if ((t.cause == EXC_LOAD_PAGE || t.cause == EXC_STORE_PAGE) && vm_fault(t.value) == 0) {
        /* heap or stack page mapped on demand */
    } else {
        uint64 perm = uvm_perm(p->pagetable, t.value);
        const char *why = t.cause == EXC_STORE_PAGE && perm && !(perm & PTE_W)
                              ? (perm & PTE_X ? " (read-only program text)" : " (read-only data)")
                          : t.cause == EXC_INST_PAGE && perm && !(perm & PTE_X) ? " (not executable)" : "";
        printf("%s[%d]: %s at address 0x%lx%s, pc 0x%lx: killed\n", p->name, p->pid,
               exception_name(t.cause), t.value, why, t.pc);
        p->killed = 1;
        p->xstatus = -1;
    }
    if (p->killed) exit(-1);
    user_return();
}

/* Back to user mode; called with the kernel lock held, releases it. */
void user_return(void)
{
    struct proc *p = myproc();
    arch_intr_off();
    arch_trap_init_frame(p->tf, (uint64)p->tf & ~15UL, mycpu()->hartid);   /* the stack grows down below the frame */
    release(&kernel_lock);
    arch_return_to_user(p->tf);
}

/* A trap in supervisor mode: an interrupt in the idle loop, or a kernel bug. */
void kernel_trap(void)
{
    struct trap_info t = arch_trap_info();
    if (!(t.cause & SCAUSE_INTERRUPT)) {
        printf("kernel trap: %s, scause 0x%lx stval 0x%lx sepc 0x%lx\n", exception_name(t.cause),
               t.cause, t.value, t.pc);
        panic("kernel trap");
    }
    acquire(&kernel_lock);
    uint64 irq = t.cause & ~SCAUSE_INTERRUPT;
    if (irq == IRQ_S_TIMER) timer_tick();
    else if (irq == IRQ_S_EXT) device_interrupt();
    release(&kernel_lock);
    arch_trap_restore(&t);
}
