/* sysproc.c - system calls about processes, time and the machine. */
#include "defs.h"
#include "memlayout.h"

char hostname[64] = "virtlab";

uint64 sys_fork(void) { return fork(); }
uint64 sys_exit(void) { exit((int)argraw(0)); }
uint64 sys_wait(void) { return wait(argraw(0)); }
uint64 sys_kill(void) { return kill((int)argraw(0)); }
uint64 sys_getpid(void) { return myproc()->pid; }
uint64 sys_getppid(void) { struct proc *p = myproc(); return p->parent ? p->parent->pid : 0; }
uint64 sys_uptime(void) { return ticks; }
uint64 sys_setintr(void) { myproc()->nointr = argraw(0) != 0; return 0; }

/* Grows (or shrinks) the heap by n bytes; returns the old end. Pages come on first touch. */
uint64 sys_sbrk(void)
{
    struct proc *p = myproc();
    int64 n = (int64)argraw(0);
    uint64 old = p->brk, new = old + n;
    uint64 stack_lo = USER_TOP - USER_STACK_PAGES * PGSIZE;
    if (n > 0 && (new > stack_lo || new < old || (new - p->image_end) / PGSIZE > MAXUSERPAGES)) return -1;
    if (n < 0) {
        if (new < p->image_end || new > old) return -1;
        p->npages -= uvm_unmap_range(p->pagetable, new, old);
    }
    p->brk = new;
    return old;
}

/* Sleeps n ticks (10 ms each). */
uint64 sys_sleep(void)
{
    uint64 n = argraw(0), start = ticks;
    while (ticks - start < n) {
        if (myproc()->killed) return -1;
        sleep_on((void *)&ticks);
    }
    return 0;
}

uint64 sys_poweroff(void)
{
    printf("virtlab-os: power off\n");
    arch_poweroff((int)argraw(0));
}

uint64 sys_gethostname(void)
{
    uint64 n = argraw(1);
    uint64 len = strlen(hostname) + 1;
    if (n < len) return -1;
    return copyout(argraw(0), hostname, len);
}

uint64 sys_sethostname(void)
{
    char name[64];
    uint64 n = argraw(1);
    if (n == 0 || n >= sizeof name || copyin(name, argraw(0), n) < 0) return -1;
    name[n] = 0;
    strcpy(hostname, name);
    return 0;
}
