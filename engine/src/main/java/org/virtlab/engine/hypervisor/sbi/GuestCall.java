package org.virtlab.engine.hypervisor.sbi;

/**
 * One ecall of a guest as the guest SBI sees it: the calling vCPU, its a0..a7 and the platform
 * to act on. a7 is the extension ID, a6 the function ID, a0..a5 the arguments (SBI spec v2.0,
 * "Binary Encoding").
 */
final class GuestCall {
    private final GuestSbiPlatform platform;
    private final int vcpu;
    private final long[] a;

    GuestCall(GuestSbiPlatform platform, int vcpu, long[] a) {
        this.platform = platform;
        this.vcpu = vcpu;
        this.a = a;
    }

    GuestSbiPlatform platform() {
        return platform;
    }

    /** The calling vCPU. */
    int vcpu() {
        return vcpu;
    }

    long eid() {
        return a[7];
    }

    long fid() {
        return a[6];
    }

    /** Argument {@code i} (0..5): register a{@code i}. */
    long arg(int i) {
        return a[i];
    }

    /**
     * Argument {@code i} as the uint32_t some functions take: the upper bits are ignored, as the
     * spec leaves them ("Binary Encoding": 32-bit data uses only 32 bits).
     */
    long arg32(int i) {
        return a[i] & 0xFFFF_FFFFL;
    }

    /** Whether {@code id} (an unsigned hart ID from the guest) names a vCPU of the domain. */
    boolean isVcpu(long id) {
        return Long.compareUnsigned(id, platform.vcpuCount()) < 0;
    }
}
