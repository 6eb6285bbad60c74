package org.virtlab.server.accounts;

/**
 * What one user may use (docs/server.md, "Accounts and quotas"): how many labs they may own,
 * how much guest memory one lab may have (a preset needing more is refused), and their CPU
 * share, the weight with which the runner pool shares its threads between users who are busy at
 * the same time (a share of 2 gets about twice the runner time of a share of 1).
 *
 * @param labs      labs the user may own
 * @param memoryMiB guest memory per lab, in MiB (a preset's whole machine: every domain and the hypervisor's own)
 * @param cpuShare  weight in the runner pool, at least 1
 */
public record Quotas(int labs, int memoryMiB, int cpuShare) {
    /** Highest values an admin may set: sanity limits, not promises. */
    public static final int MAX_LABS = 1000;
    public static final int MAX_MEMORY_MIB = 1 << 20;
    public static final int MAX_CPU_SHARE = 100;

    public Quotas {
        check("labs", labs, 0, MAX_LABS);
        check("memoryMiB", memoryMiB, 1, MAX_MEMORY_MIB);
        check("cpuShare", cpuShare, 1, MAX_CPU_SHARE);
    }

    /** The quotas in effect for {@code u}: its overrides over {@code defaults}. */
    public static Quotas of(User u, Quotas defaults) {
        return new Quotas(u.labQuota() != null ? u.labQuota() : defaults.labs,
                u.memoryQuotaMiB() != null ? u.memoryQuotaMiB() : defaults.memoryMiB,
                u.cpuShare() != null ? u.cpuShare() : defaults.cpuShare);
    }

    /** Throws when {@code value} is outside [min, max], naming the quota. */
    public static void check(String name, int value, int min, int max) {
        if (value < min || value > max)
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", not " + value);
    }
}
