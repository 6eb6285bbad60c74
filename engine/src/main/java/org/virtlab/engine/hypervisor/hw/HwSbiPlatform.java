package org.virtlab.engine.hypervisor.hw;

import java.util.OptionalLong;
import org.virtlab.engine.firmware.SbiError;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainSbiPlatform;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.VCpu;
import org.virtlab.engine.hypervisor.sbi.FenceKind;

/**
 * What the guest's SBI acts on under hardware-assisted virtualization: the timer is the vCPU's
 * vstimecmp (the guest may also write it directly, Sstc), an IPI sets VSSIP in its hvip, a
 * remote fence drops the vCPU's cached guest translations, and console and power are the
 * domain's, as under full virtualization.
 */
final class HwSbiPlatform extends DomainSbiPlatform {
    private final HardwareVirtualization hw;

    HwSbiPlatform(Hypervisor hv, Domain domain, HardwareVirtualization hw) {
        super(hv, domain);
        this.hw = hw;
    }

    @Override
    public void setTimer(int vcpu, long stimeValue) {
        hw.setTimer(vcpu(vcpu), stimeValue);
        hv.attend(vcpu(vcpu));
    }

    @Override
    public void sendSoftwareInterrupt(int vcpu) {
        hw.requestSoftwareInterrupt(vcpu(vcpu));
        hv.attend(vcpu(vcpu));
    }

    @Override
    public boolean clearSoftwareInterrupt(int vcpu) {
        return hw.clearSoftwareInterrupt(vcpu(vcpu));
    }

    @Override
    public OptionalLong readGuestVirtualLong(int vcpu, long va) {
        return hw.readGuestVirtualLong(vcpu(vcpu), va);
    }

    @Override
    public void remoteFence(int vcpu, FenceKind kind, long start, long size, long asid) {
        if (kind == FenceKind.FENCE_I) return;      // decoded code is kept coherent with every write
        hw.flushGuestTranslations(vcpu(vcpu));
    }

    @Override
    public long startVcpu(int vcpu, long startAddr, long opaque) {
        if ((startAddr & 1) != 0 || !domain.memory().contains(startAddr, 2)) return SbiError.INVALID_ADDRESS;
        VCpu v = vcpu(vcpu);
        hw.resetVcpu(v);
        for (int i = 1; i < 32; i++) v.setRegister(i, 0);
        v.setRegister(10, vcpu);
        v.setRegister(11, opaque);
        v.setPc(startAddr);
        hv.start(v);
        return 0;
    }

}
