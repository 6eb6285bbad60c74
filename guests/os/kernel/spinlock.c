/* spinlock.c - mutual exclusion between harts. The kernel runs with interrupts off
 * whenever it holds a lock (interrupts are taken only in user mode and in the idle loop),
 * so a lock is just an atomic swap loop. The big kernel lock (defs.h) is the one almost
 * everything uses: simple to reason about, and user programs still run in parallel. */
#include "defs.h"

struct spinlock kernel_lock = { 0, -1, "kernel" };

void initlock(struct spinlock *l, const char *name)
{
    l->locked = 0;
    l->cpu = -1;
    l->name = name;
}

void acquire(struct spinlock *l)
{
    if (holding(l)) panic("acquire: lock already held by this hart");
    while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE)) ;
    l->cpu = mycpu()->hartid;
}

void release(struct spinlock *l)
{
    if (!holding(l)) panic("release: lock not held");
    l->cpu = -1;
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

int holding(struct spinlock *l)
{
    return l->locked && l->cpu == mycpu()->hartid;
}
