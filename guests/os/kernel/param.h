/* param.h - the kernel's fixed sizes and limits. */
#ifndef PARAM_H
#define PARAM_H
#define NCPU          8      /* harts (boot stacks in entry.S are sized for this) */
#define NPROC         64     /* processes: a fork bomb stops here */
#define NOFILE        16     /* open files per process */
#define NFILE         128    /* open files in the system */
#define NINODE        512    /* ramfs inodes */
#define MAXFILEPAGES  512    /* largest file: 2 MiB */
#define MAXUSERPAGES  8192   /* a process's memory limit: 32 MiB */
#define KSTACK_PAGES  1      /* keep kernel call chains and locals small */
#define TICK_HZ       100    /* scheduler tick: 10 ms */
#define CONS_BUF      256
#endif
