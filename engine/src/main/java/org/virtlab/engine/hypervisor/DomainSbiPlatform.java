package org.virtlab.engine.hypervisor;

import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.hypervisor.sbi.GuestSbiPlatform;

/**
 * What every technique's guest SBI does the same way: the domain's vCPUs as harts, stopping
 * one, power off and reboot of the domain, and its console (output to the domain's stream,
 * input read from its UART as a driver would, so SBI input and UART input are one queue). A
 * technique adds what differs: the timer, IPIs, fences and starting a vCPU in its own mode.
 */
public abstract class DomainSbiPlatform implements GuestSbiPlatform {
    private static final int RBR = 0, LCR = 3, LSR = 5, LSR_DR = 1, LCR_DLAB = 0x80;

    protected final Hypervisor hv;
    protected final Domain domain;

    protected DomainSbiPlatform(Hypervisor hv, Domain domain) {
        this.hv = hv;
        this.domain = domain;
    }

    protected VCpu vcpu(int i) {
        return domain.vcpus().get(i);
    }

    @Override
    public int vcpuCount() {
        return domain.vcpus().size();
    }

    @Override
    public boolean isRunning(int vcpu) {
        return vcpu(vcpu).state() != VCpu.State.STOPPED;
    }

    @Override
    public void stopVcpu(int vcpu) {
        hv.stop(vcpu(vcpu));
    }

    @Override
    public void shutdown(int exitCode) {
        hv.powerOff(domain, exitCode);
    }

    @Override
    public void reboot() {
        hv.requestReboot(domain);
    }

    @Override
    public void consoleWrite(int b) {
        domain.consoleWrite(b);
    }

    @Override
    public int consoleRead() {
        long uart = VirtMemoryMap.UART0_BASE;
        if ((domain.board().read(uart + LCR, 1) & LCR_DLAB) != 0) return -1;
        if ((domain.board().read(uart + LSR, 1) & LSR_DR) == 0) return -1;
        return (int) domain.board().read(uart + RBR, 1) & 0xFF;
    }

    @Override
    public DomainMemory memory() {
        return domain.memory();
    }
}
