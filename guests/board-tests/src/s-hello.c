/* s-hello: an S-mode program behind SBI firmware (--bios builtin). It checks what the firmware
 * passed (a0 = hart id, a1 = the device tree), asks the SBI for its specification version,
 * prints through the UART and powers off with the SBI System Reset extension (SBI v2.0,
 * chapter "System Reset Extension": EID 0x53525354, FID 0, type 0 = shutdown). */
#include "board.h"

struct sbiret { long error; long value; };

static struct sbiret sbi_call(long eid, long fid, long arg0, long arg1) {
    register long a0 __asm__("a0") = arg0;
    register long a1 __asm__("a1") = arg1;
    register long a6 __asm__("a6") = fid;
    register long a7 __asm__("a7") = eid;
    __asm__ volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a6), "r"(a7) : "memory");
    return (struct sbiret){ a0, a1 };
}

#define SBI_EXT_BASE 0x10
#define SBI_EXT_SRST 0x53525354

void main(unsigned long hartid, unsigned long fdt) {
    puts("Hello from S-mode, hart ");
    puthex(hartid);
    puts("\n");
    if (*(volatile unsigned int *)fdt != FDT_MAGIC_LE) {
        puts("s-hello: a1 does not point to a device tree\n");
        finish(1);
    }
    (void)csr_read(sstatus);                        /* legal in S-mode, traps in U-mode */
    struct sbiret v = sbi_call(SBI_EXT_BASE, 0, 0, 0);
    puts("SBI specification ");
    puthex(v.value);
    puts("\n");
    sbi_call(SBI_EXT_SRST, 0, 0, 0);                /* shutdown, no reason */
    puts("s-hello: SBI system reset returned\n");
    finish(4);
}
