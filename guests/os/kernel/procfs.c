/* procfs.c - the /proc view: files whose contents are generated when they are opened.
 *   /proc/ps       one line per process with its counters
 *   /proc/meminfo  physical pages, total and free
 *   /proc/uptime   seconds since boot and timer ticks
 *   /proc/cpuinfo  harts, their tick counts, the timer in use */
#include "defs.h"
#include "fmt.h"

enum { PROC_PS = 1, PROC_MEMINFO, PROC_UPTIME, PROC_CPUINFO };
static const char *const names[] = { 0, "ps", "meminfo", "uptime", "cpuinfo" };

void procfs_init(struct inode *dir)
{
    for (int i = PROC_PS; i <= PROC_CPUINFO; i++)
        inode_create(dir, names[i], T_PROC)->procfile = i;
}

static const char *state_name(enum procstate s)
{
    static const char *const n[] = { "unused", "new", "sleep", "ready", "run", "zombie" };
    return n[s];
}

struct out { struct inode *ip; char line[160]; };

static void put(struct out *o, int len)
{
    inode_write(o->ip, 0, (uint64)o->line, o->ip->size, min(len, (int)sizeof o->line - 1));
}

/* A fresh anonymous inode holding the generated contents of the /proc file ip. */
struct inode *procfs_open(struct inode *ip)
{
    static struct out o;
    if (!(o.ip = inode_anon())) return 0;
    switch (ip->procfile) {
    case PROC_PS:
        put(&o, snprintf(o.line, sizeof o.line, "  PID  PPID STATE  CPU  MEM(KB) SYSCALLS  FAULTS SWITCHES NAME\n"));
        for (struct proc *p = proc; p < &proc[NPROC]; p++) {
            if (p->state == UNUSED) continue;
            put(&o, snprintf(o.line, sizeof o.line, "%5d %5d %-6s %4lu %8lu %8lu %7lu %8lu %s\n", p->pid,
                             p->parent ? p->parent->pid : 0, state_name(p->state), p->cpu_ticks,
                             p->npages * 4, p->nsyscall, p->npagefault, p->nswitch, p->name));
        }
        break;
    case PROC_MEMINFO:
        put(&o, snprintf(o.line, sizeof o.line, "MemTotal: %lu kB\nMemFree: %lu kB\nMemUsed: %lu kB\nProcesses: %d\n",
                         ktotal_pages() * 4, kfree_pages() * 4, (ktotal_pages() - kfree_pages()) * 4, nprocs()));
        break;
    case PROC_UPTIME:
        put(&o, snprintf(o.line, sizeof o.line, "%lu.%02lu seconds, %lu ticks\n", ticks / 100, ticks % 100, ticks));
        break;
    case PROC_CPUINFO:
        for (int i = 0; i < boot.harts; i++)
            put(&o, snprintf(o.line, sizeof o.line, "hart %d: %s, %lu ticks, %lu idle\n", i,
                             cpus[i].started ? "running" : "stopped", cpus[i].ticks, cpus[i].idle_ticks));
        put(&o, snprintf(o.line, sizeof o.line, "timer: %s\nfirmware: %s\n", arch_timer_kind(),
                         arch_has_sbi() ? "SBI" : "none (M-mode start stub)"));
        break;
    }
    return o.ip;
}
