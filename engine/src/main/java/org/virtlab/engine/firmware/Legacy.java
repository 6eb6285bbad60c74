package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.cpu.Trap;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * The legacy extensions, EIDs 0x00-0x08 (SBI spec v2.0, chapter "Legacy Extensions"), kept for
 * old kernels: one function per EID, a6 ignored, the result in a0 only (a1 is preserved).
 *
 * <p>send_ipi, remote_fence_i and the remote sfences take a pointer to a hart mask in the
 * caller's virtual address space. The firmware reads it as the hardware would for an M-mode
 * load with MPRV = 1 and MPP = S: translated with the caller's satp (or untranslated when satp
 * is Bare), honouring SUM and MXR. A page or access fault on that read is redirected to the
 * supervisor with sepc = the ecall, as the chapter requires. Only the first unsigned long of the
 * mask is read: a machine has at most 16 harts.
 */
final class Legacy extends SbiExtension {
    static final long SET_TIMER = 0, CONSOLE_PUTCHAR = 1, CONSOLE_GETCHAR = 2, CLEAR_IPI = 3, SEND_IPI = 4,
            REMOTE_FENCE_I = 5, REMOTE_SFENCE_VMA = 6, REMOTE_SFENCE_VMA_ASID = 7, SHUTDOWN = 8;

    private static final String[] FUNCTIONS = {"set_timer", "console_putchar", "console_getchar", "clear_ipi",
            "send_ipi", "remote_fence_i", "remote_sfence_vma", "remote_sfence_vma_asid", "shutdown"};

    private final Machine machine;
    private final SbiPlatform platform;

    Legacy(Machine machine, SbiPlatform platform) {
        super("LEGACY", SET_TIMER, FUNCTIONS);
        this.machine = machine;
        this.platform = platform;
    }

    @Override
    boolean handles(long eid) {
        return eid >= SET_TIMER && eid <= SHUTDOWN;
    }

    @Override
    int functionIndex(long eid, long fid) {
        return (int) eid;
    }

    /** The result's value is what goes to a0. */
    @Override
    public SbiRet call(SbiCall c) {
        Hart hart = c.hart();
        switch ((int) c.eid()) {
            case 0:
                Timer.setTimer(c, c.arg(0));
                return SbiRet.ok(0);
            case 1:
                platform.consoleWrite((int) (c.arg(0) & 0xFF));
                return SbiRet.ok(0);
            case 2:
                return SbiRet.ok(platform.consoleRead());
            case 3: {
                long sip = hart.readCsr(CsrNames.SIP);
                hart.writeCsr(CsrNames.SIP, sip & ~Ipi.SSIP);
                return SbiRet.ok((sip & Ipi.SSIP) != 0 ? 1 : 0);
            }
            case 8:
                platform.shutdown(0);
                return Srst.stillHere(machine, c) ? SbiRet.ok(SbiError.FAILED) : SbiRet.NO_RETURN;
            default:
                return toHarts(c);
        }
    }

    /** send_ipi and the remote fences: read the mask, then act on the selected harts. */
    private SbiRet toHarts(SbiCall c) {
        Long mask = readMask(c);
        if (mask == null) return SbiRet.NO_RETURN;            // the fault went to the supervisor
        long targets = mask & (machine.hartCount() == 64 ? -1L : (1L << machine.hartCount()) - 1);
        if (c.eid() == SEND_IPI) Ipi.send(machine, targets);
        else Rfence.flush(machine, targets);
        return SbiRet.ok(0);
    }

    /**
     * The first word of the hart mask at virtual address a0, or null after redirecting the
     * fault to the supervisor.
     */
    private Long readMask(SbiCall c) {
        Hart hart = c.hart();
        long va = c.arg(0);
        long value = 0;
        for (int i = 0; i < 8; i++) {
            long pa = GuestMemory.translateLoad(hart, va + i, c.trap().fromPriv(), c.trap().fromVirt());
            int cause = hart.mmu().faultCause;
            if (pa == Mmu.FAULT) return fault(c, cause, va + i);
            Ram ram = machine.bus().memoryAt(pa, 1);
            if (ram == null || machine.bus().deviceAt(pa) != null) return fault(c, Access.accessFault(Access.LOAD), va + i);
            value |= (ram.read(pa, 1) & 0xFF) << (8 * i);
        }
        return value;
    }

    private static Long fault(SbiCall c, int cause, long va) {
        Trap t = c.trap();
        Trap load = new Trap(cause, va, 0, 0, t.pc(), t.fromPriv(), t.fromVirt(), false);
        TrapRedirect.redirect(c.hart(), load);
        return null;
    }
}
