package org.virtlab.engine.hypervisor.sbi;

import java.util.OptionalLong;
import org.virtlab.engine.firmware.SbiError;

/**
 * The legacy extensions, EIDs 0x00-0x08 (SBI spec v2.0, chapter "Legacy Extensions"), for old
 * kernels: one function per EID, a6 ignored, the result in a0 only (a1 preserved). Semantics
 * as the machine firmware's {@code firmware/Legacy}:
 *
 * <ul>
 * <li>set_timer(stime_value): as TIME set_timer; 0.
 * <li>console_putchar(ch): writes the low byte; 0. console_getchar(): the byte, or -1.
 * <li>clear_ipi(): clears the caller's pending SSIP; 1 if it was pending, else 0.
 * <li>send_ipi(hart_mask*), remote_fence_i(hart_mask*), remote_sfence_vma(hart_mask*, start,
 *     size), remote_sfence_vma_asid(hart_mask*, start, size, asid): hart_mask is a
 *     guest-virtual pointer, read through the guest's own translation
 *     ({@link GuestSbiPlatform#readGuestVirtualLong}); a fault on that read goes to the guest
 *     with sepc = the ecall and the call does not return. Only its first unsigned long is
 *     read, so vCPUs 0-63 can be named; bits for vCPUs the domain lacks are ignored (the
 *     legacy calls have no error for them). 0.
 * <li>shutdown(): powers the domain off with exit code 0; does not return.
 * </ul>
 */
final class Legacy extends GuestExtension {
    static final int SET_TIMER = 0, CONSOLE_PUTCHAR = 1, CONSOLE_GETCHAR = 2, CLEAR_IPI = 3, SEND_IPI = 4,
            REMOTE_FENCE_I = 5, REMOTE_SFENCE_VMA = 6, REMOTE_SFENCE_VMA_ASID = 7, SHUTDOWN = 8;

    Legacy() {
        super("LEGACY", SET_TIMER, "set_timer", "console_putchar", "console_getchar", "clear_ipi",
                "send_ipi", "remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid", "shutdown");
    }

    @Override
    boolean handles(long eid) {
        return eid >= SET_TIMER && eid <= SHUTDOWN;
    }

    @Override
    int functionIndex(long eid, long fid) {
        return (int) eid;
    }

    @Override
    SbiResult call(GuestCall c, int function) {
        GuestSbiPlatform p = c.platform();
        switch (function) {
            case SET_TIMER -> p.setTimer(c.vcpu(), c.arg(0));
            case CONSOLE_PUTCHAR -> p.consoleWrite((int) (c.arg(0) & 0xFF));
            case CONSOLE_GETCHAR -> {
                return SbiResult.legacy(p.consoleRead());
            }
            case CLEAR_IPI -> {
                return SbiResult.legacy(p.clearSoftwareInterrupt(c.vcpu()) ? 1 : 0);
            }
            case SHUTDOWN -> {
                p.shutdown(0);
                return SbiResult.NO_RETURN;
            }
            default -> {
                return toVcpus(c, function);
            }
        }
        return SbiResult.legacy(SbiError.SUCCESS);
    }

    /** send_ipi and the remote fences: read the mask, then act on each selected vCPU. */
    private static SbiResult toVcpus(GuestCall c, int function) {
        GuestSbiPlatform p = c.platform();
        OptionalLong mask = p.readGuestVirtualLong(c.vcpu(), c.arg(0));
        if (mask.isEmpty()) return SbiResult.NO_RETURN;          // the fault went to the guest
        int count = Math.min(p.vcpuCount(), 64);
        for (int v = 0; v < count; v++) {
            if ((mask.getAsLong() >>> v & 1) == 0) continue;
            switch (function) {
                case SEND_IPI -> p.sendSoftwareInterrupt(v);
                case REMOTE_FENCE_I -> p.remoteFence(v, FenceKind.FENCE_I, 0, 0, 0);
                case REMOTE_SFENCE_VMA -> p.remoteFence(v, FenceKind.SFENCE_VMA, c.arg(1), c.arg(2), 0);
                default -> p.remoteFence(v, FenceKind.SFENCE_VMA_ASID, c.arg(1), c.arg(2), c.arg(3));
            }
        }
        return SbiResult.legacy(SbiError.SUCCESS);
    }
}
