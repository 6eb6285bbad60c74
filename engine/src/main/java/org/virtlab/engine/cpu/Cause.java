package org.virtlab.engine.cpu;

/**
 * Trap cause numbers (mcause/scause/vscause), RISC-V privileged spec, "Machine Cause Register"
 * and the H extension's additions (causes 10, 20-23). Interrupt causes are given without the
 * interrupt bit; {@link #INTERRUPT} marks them in a cause register.
 */
public final class Cause {
    public static final long INTERRUPT = 1L << 63;

    // Synchronous exceptions.
    public static final int INSTRUCTION_MISALIGNED = 0;
    public static final int INSTRUCTION_ACCESS_FAULT = 1;
    public static final int ILLEGAL_INSTRUCTION = 2;
    public static final int BREAKPOINT = 3;
    public static final int LOAD_MISALIGNED = 4;
    public static final int LOAD_ACCESS_FAULT = 5;
    public static final int STORE_MISALIGNED = 6;
    public static final int STORE_ACCESS_FAULT = 7;
    public static final int ECALL_FROM_U = 8;       // also from VU
    public static final int ECALL_FROM_HS = 9;      // "from S" when there is no H
    public static final int ECALL_FROM_VS = 10;
    public static final int ECALL_FROM_M = 11;
    public static final int INSTRUCTION_PAGE_FAULT = 12;
    public static final int LOAD_PAGE_FAULT = 13;
    public static final int STORE_PAGE_FAULT = 15;
    public static final int INSTRUCTION_GUEST_PAGE_FAULT = 20;
    public static final int LOAD_GUEST_PAGE_FAULT = 21;
    public static final int VIRTUAL_INSTRUCTION = 22;
    public static final int STORE_GUEST_PAGE_FAULT = 23;

    // Interrupts (bit numbers of mip/mie).
    public static final int SUPERVISOR_SOFTWARE = 1;
    public static final int VIRTUAL_SUPERVISOR_SOFTWARE = 2;
    public static final int MACHINE_SOFTWARE = 3;
    public static final int SUPERVISOR_TIMER = 5;
    public static final int VIRTUAL_SUPERVISOR_TIMER = 6;
    public static final int MACHINE_TIMER = 7;
    public static final int SUPERVISOR_EXTERNAL = 9;
    public static final int VIRTUAL_SUPERVISOR_EXTERNAL = 10;
    public static final int MACHINE_EXTERNAL = 11;
    public static final int SUPERVISOR_GUEST_EXTERNAL = 12;

    private Cause() {
    }

    /** A readable name for trace output and error messages. */
    public static String name(long cause) {
        boolean irq = cause < 0;
        int c = (int) (cause & 0xFFFF);
        if (irq) {
            switch (c) {
                case 1: return "supervisor software interrupt";
                case 2: return "virtual supervisor software interrupt";
                case 3: return "machine software interrupt";
                case 5: return "supervisor timer interrupt";
                case 6: return "virtual supervisor timer interrupt";
                case 7: return "machine timer interrupt";
                case 9: return "supervisor external interrupt";
                case 10: return "virtual supervisor external interrupt";
                case 11: return "machine external interrupt";
                case 12: return "supervisor guest external interrupt";
                default: return "interrupt " + c;
            }
        }
        switch (c) {
            case 0: return "instruction address misaligned";
            case 1: return "instruction access fault";
            case 2: return "illegal instruction";
            case 3: return "breakpoint";
            case 4: return "load address misaligned";
            case 5: return "load access fault";
            case 6: return "store/AMO address misaligned";
            case 7: return "store/AMO access fault";
            case 8: return "environment call from U-mode";
            case 9: return "environment call from S-mode";
            case 10: return "environment call from VS-mode";
            case 11: return "environment call from M-mode";
            case 12: return "instruction page fault";
            case 13: return "load page fault";
            case 15: return "store/AMO page fault";
            case 20: return "instruction guest-page fault";
            case 21: return "load guest-page fault";
            case 22: return "virtual instruction";
            case 23: return "store/AMO guest-page fault";
            default: return "exception " + c;
        }
    }
}
