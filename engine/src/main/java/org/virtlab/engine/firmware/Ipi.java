package org.virtlab.engine.firmware;

import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.cpu.Hart;
import org.virtlab.engine.machine.Machine;

/**
 * IPI extension, EID 0x735049 "sPI" (SBI spec v2.0, chapter "IPI Extension"): send_ipi(hart_mask,
 * hart_mask_base) raises a supervisor software interrupt (sip.SSIP) on every selected hart.
 *
 * <p>SSIP is set through sip, not mip: a read of mip includes SEIP as driven by the PLIC, and
 * writing that value back would latch it into the software-writable SEIP bit. mideleg.SSIP is
 * always set by the firmware, which makes sip.SSIP writable.
 */
final class Ipi extends SbiExtension {
    static final long EID = 0x735049L;
    static final long SSIP = 1L << 1;

    private static final String[] FUNCTIONS = {"send_ipi"};

    private final Machine machine;

    Ipi(Machine machine) {
        super("IPI", EID, FUNCTIONS);
        this.machine = machine;
    }

    @Override
    public SbiRet call(SbiCall c) {
        long targets = HartMask.targets(c.arg(0), c.arg(1), machine.hartCount());
        if (targets == HartMask.INVALID) return SbiRet.error(SbiError.INVALID_PARAM);
        send(machine, targets);
        return SbiRet.ok();
    }

    /** Sets sip.SSIP on every hart in the set (shared with the legacy send_ipi). */
    static void send(Machine machine, long targets) {
        for (int id = 0; id < machine.hartCount(); id++) {
            if ((targets >>> id & 1) == 0) continue;
            Hart h = machine.hart(id);
            h.writeCsr(CsrNames.SIP, h.readCsr(CsrNames.SIP) | SSIP);
        }
    }
}
