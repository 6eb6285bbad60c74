/* pvlib.c - the runtime of the pv-test kernels: boot (register the info page and the trap
 * entry, as any PV kernel does first), hypercalls, console output, power off. */
#include "pvlib.h"

uint64 machine_base;

struct hc hcall(long nr, long a0, long a1, long a2)
{
    register long r0 asm("a0") = a0;
    register long r1 asm("a1") = a1;
    register long r2 asm("a2") = a2;
    register long r7 asm("a7") = nr;
    asm volatile("ecall" : "+r"(r0), "+r"(r1) : "r"(r2), "r"(r7) : "memory");
    return (struct hc){ r0, r1 };
}

static unsigned long len(const char *s)
{
    unsigned long n = 0;
    while (s[n]) n++;
    return n;
}

void print(const char *s) { hcall(HC_CONSOLE_WRITE, (long)s, len(s), 0); }

void print_num(const char *label, long n)
{
    char buf[64], digits[24];
    int i = 0, d = 0;
    unsigned long u = n < 0 ? -(unsigned long)n : (unsigned long)n;
    do { digits[d++] = '0' + u % 10; u /= 10; } while (u);
    for (const char *p = label; *p && i < 36; p++) buf[i++] = *p;
    if (n < 0) buf[i++] = '-';
    while (d) buf[i++] = digits[--d];
    buf[i++] = '\n';
    buf[i] = 0;
    print(buf);
}

void pv_exit(int status)
{
    hcall(HC_SHUTDOWN, PV_SHUTDOWN_POWEROFF, status, 0);
    for (;;) hcall(HC_BLOCK, 0, 0, 0);
}

void on_trap(struct pv_vcpu_info *info) { test_trap(info); }

/* Where vCPU 1 goes (start.S secondary_entry); a test that starts it defines its own. */
__attribute__((weak)) void pv_secondary(long vcpu, long arg)
{
    (void)vcpu;
    (void)arg;
    hcall(HC_VCPU_DOWN, 0, 0, 0);
    for (;;) ;
}

void pv_main(uint64 base)
{
    machine_base = base;
    info_page.mask = 1;
    hcall(HC_REGISTER_VCPU_INFO, (long)&info_page, 0, 0);
    hcall(HC_SET_CALLBACKS, 0, 0, (long)kernel_trap_entry);
    pv_exit(test_main());
}
