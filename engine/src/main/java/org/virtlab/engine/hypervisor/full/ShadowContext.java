package org.virtlab.engine.hypervisor.full;

/**
 * Which shadow page table a full-virtualization vCPU runs on. The guest runs in physical
 * U-mode, where every page must be user-accessible, so the guest's own privilege rules are
 * folded into separate shadows (shared/DESIGN.md section 3, "full"):
 *
 * <ul>
 * <li>{@link #BARE}: translation off in the guest (virtual M-mode, or satp.MODE = Bare):
 *     guest-virtual = guest-physical, all of the domain's RAM mapped RWX;
 * <li>{@link #S}: virtual S-mode, sstatus.SUM = 0: the guest's supervisor pages (U = 0) only;
 * <li>{@link #S_SUM}: virtual S-mode with SUM = 1: supervisor pages, plus user pages for loads
 *     and stores (never for fetches);
 * <li>{@link #U}: virtual U-mode: the guest's user pages (U = 1) only.
 * </ul>
 */
public final class ShadowContext {
    public static final int BARE = 0, S = 1, S_SUM = 2, U = 3;
    public static final int COUNT = 4;

    private ShadowContext() {
    }

    public static String name(int context) {
        return switch (context) {
            case BARE -> "bare";
            case S -> "S";
            case S_SUM -> "S+SUM";
            case U -> "U";
            default -> "context " + context;
        };
    }
}
