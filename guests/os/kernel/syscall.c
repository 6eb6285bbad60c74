/* syscall.c - system call dispatch. The numbers and the table come from
 * tools/syscalls.tbl (generated syscall.h and syscalls.inc). Arguments arrive in a0..a5,
 * the result goes back in a0. */
#include "defs.h"
#include "syscall.h"
#include "syscalls.inc"

uint64 argraw(int n) { return myproc()->tf->x[REG_A0 + n]; }

int argstr(int n, char *buf, int max)
{
    return copyinstr(buf, argraw(n), max);
}

void syscall(void)
{
    struct proc *p = myproc();
    uint64 num = p->tf->x[17];
    p->nsyscall++;
    if (num < NSYSCALL && syscalls[num]) {
        p->tf->x[REG_A0] = syscalls[num]();
    } else {
        printf("%s[%d]: unknown system call %ld\n", p->name, p->pid, num);
        p->tf->x[REG_A0] = -1;
    }
}

/* Keeps the names table referenced: /proc could list per-call counts one day. */
const char *syscall_name(int num) { return num > 0 && num < NSYSCALL ? syscall_names[num] : "?"; }
