package org.virtlab.engine.hypervisor.para;

import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.memory.Ram;

/**
 * The hypercall dispatcher (docs/hypercalls.md has the reference for each call): a7 is the
 * number, a0..a2 the arguments, a0 the result and a1 a second result; the guest continues
 * after its ecall, except after HC_IRET. Every call counts "hypercall.&lt;name&gt;"; a page-table
 * batch also counts "batch.mmu_update", its requests "batch.requests" and its size class
 * "batch.size.1", "batch.size.2-8", "batch.size.9-64" or "batch.size.65+".
 */
final class Hypercalls {
    private static final int A0 = 10, A1 = 11, A2 = 12, A7 = 17;
    private static final int UART_RBR = 0, UART_LSR = 5, LSR_DATA_READY = 1;
    private static final int MAX_CONSOLE = 1 << 16;
    private static final String[] KEYS = new String[ParaAbi.HC_COUNT];

    static {
        for (int i = 0; i < KEYS.length; i++) KEYS[i] = "hypercall." + ParaAbi.hypercallName(i);
    }

    private final ParaVirtualization para;
    private final Hypervisor hv;
    private final Domain domain;
    private final DomainMemory memory;
    private final Ram ram;

    Hypercalls(ParaVirtualization para, Hypervisor hv, Domain domain) {
        this.para = para;
        this.hv = hv;
        this.domain = domain;
        this.memory = domain.memory();
        this.ram = memory.hostRam();
    }

    /** The hypercall of {@code pv}'s ecall at {@code pc}. */
    void call(ParaVcpu pv, Hart hart, long pc) {
        long nr = hart.x(A7), a0 = hart.x(A0), a1 = hart.x(A1), a2 = hart.x(A2);
        boolean known = nr >= 0 && nr < ParaAbi.HC_COUNT;
        para.count(known ? KEYS[(int) nr] : "hypercall.unknown");
        hart.setPc(pc + 4);
        long result;
        switch (known ? (int) nr : -1) {
            case ParaAbi.HC_CONSOLE_WRITE -> result = consoleWrite(a0, a1);
            case ParaAbi.HC_CONSOLE_READ -> result = consoleRead(a0, a1);
            case ParaAbi.HC_SET_TIMER -> {
                pv.timerDeadline = a0 == -1 ? Long.MAX_VALUE : a0;
                pv.clear(ParaAbi.EVENT_TIMER);
                hart.requestExit();                 // the machine reconsiders its next deadline
                result = 0;
            }
            case ParaAbi.HC_SET_CALLBACKS -> {
                pv.userTrapEntry = a0;
                pv.syscallEntry = a1;
                pv.kernelTrapEntry = a2;
                result = 0;
            }
            case ParaAbi.HC_IRET -> {
                if (pv.info < 0) {
                    result = -ParaAbi.EINVAL;                  // nothing was bounced: no info page
                } else {
                    para.bounce.iret(pv, hart);
                    return;
                }
            }
            case ParaAbi.HC_REGISTER_VCPU_INFO -> result = registerInfo(pv, a0);
            case ParaAbi.HC_EVENT_CHECK -> result = 0;     // the hypervisor delivers pending events on the way back
            case ParaAbi.HC_SET_USER_SLOTS -> {
                if (a0 < 0 || a1 < 0 || a0 + a1 > Sv39.ENTRIES) {
                    result = -ParaAbi.EINVAL;
                } else {
                    para.views.setSlots((int) a0, (int) a1);
                    result = 0;
                }
            }
            case ParaAbi.HC_MMU_UPDATE -> {
                long[] failed = {0};
                result = mmuUpdate(a0, a1, failed);
                if (result < 0) hart.setX(A1, failed[0]);
            }
            case ParaAbi.HC_MMU_PIN -> {
                result = (a0 & ParaAbi.MMU_OP_MASK) != 0 ? -ParaAbi.EINVAL : request(a0 | ParaAbi.MMU_PIN, a1);
                finish(result, result == 0);
            }
            case ParaAbi.HC_MMU_UNPIN ->
                result = (a0 & ParaAbi.MMU_OP_MASK) != 0 ? -ParaAbi.EINVAL : request(a0 | ParaAbi.MMU_UNPIN, 0);
            case ParaAbi.HC_MMU_NEW_BASEPTR -> {
                if (para.tables.levelOf(a0) != 2 || (a0 & 0xFFF) != 0) {
                    result = -ParaAbi.EINVAL;
                } else {
                    pv.root = a0;
                    para.bounce.useRoot(pv, hart);
                    hart.flushTranslations();       // even for the same root, as SATP + SFENCE.VMA would
                    result = 0;
                }
            }
            case ParaAbi.HC_TLB_FLUSH -> {
                if (a1 == 0 || a1 == 1L << pv.vcpu.index()) hart.flushTranslations();
                else hv.flushTranslations(domain);
                result = 0;
            }
            case ParaAbi.HC_YIELD -> {
                hv.yieldSlice(pv.vcpu);
                result = 0;
            }
            case ParaAbi.HC_BLOCK -> {
                hart.setX(A0, 0);
                hv.waitForInterrupt(pv.vcpu);       // unless an event is pending already
                return;
            }
            case ParaAbi.HC_VCPU_UP -> result = para.startVcpu(pv, a0, a1, a2);
            case ParaAbi.HC_VCPU_DOWN -> {
                hv.stop(pv.vcpu);
                result = 0;
            }
            case ParaAbi.HC_SHUTDOWN -> result = shutdown(a0, a1);
            default -> result = -ParaAbi.ENOSYS;
        }
        hart.setX(A0, result);
        if (hv.trace().recording())
            para.trace(pv, pc, "hypercall", (known ? ParaAbi.hypercallName(nr) : "#" + nr)
                    + String.format("(0x%x, 0x%x, 0x%x) -> %d", a0, a1, a2, result));
    }

    private long consoleWrite(long buf, long len) {
        if (len < 0 || len > MAX_CONSOLE) return -ParaAbi.EINVAL;
        long host = memory.hostAddress(buf, len);
        if (host < 0) return -ParaAbi.EFAULT;
        byte[] bytes = new byte[(int) len];
        ram.readBytes(host, bytes, 0, bytes.length);
        for (byte b : bytes) domain.consoleWrite(b);
        return len;
    }

    /** Takes waiting console input from the domain's UART, where the hypervisor queues it. */
    private long consoleRead(long buf, long len) {
        if (len < 0 || len > MAX_CONSOLE) return -ParaAbi.EINVAL;
        long host = memory.hostAddress(buf, len);
        if (host < 0) return -ParaAbi.EFAULT;
        int n = 0;
        while (n < len && (domain.board().uart().read(UART_LSR, 1) & LSR_DATA_READY) != 0)
            ram.write(host + n++, 1, domain.board().uart().read(UART_RBR, 1));
        return n;
    }

    private long registerInfo(ParaVcpu pv, long gpa) {
        if ((gpa & 0xFFF) != 0) return -ParaAbi.EINVAL;
        long host = memory.hostAddress(gpa, 4096);
        if (host < 0) return -ParaAbi.EFAULT;
        if (para.tables.levelOf(host) >= 0) return -ParaAbi.EBUSY;
        pv.register(host);
        return 0;
    }

    /** HC_MMU_UPDATE: the requests in order, up to the first refused one (its index goes to failed[0]). */
    private long mmuUpdate(long reqs, long n, long[] failed) {
        if (n < 0 || n > ParaAbi.MMU_MAX_BATCH) return -ParaAbi.EINVAL;
        long host = memory.hostAddress(reqs, n * 16);
        if (host < 0) return -ParaAbi.EFAULT;
        para.count("batch.mmu_update");
        domain.counters().add("batch.requests", n);
        para.count(n <= 1 ? "batch.size.1" : n <= 8 ? "batch.size.2-8" : n <= 64 ? "batch.size.9-64" : "batch.size.65+");
        boolean pinned = false;
        long result = n;
        for (int i = 0; i < n; i++) {
            long ptr = ram.read(host + i * 16L, 8), val = ram.read(host + i * 16L + 8, 8);
            long r = request(ptr, val);
            if (r < 0) {
                failed[0] = i;
                result = r;
                break;
            }
            pinned |= (ptr & ParaAbi.MMU_OP_MASK) == ParaAbi.MMU_PIN;
        }
        finish(0, pinned);
        return result;
    }

    /** One page-table request: {ptr | op, val} (ptr a machine address). */
    private long request(long ptr, long val) {
        long addr = ptr & ~(long) ParaAbi.MMU_OP_MASK;
        switch ((int) (ptr & ParaAbi.MMU_OP_MASK)) {
            case ParaAbi.MMU_PT_UPDATE:
                return para.tables.update(addr, val);
            case ParaAbi.MMU_PIN:
                if (val < 0 || val > 2) return -ParaAbi.EINVAL;
                long r = para.tables.pin(addr, (int) val);
                if (r == 0) para.count("pv.pin");
                return r;
            case ParaAbi.MMU_UNPIN:
                long u = para.tables.unpin(addr);
                if (u == 0) para.count("pv.unpin");
                return u;
            default:
                return -ParaAbi.EINVAL;
        }
    }

    /**
     * After pinning: a page the guest could write until now is a table, so translations that
     * still allow writing it (cached while it was an ordinary page, or through the boot map) go.
     */
    private long finish(long result, boolean pinned) {
        if (pinned && (para.tables.takeWritableDropped() | para.bootMapInUse())) {
            hv.flushTranslations(domain);
            para.count("tlb.flush_for_pin");
        }
        return result;
    }

    private long shutdown(long reason, long status) {
        switch ((int) reason) {
            case ParaAbi.SHUTDOWN_POWEROFF -> hv.powerOff(domain, (int) status);
            case ParaAbi.SHUTDOWN_REBOOT -> hv.requestReboot(domain);
            case ParaAbi.SHUTDOWN_CRASH -> hv.powerOff(domain, status == 0 ? 1 : (int) status);
            default -> {
                return -ParaAbi.EINVAL;
            }
        }
        return 0;
    }
}
