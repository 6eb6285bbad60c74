package org.virtlab.engine.hypervisor.sbi;

import java.util.List;
import org.virtlab.engine.firmware.SbiError;

/**
 * A domain's SBI (SBI spec v2.0), answered by the hypervisor: when a vCPU in virtual S-mode
 * executes ECALL, the hypervisor passes the vCPU's a0..a7 to {@link #call} and writes the
 * {@link SbiResult} back, as KVM's SBI does for its guests.
 *
 * <p>Extensions: BASE, TIME, IPI, RFENCE, HSM, SRST, DBCN and the legacy EIDs 0x00-0x08. a7
 * selects the extension, a6 the function; an unknown extension or function returns
 * SBI_ERR_NOT_SUPPORTED ("Binary Encoding"). Every call is counted ({@link #counters}).
 * Nothing a guest passes makes this class throw.
 */
public final class GuestSbi {
    /** The extensions, in the order the counters list them. Stateless, so shared by all domains. */
    private static final List<GuestExtension> EXTENSIONS = List.of(
            new Base(), new Timer(), new Ipi(), new Rfence(), new Hsm(), new Srst(), new Dbcn(), new Legacy());

    private final GuestSbiPlatform platform;
    private final GuestSbiCounters counters = new GuestSbiCounters(EXTENSIONS);

    public GuestSbi(GuestSbiPlatform platform) {
        this.platform = platform;
    }

    /**
     * Answers one SBI call of vCPU {@code vcpu}.
     *
     * @param a the vCPU's a0..a7 (at least 8 values; a7 = EID, a6 = FID); not modified
     * @throws IllegalArgumentException if {@code vcpu} is not a vCPU of the domain or {@code a}
     *         has fewer than 8 values (hypervisor bugs, never the guest's doing)
     */
    public SbiResult call(int vcpu, long[] a) {
        if (vcpu < 0 || vcpu >= platform.vcpuCount())
            throw new IllegalArgumentException("vCPU " + vcpu + " is not in this domain (it has " + platform.vcpuCount() + ")");
        if (a.length < 8) throw new IllegalArgumentException("an SBI call needs a0..a7, got " + a.length + " registers");
        long eid = a[7], fid = a[6];
        for (int e = 0; e < EXTENSIONS.size(); e++) {
            GuestExtension ext = EXTENSIONS.get(e);
            if (!ext.handles(eid)) continue;
            int function = ext.functionIndex(eid, fid);
            if (function < 0) break;
            counters.countCall(e, function);
            return ext.call(new GuestCall(platform, vcpu, a), function);
        }
        counters.countUnsupported();
        return SbiResult.error(SbiError.NOT_SUPPORTED);
    }

    /** The call counts of this domain. */
    public GuestSbiCounters counters() {
        return counters;
    }

    /**
     * A call's name for the event trace: "SBI TIME.set_timer", "SBI LEGACY.console_putchar"
     * (legacy EIDs ignore the FID), "SBI HSM fid 0x9 (not supported)", "SBI eid 0x4e41434c fid
     * 0x0 (not supported)".
     */
    public static String describe(long eid, long fid) {
        for (GuestExtension ext : EXTENSIONS) {
            if (!ext.handles(eid)) continue;
            int function = ext.functionIndex(eid, fid);
            if (function < 0) return "SBI " + ext.name() + " fid 0x" + Long.toHexString(fid) + " (not supported)";
            return "SBI " + ext.name() + "." + ext.functionName(function);
        }
        return "SBI eid 0x" + Long.toHexString(eid) + " fid 0x" + Long.toHexString(fid) + " (not supported)";
    }

    /** Whether an extension ID is answered (for BASE probe_extension). */
    static boolean implemented(long eid) {
        for (GuestExtension ext : EXTENSIONS) if (ext.handles(eid)) return true;
        return false;
    }
}
