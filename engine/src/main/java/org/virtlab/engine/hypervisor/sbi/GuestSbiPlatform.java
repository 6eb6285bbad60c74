package org.virtlab.engine.hypervisor.sbi;

import java.util.OptionalLong;
import org.virtlab.engine.hypervisor.DomainMemory;

/**
 * What the hypervisor gives a domain's {@link GuestSbi}: the domain's vCPUs, console, power
 * control and memory. vCPUs are numbered 0 .. {@link #vcpuCount()} - 1; that number is the
 * guest's hart ID. {@link GuestSbi} only passes vCPU numbers it has checked are in range.
 *
 * <p>Nothing here may throw for anything the guest asked: a refused request is a return value.
 */
public interface GuestSbiPlatform {

    /** The number of vCPUs of the domain (at least 1). */
    int vcpuCount();

    /** Whether the vCPU is HSM STARTED (true) or STOPPED (false). */
    boolean isRunning(int vcpu);

    /**
     * Programs the vCPU's virtual timer to fire at {@code stimeValue} (absolute, in the guest's
     * time base): SBI spec v2.0, "Timer Extension", set_timer. A value in the future clears the
     * vCPU's pending virtual timer interrupt (STIP); the interrupt becomes pending when the
     * guest's time reaches the value. (uint64_t)-1 means "never".
     */
    void setTimer(int vcpu, long stimeValue);

    /** Makes a supervisor software interrupt (virtual sip.SSIP) pending on the vCPU. */
    void sendSoftwareInterrupt(int vcpu);

    /**
     * Clears the vCPU's pending virtual SSIP (legacy clear_ipi) and tells whether it was pending.
     */
    boolean clearSoftwareInterrupt(int vcpu);

    /**
     * Makes the vCPU execute {@code kind} before it next runs guest code. {@code start} and
     * {@code size} give the guest-virtual range (start 0 size 0, or size 2^64-1, means the whole
     * address space); they are 0 for FENCE_I, and {@code asid} is 0 unless kind is
     * SFENCE_VMA_ASID. Flushing more than asked is always allowed.
     */
    void remoteFence(int vcpu, FenceKind kind, long start, long size, long asid);

    /**
     * Starts a STOPPED vCPU (HSM hart_start): in virtual S-mode at {@code startAddr} (a
     * guest-physical address), with satp = 0, sstatus.SIE = 0, a0 = vcpu, a1 = {@code opaque}
     * (SBI spec v2.0, table "HSM Hart Start Register State"). The platform checks that
     * startAddr is executable domain memory; if not, it starts nothing and returns
     * {@code SbiError.INVALID_ADDRESS}. Returns an {@code org.virtlab.engine.firmware.SbiError}
     * code: 0 when the vCPU is started.
     */
    long startVcpu(int vcpu, long startAddr, long opaque);

    /** Stops the calling vCPU (HSM hart_stop): it becomes STOPPED and runs no more until started. */
    void stopVcpu(int vcpu);

    /** Powers the domain off (SRST shutdown, legacy shutdown). Exit code 0 normal, 1 system failure. */
    void shutdown(int exitCode);

    /** Resets the domain and boots it again (SRST cold or warm reboot). */
    void reboot();

    /** Writes one byte to the domain's console. */
    void consoleWrite(int b);

    /** The next byte typed on the domain's console, or -1 when there is none. Never blocks. */
    int consoleRead();

    /** The domain's RAM, where DBCN buffers must lie. */
    DomainMemory memory();

    /**
     * Reads the unsigned long (8 bytes, little-endian, any alignment) at guest-virtual
     * {@code va} as a load by the vCPU's virtual S-mode would: through the guest's own satp,
     * honouring sstatus.SUM and MXR; used for the legacy hart-mask pointers. If the load
     * faults, the platform delivers the fault to the guest's virtual S-mode (load page fault or
     * load access fault, stval = the faulting address, sepc = the ecall, as SBI spec v2.0
     * "Legacy Extensions" requires) and returns empty; the SBI call then does not return.
     */
    OptionalLong readGuestVirtualLong(int vcpu, long va);
}
