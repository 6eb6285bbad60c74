package org.virtlab.engine.hypervisor.para;

/**
 * The VirtLab paravirtual ABI, version 1 (docs/hypercalls.md): hypercall numbers, errors,
 * page-table request operations, event channels and the layout of the shared per-vCPU info
 * page. The guest's side is guests/os/kernel/arch-pv/pv.h; {@code ParaAbiTest} checks that every
 * number here is the number there.
 */
public final class ParaAbi {
    private ParaAbi() {
    }

    public static final int VERSION = 1;

    // ---- hypercalls (a7) --------------------------------------------------------------------------
    public static final int HC_CONSOLE_WRITE = 0;
    public static final int HC_CONSOLE_READ = 1;
    public static final int HC_SET_TIMER = 2;
    public static final int HC_SET_CALLBACKS = 3;
    public static final int HC_IRET = 4;
    public static final int HC_REGISTER_VCPU_INFO = 5;
    public static final int HC_EVENT_CHECK = 6;
    public static final int HC_SET_USER_SLOTS = 7;
    public static final int HC_MMU_UPDATE = 8;
    public static final int HC_MMU_PIN = 9;
    public static final int HC_MMU_UNPIN = 10;
    public static final int HC_MMU_NEW_BASEPTR = 11;
    public static final int HC_TLB_FLUSH = 12;
    public static final int HC_YIELD = 13;
    public static final int HC_BLOCK = 14;
    public static final int HC_VCPU_UP = 15;
    public static final int HC_VCPU_DOWN = 16;
    public static final int HC_SHUTDOWN = 17;
    public static final int HC_COUNT = 18;

    /** Counter names of the hypercalls, by number ("hypercall." + name). */
    private static final String[] NAMES = {
        "console_write", "console_read", "set_timer", "set_callbacks", "iret", "register_vcpu_info", "event_check",
        "set_user_slots", "mmu_update", "mmu_pin", "mmu_unpin", "mmu_new_baseptr", "tlb_flush", "yield", "block",
        "vcpu_up", "vcpu_down", "shutdown"};

    public static final int SHUTDOWN_POWEROFF = 0;
    public static final int SHUTDOWN_REBOOT = 1;
    public static final int SHUTDOWN_CRASH = 2;

    // ---- errors (returned negated) ---------------------------------------------------------------
    public static final int EPERM = 1;
    public static final int ENOMEM = 12;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EINVAL = 22;
    public static final int ENOSYS = 38;

    // ---- HC_MMU_UPDATE requests ------------------------------------------------------------------
    public static final int MMU_PT_UPDATE = 0;
    public static final int MMU_PIN = 1;
    public static final int MMU_UNPIN = 2;
    public static final int MMU_OP_MASK = 7;
    public static final int MMU_MAX_BATCH = 1024;

    // ---- event channels --------------------------------------------------------------------------
    public static final int EVENT_TIMER = 0;
    public static final int EVENT_CONSOLE = 10;

    // ---- the shared info page -------------------------------------------------------------------
    public static final int INFO_MASK = 0;
    public static final int INFO_PENDING = 8;
    public static final int INFO_EPC = 16;
    public static final int INFO_CAUSE = 24;
    public static final int INFO_TVAL = 32;
    public static final int INFO_STATUS = 40;
    public static final int INFO_SCRATCH = 48;
    public static final int INFO_A7 = 56;
    public static final long STATUS_SPIE = 0x20;
    public static final long STATUS_SPP = 0x100;
    public static final long CAUSE_EVENT = 0x8000_0000_0000_0010L;

    /** The counter name of hypercall {@code nr}, or null for a number that is no hypercall. */
    public static String hypercallName(long nr) {
        return nr >= 0 && nr < NAMES.length ? NAMES[(int) nr] : null;
    }
}
