/* defs.h - the kernel's shared structures and the functions each file offers. */
#ifndef DEFS_H
#define DEFS_H
#include "types.h"
#include "param.h"
#include "abi.h"
#include "string.h"
#include "arch/arch.h"

struct inode;
struct file;
struct pipe;

/* spinlock.c */
struct spinlock {
    volatile uint32 locked;
    int cpu;                 /* holder's hart, for debugging */
    const char *name;
};
void initlock(struct spinlock *l, const char *name);
void acquire(struct spinlock *l);
void release(struct spinlock *l);
int  holding(struct spinlock *l);
/* The big kernel lock: held by whichever hart runs kernel code other than the idle loop
 * and early boot. Every kernel structure not marked otherwise is guarded by it. */
extern struct spinlock kernel_lock;

/* printf.c */
void printf(const char *fmt, ...);
void panic(const char *msg) __attribute__((noreturn));

/* uart.c */
void uart_init(void);
void uart_putc_sync(int c);
void uart_intr(void);

/* console.c */
void console_init(void);
void console_input(int c);
int  console_read(uint64 dst, int n);
int  console_write(uint64 src, int n);

/* plic.c */
void plic_init(void);
void plic_init_hart(int hartid);
int  plic_claim(int hartid);
void plic_complete(int hartid, int irq);

/* fdt.c */
struct bootinfo {
    uint64 ram_base, ram_size;
    uint64 initrd_start, initrd_end;
    uint64 fdt_addr;
    int    harts;
    int    sstc;
};
extern struct bootinfo boot;
void fdt_parse(uint64 addr);

/* kalloc.c */
void   kinit(void);
void  *kalloc(void);
void   kfree(void *pa);
uint64 kfree_pages(void);
uint64 ktotal_pages(void);

/* vm.c */
extern pagetable_t kernel_pagetable;
void   kvm_init(void);
pagetable_t uvm_create(void);
void   uvm_free(pagetable_t pt);
int    uvm_map_page(pagetable_t pt, uint64 va, uint64 perm);
int    uvm_copy(pagetable_t from, pagetable_t to);
int    uvm_unmap_range(pagetable_t pt, uint64 start, uint64 end);
uint64 uvm_pages(pagetable_t pt);
void  *uvm_lookup(pagetable_t pt, uint64 va);
uint64 uvm_perm(pagetable_t pt, uint64 va);
int    vm_fault(uint64 va);
char  *user_addr(uint64 va, int write);
int    copyout(uint64 dstva, const void *src, uint64 n);
int    copyin(void *dst, uint64 srcva, uint64 n);
int    copyinstr(char *dst, uint64 srcva, uint64 max);

/* proc.c */
enum procstate { UNUSED, EMBRYO, SLEEPING, RUNNABLE, RUNNING, ZOMBIE };
struct cpu {
    struct proc *proc;        /* running on this hart, or null */
    struct context scheduler; /* swtch() here to enter the scheduler */
    int    hartid;
    int    started;
    uint64 ticks, idle_ticks; /* timer interrupts taken, and those while idle */
    uint64 asid_seen[NPROC];  /* the proc slot's asid_gen when this hart last ran it */
};
struct proc {                 /* every field guarded by kernel_lock */
    enum procstate state;
    int    pid;
    struct proc *parent;
    void  *chan;              /* sleeping on this */
    int    killed;
    int    xstatus;
    int    nointr;            /* 1: Ctrl-C at the console does not kill it */
    pagetable_t pagetable;
    uint64 asid_gen;          /* bumped with every new page table: its ASID (slot + 1) must be fenced */
    int    last_hart;         /* where it ran last: another hart may hold stale translations */
    uint64 image_end;         /* end of text+data; the heap starts here */
    uint64 brk;               /* end of the heap */
    uint64 npages;            /* user pages mapped */
    char  *kstack;
    struct trapframe *tf;     /* at the top of kstack */
    struct context context;
    struct file *ofile[NOFILE];
    struct inode *cwd;
    char   name[16];
    /* counters shown in /proc/ps */
    uint64 start_tick, cpu_ticks, nsyscall, npagefault, nswitch;
};
extern struct proc proc[NPROC];
extern struct cpu cpus[NCPU];
extern volatile uint64 ticks;
extern uint64 asid_generation;
void  proc_switch_pagetable(struct cpu *c, struct proc *p);
struct cpu  *mycpu(void);
struct proc *myproc(void);
void   proc_init(void);
void   user_init(void);
void   scheduler(void) __attribute__((noreturn));
void   sched(void);
void   yield(void);
void   sleep_on(void *chan);
void   wakeup(void *chan);
int    fork(void);
void   exit(int status) __attribute__((noreturn));
int    wait(uint64 status_addr);
int    kill(int pid);
void   kill_foreground(void);
int    nprocs(void);

/* trap.c */
void   user_return(void) __attribute__((noreturn));

/* syscall.c */
void   syscall(void);
uint64 argraw(int n);
int    argstr(int n, char *buf, int max);

/* exec.c */
int    exec(const char *path, char **argv);

/* fs.c: the RAM file system */
struct inode {                /* guarded by kernel_lock */
    int    type;              /* T_DIR, T_FILE, T_DEV, T_PROC; 0 = free */
    int    ino;
    int    ref;               /* open files and cwds using it */
    int    unlinked;          /* removed from its directory; freed when ref drops to 0 */
    char   name[DIRNAME];
    struct inode *parent, *child, *sibling;
    uint64 size;
    char  *pages[MAXFILEPAGES];
    int    procfile;          /* T_PROC: which generator */
};
void   fs_init(void);
struct inode *namei(const char *path);
struct inode *nameiparent(const char *path, char *name);
struct inode *dir_lookup(struct inode *dir, const char *name);
struct inode *inode_create(struct inode *dir, const char *name, int type);
struct inode *inode_anon(void);
int    inode_unlink(struct inode *ip);
void   inode_ref(struct inode *ip);
void   inode_put(struct inode *ip);
int    inode_read(struct inode *ip, int user, uint64 dst, uint64 off, uint64 n);
int    inode_write(struct inode *ip, int user, uint64 src, uint64 off, uint64 n);
void   inode_truncate(struct inode *ip);
int    dir_read(struct inode *dp, uint64 dst, uint64 off, uint64 n);
int    mkdirs(const char *path);
extern char hostname[64];

/* cpio.c */
void   cpio_unpack(const char *start, uint64 len);

/* procfs.c */
void   procfs_init(struct inode *procdir);
struct inode *procfs_open(struct inode *ip);

/* file.c */
enum filetype { FD_NONE, FD_INODE, FD_PIPE, FD_CONSOLE };
struct file {                 /* guarded by kernel_lock */
    enum filetype type;
    int    ref;
    char   readable, writable, append;
    struct inode *ip;
    struct pipe *pipe;
    uint64 off;
};
struct file *file_alloc(void);
struct file *file_dup(struct file *f);
void   file_close(struct file *f);
int    file_read(struct file *f, uint64 dst, int n);
int    file_write(struct file *f, uint64 src, int n);
int    file_stat(struct file *f, uint64 dst);

/* pipe.c */
int    pipe_alloc(struct file **r, struct file **w);
void   pipe_close(struct pipe *p, int writable);
int    pipe_read(struct pipe *p, uint64 dst, int n);
int    pipe_write(struct pipe *p, uint64 src, int n);

/* virtio_blk.c */
#define BLK_SECTOR 512
#define BLK_MAXSEG 16                 /* data segments in one request */
#define BLK_MAXREQ (15 * 4096)        /* bytes in one request: any 60 KiB span of user memory fits 16 pages */
struct blk_seg { uint64 addr; uint32 len; };   /* physical address and length of one data segment */
void   virtio_blk_init(void);
void   virtio_blk_intr(void);
int    virtio_blk_present(void);
int    virtio_blk_readonly(void);
int    virtio_blk_slot(void);
int    virtio_blk_request(uint64 sector, const struct blk_seg *segs, int nseg, int write);
int    virtio_blk_rw(uint64 sector, void *buf, uint32 nsectors, int write);
uint64 virtio_blk_capacity(void);
void   virtio_blk_stats(uint64 *requests, uint64 *errors, uint64 *interrupts);
extern int virtio_blk_irq;

/* disk.c: /dev/disk0, the virtio-blk disk as a file of bytes */
int    disk_read(uint64 dst, uint64 off, uint64 n);
int    disk_write(uint64 src, uint64 off, uint64 n);

#define min(a, b) ((a) < (b) ? (a) : (b))
#endif
