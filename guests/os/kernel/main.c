/* main.c - boot: the first hart sets up memory, devices and the file system, starts the
 * other harts through SBI HSM, creates init, and becomes a scheduler like the others. */
#include "defs.h"
#include "memlayout.h"

extern void kfree_initrd(void);
static volatile int boot_done;

static void hart_setup(int hartid)
{
    arch_init_hart(hartid);
    arch_set_pagetable(kernel_pagetable);
    plic_init_hart(hartid);
    cpus[hartid].started = 1;
    arch_timer_set(arch_time() + TIMEBASE_HZ / TICK_HZ);
}

void kmain(uint64 hartid, uint64 dtb)
{
    printf("\nvirtlab-os: booting on hart %d\n", (int)hartid);
    fdt_parse(dtb);
    arch_timer_use_sstc(boot.sstc);
    kinit();
    kvm_init();
    proc_init();
    console_init();
    virtio_blk_init();
    plic_init();
    hart_setup(hartid);
    fs_init();
    if (boot.initrd_end > boot.initrd_start) {
        cpio_unpack((const char *)boot.initrd_start, boot.initrd_end - boot.initrd_start);
        kfree_initrd();
    } else {
        printf("virtlab-os: no initramfs (pass --initrd)\n");
    }
    printf("virtlab-os: %lu MiB RAM, %lu KiB free, %d hart(s), timer %s, %s\n", boot.ram_size >> 20,
           kfree_pages() * 4, boot.harts, arch_timer_kind(), arch_has_sbi() ? "SBI firmware" : "no firmware");
    if (virtio_blk_present()) {
        uint64 sectors = virtio_blk_capacity();
        printf("virtlab-os: disk /dev/disk0: virtio-blk in slot %d (IRQ %d), %lu sectors = %lu KiB%s\n",
               virtio_blk_slot(), virtio_blk_irq, sectors, sectors / 2, virtio_blk_readonly() ? ", read-only" : "");
    } else {
        printf("virtlab-os: no disk (boot with --disk FILE for /dev/disk0)\n");
    }
    if (!arch_has_sbi() && boot.harts > 1) {
        printf("virtlab-os: no firmware to start harts with (SBI HSM): running on hart 0 only\n");
        boot.harts = 1;
    }
    user_init();
    boot_done = 1;
    for (int h = 0; h < boot.harts; h++)
        if (h != (int)hartid && arch_start_hart(h) != 0) printf("virtlab-os: hart %d did not start\n", h);
    scheduler();
}

void ksecondary(uint64 hartid)
{
    while (!boot_done) ;
    hart_setup(hartid);
    scheduler();
}
