/* proc.c - processes and the scheduler.
 *
 * Each hart runs scheduler(): it picks the next RUNNABLE process round-robin and swtch()es
 * to it; the process gives the hart back through sched() when it sleeps, yields (timer
 * tick) or exits. The big kernel lock is held across every swtch, so a process always
 * resumes with it held, and releases it only on the way back to user mode (trap.c). */
#include "defs.h"
#include "memlayout.h"

struct proc proc[NPROC];
struct cpu cpus[NCPU];
volatile uint64 ticks;               /* 10 ms timer ticks since boot, counted by hart 0 */
static int next_pid = 1;
static struct proc *init_proc;
static int rr_next;                  /* where the round-robin search starts */

struct cpu *mycpu(void)
{
    uint64 id;
    asm volatile("mv %0, tp" : "=r"(id));
    return &cpus[id];
}

struct proc *myproc(void) { return mycpu()->proc; }

void proc_init(void)
{
    for (int i = 0; i < NCPU; i++) cpus[i].hartid = i;
}

int nprocs(void)
{
    int n = 0;
    for (struct proc *p = proc; p < &proc[NPROC]; p++) n += p->state != UNUSED;
    return n;
}

static void first_return(void);

/* A fresh process slot with a kernel stack and an empty address space, or null. */
static struct proc *alloc_proc(void)
{
    struct proc *p;
    for (p = proc; p < &proc[NPROC]; p++)
        if (p->state == UNUSED) break;
    if (p == &proc[NPROC]) return 0;
    char *kstack = kalloc();
    pagetable_t pt = kstack ? uvm_create() : 0;
    if (!pt) {
        if (kstack) kfree(kstack);
        return 0;
    }
    memset(p, 0, sizeof *p);
    p->state = EMBRYO;
    p->pid = next_pid++;
    p->pagetable = pt;
    p->asid_gen = ++asid_generation;
    p->last_hart = -1;
    p->kstack = kstack;
    uint64 top = (uint64)kstack + PGSIZE;
    p->tf = (struct trapframe *)(top - sizeof(struct trapframe));
    p->context.ra = (uint64)first_return;
    p->context.sp = (uint64)p->tf - 16;
    p->start_tick = ticks;
    return p;
}

static void free_proc(struct proc *p)
{
    uvm_free(p->pagetable);
    kfree(p->kstack);
    p->state = UNUSED;
    p->pid = 0;
}

/* A new process's first swtch lands here, with the kernel lock held. */
static void first_return(void)
{
    struct proc *p = myproc();
    if (p == init_proc && p->image_end == 0) {
        char *argv[] = { "init", 0 };
        if (exec("/bin/init", argv) < 0) panic("cannot run /bin/init");
    }
    user_return();
}

void user_init(void)
{
    struct proc *p = alloc_proc();
    init_proc = p;
    strcpy(p->name, "init");
    p->cwd = namei("/");
    inode_ref(p->cwd);
    p->nointr = 1;
    p->state = RUNNABLE;
}

int fork(void)
{
    struct proc *parent = myproc(), *child = alloc_proc();
    if (!child) return -1;
    if (uvm_copy(parent->pagetable, child->pagetable) < 0) {
        free_proc(child);
        return -1;
    }
    *child->tf = *parent->tf;
    child->tf->x[REG_A0] = 0;
    child->image_end = parent->image_end;
    child->brk = parent->brk;
    child->npages = parent->npages;
    child->nointr = parent->nointr;
    for (int i = 0; i < NOFILE; i++)
        if (parent->ofile[i]) child->ofile[i] = file_dup(parent->ofile[i]);
    child->cwd = parent->cwd;
    inode_ref(child->cwd);
    strcpy(child->name, parent->name);
    child->parent = parent;
    child->state = RUNNABLE;
    return child->pid;
}

void exit(int status)
{
    struct proc *p = myproc();
    if (p == init_proc) panic("init exited");
    for (int i = 0; i < NOFILE; i++)
        if (p->ofile[i]) { file_close(p->ofile[i]); p->ofile[i] = 0; }
    inode_put(p->cwd);
    p->cwd = 0;
    for (struct proc *c = proc; c < &proc[NPROC]; c++)
        if (c->parent == p) {
            c->parent = init_proc;
            if (c->state == ZOMBIE) wakeup(init_proc);
        }
    p->xstatus = status;
    p->state = ZOMBIE;
    wakeup(p->parent);
    sched();
    panic("zombie ran");
}

int wait(uint64 status_addr)
{
    struct proc *p = myproc();
    for (;;) {
        int children = 0;
        for (struct proc *c = proc; c < &proc[NPROC]; c++) {
            if (c->parent != p) continue;
            children = 1;
            if (c->state == ZOMBIE) {
                int pid = c->pid;
                if (status_addr && copyout(status_addr, &c->xstatus, sizeof(int)) < 0) return -1;
                c->parent = 0;
                free_proc(c);
                return pid;
            }
        }
        if (!children || p->killed) return -1;
        sleep_on(p);
    }
}

int kill(int pid)
{
    for (struct proc *p = proc; p < &proc[NPROC]; p++)
        if (p->pid == pid && p->state != UNUSED && p->state != ZOMBIE) {
            if (p == init_proc) return -1;
            p->killed = 1;
            if (p->state == SLEEPING) p->state = RUNNABLE;
            return 0;
        }
    return -1;
}

/* Ctrl-C: every process that has not asked to be spared (setintr). */
void kill_foreground(void)
{
    for (struct proc *p = proc; p < &proc[NPROC]; p++)
        if (p->state != UNUSED && p->state != ZOMBIE && !p->nointr && p != init_proc) {
            p->killed = 1;
            if (p->state == SLEEPING) p->state = RUNNABLE;
        }
}

/* Gives the hart back to the scheduler; the caller holds the kernel lock and has set its state. */
void sched(void)
{
    struct proc *p = myproc();
    if (!holding(&kernel_lock)) panic("sched without the kernel lock");
    if (p->state == RUNNING) panic("sched of a running process");
    swtch(&p->context, &mycpu()->scheduler);
}

void yield(void)
{
    myproc()->state = RUNNABLE;
    sched();
}

void sleep_on(void *chan)
{
    struct proc *p = myproc();
    p->chan = chan;
    p->state = SLEEPING;
    sched();
    p->chan = 0;
}

void wakeup(void *chan)
{
    for (struct proc *p = proc; p < &proc[NPROC]; p++)
        if (p->state == SLEEPING && p->chan == chan) p->state = RUNNABLE;
}

/* Every process slot has its own ASID (slot + 1; the kernel's table has 0), so switching
 * address spaces needs no TLB fence: a hart fences a process's ASID only if the process got a
 * new page table since this hart last ran it (fork, exec: asid_gen), or if it last ran on
 * another hart (whose page-table changes this hart has not seen). */
uint64 asid_generation;

void proc_switch_pagetable(struct cpu *c, struct proc *p)
{
    int slot = (int)(p - proc);
    int fresh = c->asid_seen[slot] != p->asid_gen || p->last_hart != c->hartid;
    arch_switch_pagetable(p->pagetable, slot + 1, fresh);
    c->asid_seen[slot] = p->asid_gen;
    p->last_hart = c->hartid;
}

void scheduler(void)
{
    struct cpu *c = mycpu();
    acquire(&kernel_lock);
    for (;;) {
        struct proc *run = 0;
        for (int i = 0; i < NPROC; i++) {
            struct proc *p = &proc[(rr_next + i) % NPROC];
            if (p->state == RUNNABLE) { run = p; rr_next = (p - proc) + 1; break; }
        }
        if (run) {
            run->state = RUNNING;
            run->nswitch++;
            c->proc = run;
            proc_switch_pagetable(c, run);
            swtch(&c->scheduler, &run->context);
            arch_switch_pagetable(kernel_pagetable, 0, 0);
            c->proc = 0;
            continue;
        }
        /* Nothing to run: wait for an interrupt with the lock released. WFI comes first, with
         * interrupts still off: it wakes for a pending interrupt without taking it (or does
         * nothing if one is pending already), and the interrupt is taken when they go on.
         * The other order loses a wake-up: an interrupt taken between "on" and WFI (a disk
         * request that completed while we were scheduling) leaves WFI waiting for the next
         * timer tick. */
        release(&kernel_lock);
        arch_wait_for_interrupt();
        arch_intr_on();
        arch_intr_off();
        acquire(&kernel_lock);
    }
}
