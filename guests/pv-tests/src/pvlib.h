/* pvlib.h - what the pv-test kernels share: hypercalls, console output, the info page. */
#ifndef PVLIB_H
#define PVLIB_H
#include "types.h"
#include "arch-pv/pv.h"

struct hc { long value, extra; };
struct hc hcall(long nr, long a0, long a1, long a2);
void  print(const char *s);
void  print_num(const char *label, long n);
void  pv_exit(int status) __attribute__((noreturn));
void  probe_store(uint64 *addr, uint64 value);
void  kernel_trap_entry(void);
void  secondary_entry(void);
extern struct pv_vcpu_info info_page;
extern uint64 machine_base;                 /* machine address of guest-physical 0x80000000 */
static inline uint64 machine(const void *p) { return (uint64)p - 0x80000000UL + machine_base; }
int   test_main(void);                      /* each test's body; 0 = passed */
void  test_trap(struct pv_vcpu_info *info); /* each test's trap handler */
#endif
