/* memlayout.h - the physical memory map of the virt board and the kernel's virtual layout.
 *
 * The physical addresses must agree with the engine's board
 * (engine/.../board/VirtMemoryMap.java); a JUnit test (MemoryMapTest) parses the
 * `#define NAME 0x...` lines below and compares them, so keep that form.
 *
 *   physical                                     kernel virtual (= physical: identity map)
 *   0x0010_0000  SiFive test finisher  (poweroff without SBI)
 *   0x0200_0000  CLINT                 (M-mode timer; the kernel uses Sstc or SBI instead)
 *   0x0C00_0000  PLIC                  (external interrupts, S-mode context 2*hart+1)
 *   0x1000_0000  UART0 ns16550a        IRQ 10
 *   0x1000_1000  virtio-mmio slot 0..7 IRQ 1..8
 *   0x8000_0000  DRAM                  (--bios none: the kernel starts in M-mode here... )
 *   0x8020_0000  the kernel (text, data, bss, boot stacks), then free pages
 *   top of RAM   the device tree (and the initramfs just below the middle of RAM)
 *
 * Virtual layout of every address space (Sv39, three 1 GiB top-level slots):
 *   slot 0  0x0000_0000 - 0x3FFF_FFFF  devices, kernel only (shared second-level table)
 *   slot 1  0x4000_0000 - 0x7FFF_FFFF  the user process: text+data at USER_BASE, heap
 *                                      growing up, stack growing down from USER_TOP
 *   slot 2  0x8000_0000 - 0xBFFF_FFFF  all of DRAM, kernel only, one gigapage (identity)
 * The kernel is mapped in every process's table, so a trap never has to switch satp.
 */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#define TEST_FINISHER_BASE 0x00100000
#define CLINT_BASE         0x02000000
#define PLIC_BASE          0x0C000000
#define PLIC_SIZE          0x00600000
#define UART0_BASE         0x10000000
#define UART0_IRQ          10
#define VIRTIO_BASE        0x10001000
#define VIRTIO_STRIDE      0x1000
#define VIRTIO_SLOTS       8
#define VIRTIO_FIRST_IRQ   1
#define DRAM_BASE          0x80000000
#define KERNEL_BASE        0x80200000
#define TIMEBASE_HZ        10000000

/* PLIC registers (riscv-plic-spec). */
#define PLIC_PRIORITY(irq)   (PLIC_BASE + 4 * (irq))
#define PLIC_SENABLE(hart)   (PLIC_BASE + 0x2000 + 0x80 * (2 * (hart) + 1))
#define PLIC_STHRESHOLD(hart) (PLIC_BASE + 0x200000 + 0x1000 * (2 * (hart) + 1))
#define PLIC_SCLAIM(hart)    (PLIC_STHRESHOLD(hart) + 4)

/* The user half. */
#define USER_BASE          0x40000000UL
#define USER_TOP           0x80000000UL
#define USER_STACK_PAGES   64            /* the stack may grow to 256 KiB, on demand */

#endif
