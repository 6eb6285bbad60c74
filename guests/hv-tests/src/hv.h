/* hv.h - what every hv-test guest needs: the virt board's addresses (the numbers are
 * engine/.../board/VirtMemoryMap.java's), a polled 16550 console, the SiFive test finisher,
 * SBI calls (SBI v2.0: a7 = EID, a6 = FID, a0..a5 arguments, a0/a1 = error/value), CSR
 * accessors, and the result lines the host-side tests read:
 *
 *   PASS <name>
 *   FAIL <name>: <detail>
 *   hv-test <guest>: all passed        (or: hv-test <guest>: failed)
 *
 * Everything here is header-only and static: each guest is one C file plus assembly. */
#ifndef HV_H
#define HV_H

#define UART0        0x10000000UL
#define FINISHER     0x100000UL
#define CLINT        0x02000000UL
#define CLINT_MTIMECMP(hart) (CLINT + 0x4000 + 8 * (hart))
#define CLINT_MTIME  (CLINT + 0xbff8)
#define DRAM_BASE    0x80000000UL

#define UART_THR 0
#define UART_LSR 5
#define LSR_THRE 0x20

#define REG8(a)  (*(volatile unsigned char *)(a))
#define REG16(a) (*(volatile unsigned short *)(a))
#define REG32(a) (*(volatile unsigned int *)(a))
#define REG64(a) (*(volatile unsigned long *)(a))

/* sstatus bits (privileged spec, "Supervisor Status Register"). */
#define SSTATUS_SIE  (1UL << 1)
#define SSTATUS_SPIE (1UL << 5)
#define SSTATUS_SPP  (1UL << 8)
#define SSTATUS_SUM  (1UL << 18)
#define SSTATUS_MXR  (1UL << 19)
/* sie / sip bits. */
#define SIP_SSIP     (1UL << 1)

/* scause values (exceptions; interrupts have bit 63 set). */
#define CAUSE_INTERRUPT        (1UL << 63)
#define CAUSE_FETCH_ACCESS     1
#define CAUSE_ILLEGAL          2
#define CAUSE_LOAD_ACCESS      5
#define CAUSE_STORE_ACCESS     7
#define CAUSE_ECALL_U          8
#define CAUSE_FETCH_PAGE       12
#define CAUSE_LOAD_PAGE        13
#define CAUSE_STORE_PAGE       15

#define csr_read(csr) ({ unsigned long v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define csr_write(csr, v) __asm__ volatile("csrw " #csr ", %0" :: "r"((unsigned long)(v)) : "memory")
#define csr_set(csr, bits) __asm__ volatile("csrs " #csr ", %0" :: "r"((unsigned long)(bits)) : "memory")
#define csr_clear(csr, bits) __asm__ volatile("csrc " #csr ", %0" :: "r"((unsigned long)(bits)) : "memory")

static inline void sfence_all(void) { __asm__ volatile("sfence.vma zero, zero" ::: "memory"); }
static inline void sfence_va(unsigned long va) { __asm__ volatile("sfence.vma %0, zero" :: "r"(va) : "memory"); }

/* ---- console (polled 16550: wait for THRE, write THR) ---- */

static inline void putc(char c) {
    while (!(REG8(UART0 + UART_LSR) & LSR_THRE)) { }
    REG8(UART0 + UART_THR) = (unsigned char)c;
}

static inline void puts(const char *s) {
    while (*s) putc(*s++);
}

/* 0x and sixteen hex digits: fixed width, so the lines compare easily. */
static inline void puthex(unsigned long v) {
    puts("0x");
    for (int shift = 60; shift >= 0; shift -= 4) putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

static inline void putdec(unsigned long v) {
    char buf[21];
    int n = 0;
    do { buf[n++] = (char)('0' + v % 10); v /= 10; } while (v);
    while (n) putc(buf[--n]);
}

/* ---- power off ---- */

/* SiFive test finisher: 0x5555 passes, (code << 16) | 0x3333 fails with exit code `code`. */
static inline __attribute__((noreturn)) void finish(int code) {
    REG32(FINISHER) = code == 0 ? 0x5555 : ((unsigned)code << 16) | 0x3333;
    for (;;) { }
}

struct sbiret { long error; long value; };

static inline struct sbiret sbi_call(long eid, long fid, long arg0, long arg1) {
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a6 __asm__("a6") = fid;
    register long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    return (struct sbiret){ a0, a1 };
}

#define SBI_EXT_SRST 0x53525354L

/* SBI System Reset: shutdown (type 0), reason 0 "no reason" on success, 1 "system failure"
 * otherwise. Falls back to the test finisher should the call return. */
static inline __attribute__((noreturn)) void sbi_power_off(int code) {
    sbi_call(SBI_EXT_SRST, 0, 0, code == 0 ? 0 : 1);
    puts("SBI system reset returned; using the test finisher\n");
    finish(code);
}

/* ---- results ---- */

static int hv_failures;

static inline void pass(const char *name) {
    puts("PASS ");
    puts(name);
    putc('\n');
}

/* FAIL <name>: <detail> <value> */
static inline void fail_value(const char *name, const char *detail, unsigned long value) {
    hv_failures++;
    puts("FAIL ");
    puts(name);
    puts(": ");
    puts(detail);
    putc(' ');
    puthex(value);
    putc('\n');
}

static inline void fail(const char *name, const char *detail) {
    hv_failures++;
    puts("FAIL ");
    puts(name);
    puts(": ");
    puts(detail);
    putc('\n');
}

/* PASS when ok, else FAIL with the detail and the value that was wrong. */
static inline void check(const char *name, int ok, const char *detail, unsigned long value) {
    if (ok) pass(name);
    else fail_value(name, detail, value);
}

/* The final line; returns the exit status (0 only if nothing failed). */
static inline int summary(const char *guest) {
    puts("hv-test ");
    puts(guest);
    puts(hv_failures == 0 ? ": all passed\n" : ": failed\n");
    return hv_failures == 0 ? 0 : 1;
}

#endif
