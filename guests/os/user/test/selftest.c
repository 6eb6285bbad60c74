/* selftest - exercises the kernel from user mode and prints one PASS or FAIL line per check. */
#include "user.h"

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "PASS" : "FAIL", what);
    if (!ok) failures++;
}

/* Runs fn in a child; returns the child's exit status (-1 when it was killed). */
static int in_child(void (*fn)(void))
{
    int pid = fork();
    if (pid == 0) { fn(); exit(0); }
    int status = 12345;
    if (wait(&status) != pid) return -999;
    return status;
}

static volatile uint64 low_addr = 0x10;
static void null_deref(void) { *(volatile int *)low_addr = 1; }
static void write_text(void) { volatile uint32 *p = (uint32 *)(uint64)&write_text; *p = 0; }
static const char constant[] = "read-only data";
static void write_rodata(void) { *(volatile char *)&constant[0] = 'R'; }
static uint32 data_code[] = { 0x00008067 };          /* ret, in a data (RW-) page */
static void exec_data(void) { ((void (*)(void))(uint64)data_code)(); }
static void illegal(void) { asm volatile(".word 0"); }
static volatile uint64 kernel_va = 0x80200000UL;
static void kernel_addr(void) { (void)*(volatile uint64 *)kernel_va; }

static void memhog(void)
{
    long got = 0;
    for (;;) {
        char *p = sbrk(1 << 20);
        if (p == (char *)-1) break;
        for (int i = 0; i < (1 << 20); i += 4096) p[i] = 1;
        got++;
    }
    exit(got > 0 && got < 1024 ? 7 : 8);
}

static void forkbomb(void)
{
    int made = 0;
    for (;;) {
        int pid = fork();
        if (pid < 0) break;
        if (pid == 0) { sleep(20); exit(0); }
        made++;
    }
    while (wait(0) >= 0) ;
    exit(made > 10 && made < 100 ? 7 : 8);
}

int main(void)
{
    /* processes */
    check(getpid() > 1, "getpid");
    int pid = fork();
    if (pid == 0) exit(42);
    int status = 0;
    check(pid > 0 && wait(&status) == pid && status == 42, "fork, exit status, wait");
    check(wait(0) == -1, "wait without children fails");

    /* memory */
    char *heap = sbrk(0), *more = sbrk(3 * 4096);
    check(more == heap, "sbrk returns the old break");
    memset(more, 0x5a, 3 * 4096);
    check(more[3 * 4096 - 1] == 0x5a, "heap pages appear on first touch");
    check(sbrk(-3 * 4096) == more + 3 * 4096 && sbrk(0) == heap, "sbrk shrinks");
    char *m = malloc(1000);
    strcpy(m, "malloc works");
    check(strcmp(m, "malloc works") == 0, "malloc");
    free(m);
    int child_sees = 0;
    static int shared = 1;
    if ((pid = fork()) == 0) { shared = 2; exit(shared); }
    wait(&child_sees);
    check(shared == 1 && child_sees == 2, "fork copies the address space");

    /* faults: the child is killed, we carry on */
    check(in_child(null_deref) == -1, "null pointer store kills the process");
    check(in_child(illegal) == -1, "illegal instruction kills the process");
    check(in_child(kernel_addr) == -1, "user access to kernel memory kills the process");

    /* program segments: text R-X, constants R--, data RW- */
    check(in_child(write_text) == -1, "a store into program text kills the process");
    check(in_child(write_rodata) == -1, "a store into read-only data kills the process");
    check(in_child(exec_data) == -1, "executing data kills the process");
    check(*(volatile uint32 *)(uint64)&write_text != 0 && constant[0] == 'r', "text and constants unchanged");
    int tfd = open("/etc/motd", O_RDONLY);
    check(tfd >= 0 && read(tfd, (void *)(uint64)&write_text, 4) == -1, "read() into program text fails");
    close(tfd);

    /* limits */
    check(in_child(memhog) == 7, "a memory hog hits the per-process limit");
    check(in_child(forkbomb) == 7, "a fork bomb hits the process limit");

    /* files */
    int fd = open("/tmp/selftest", O_CREATE | O_RDWR | O_TRUNC);
    check(fd >= 0 && write(fd, "hello, file\n", 12) == 12, "create and write a file");
    close(fd);
    char buf[64];
    fd = open("/tmp/selftest", O_RDONLY);
    int n = read(fd, buf, sizeof buf);
    close(fd);
    check(n == 12 && memcmp(buf, "hello, file\n", 12) == 0, "read it back");
    struct stat st;
    check(stat("/tmp/selftest", &st) == 0 && st.type == T_FILE && st.size == 12, "stat");
    check(unlink("/tmp/selftest") == 0 && open("/tmp/selftest", O_RDONLY) < 0, "unlink");
    check(mkdir("/tmp/d") == 0 && chdir("/tmp/d") == 0 && open("f", O_CREATE | O_WRONLY) >= 0 &&
          stat("/tmp/d/f", &st) == 0 && chdir("/") == 0, "directories and relative paths");
    unlink("/tmp/d/f");
    unlink("/tmp/d");
    check(open("/no/such/file", O_RDONLY) < 0, "missing files are reported");

    /* pipes */
    int fds[2];
    check(pipe(fds) == 0, "pipe");
    if ((pid = fork()) == 0) {
        close(fds[0]);
        for (int i = 0; i < 100; i++) write(fds[1], "0123456789", 10);
        exit(0);
    }
    close(fds[1]);
    long total = 0;
    while ((n = read(fds[0], buf, sizeof buf)) > 0) total += n;
    close(fds[0]);
    wait(0);
    check(total == 1000, "1000 bytes through a pipe, then end of file");

    /* exec, kill, sleep, /proc */
    if ((pid = fork()) == 0) {
        close(1);
        open("/tmp/echo.out", O_CREATE | O_WRONLY | O_TRUNC);
        char *argv[] = { "echo", "exec", "works", 0 };
        exec("/bin/echo", argv);
        exit(99);
    }
    wait(&status);
    fd = open("/tmp/echo.out", O_RDONLY);
    n = read(fd, buf, sizeof buf);
    close(fd);
    check(status == 0 && n == 11 && memcmp(buf, "exec works\n", 11) == 0, "exec with arguments");
    if ((pid = fork()) == 0) { for (;;) ; }
    check(kill(pid) == 0 && wait(&status) == pid && status == -1, "kill a running process");
    long t0 = uptime();
    sleep(5);
    check(uptime() - t0 >= 5, "sleep");
    fd = open("/proc/ps", O_RDONLY);
    n = fd >= 0 ? read(fd, buf, sizeof buf - 1) : -1;
    close(fd);
    buf[n > 0 ? n : 0] = 0;
    check(n > 0 && strstr(buf, "PID") != 0, "/proc/ps");
    check(stat("/proc/meminfo", &st) == 0, "/proc/meminfo");

    printf("selftest: %s (%d failure%s)\n", failures ? "FAILED" : "all passed", failures, failures == 1 ? "" : "s");
    return failures != 0;
}
