package org.virtlab.engine.hypervisor.full;

import java.util.OptionalLong;
import org.virtlab.engine.cpu.CsrNames;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.DomainSbiPlatform;
import org.virtlab.engine.hypervisor.Hypervisor;
import org.virtlab.engine.hypervisor.VCpu;
import org.virtlab.engine.firmware.SbiError;
import org.virtlab.engine.hypervisor.sbi.FenceKind;

/**
 * What the guest's SBI acts on under full virtualization: the domain's vCPUs, their virtual
 * CSR files (the timer is the virtual stimecmp, an IPI the virtual SSIP), the shadow tables
 * (remote sfence), and the domain's console and power.
 */
final class FullSbiPlatform extends DomainSbiPlatform {
    private static final long MIP_SSIP = 1L << 1;

    private final FullVirtualization full;

    FullSbiPlatform(Hypervisor hv, Domain domain, FullVirtualization full) {
        super(hv, domain);
        this.full = full;
    }

    @Override
    public void setTimer(int vcpu, long stimeValue) {
        VCpu v = vcpu(vcpu);
        v.virtualHart().setCsr(CsrNames.STIMECMP, stimeValue);
        hv.attend(v);
    }

    @Override
    public void sendSoftwareInterrupt(int vcpu) {
        VCpu v = vcpu(vcpu);
        VirtualHart vh = v.virtualHart();
        vh.setCsr(CsrNames.MIP, vh.csr(CsrNames.MIP) | MIP_SSIP);
        hv.attend(v);
    }

    @Override
    public boolean clearSoftwareInterrupt(int vcpu) {
        VirtualHart vh = vcpu(vcpu).virtualHart();
        long mip = vh.csr(CsrNames.MIP);
        vh.setCsr(CsrNames.MIP, mip & ~MIP_SSIP);
        return (mip & MIP_SSIP) != 0;
    }

    @Override
    public OptionalLong readGuestVirtualLong(int vcpu, long va) {
        return full.readGuestVirtualLong(vcpu(vcpu), va);
    }

    @Override
    public void remoteFence(int vcpu, FenceKind kind, long start, long size, long asid) {
        if (kind == FenceKind.FENCE_I) return;      // decoded code is kept coherent with every write
        full.flushAllShadows();
    }

    @Override
    public long startVcpu(int vcpu, long startAddr, long opaque) {
        VCpu v = vcpu(vcpu);
        if ((startAddr & 1) != 0 || !domain.memory().contains(startAddr, 2)) return SbiError.INVALID_ADDRESS;
        v.setVirtualHart(VirtualHart.bootedBySbi(vcpu, hv::time, v::retired));
        for (int i = 1; i < 32; i++) v.setRegister(i, 0);
        v.setRegister(10, vcpu);
        v.setRegister(11, opaque);
        v.setPc(startAddr);
        hv.start(v);
        return 0;
    }

}
