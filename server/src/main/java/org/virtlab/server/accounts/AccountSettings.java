package org.virtlab.server.accounts;

/**
 * How {@code virtlab serve} sets up accounts (docs/server.md, "Accounts and quotas"): the account
 * that is always an admin, and the default quotas an admin can override per user (the default
 * number of labs per user is {@code Config.labsPerUser}).
 *
 * @param adminName       an account name that is made admin when it signs up, and at every
 *                        start if it exists ({@code --admin}, {@code VIRTLAB_ADMIN}); null for none
 * @param memoryPerLabMiB default guest memory per lab, in MiB
 * @param cpuShare        default CPU share (weight in the runner pool)
 */
public record AccountSettings(String adminName, int memoryPerLabMiB, int cpuShare) {
    /** No named admin; 512 MiB per lab (every preset fits); share 1. */
    public static AccountSettings defaults() {
        return new AccountSettings(null, 512, 1);
    }

    public AccountSettings {
        if (adminName != null && adminName.isBlank()) adminName = null;
        Quotas.check("memory per lab (MiB)", memoryPerLabMiB, 1, Quotas.MAX_MEMORY_MIB);
        Quotas.check("CPU share", cpuShare, 1, Quotas.MAX_CPU_SHARE);
    }

    public AccountSettings withAdmin(String name) {
        return new AccountSettings(name, memoryPerLabMiB, cpuShare);
    }

    public AccountSettings withMemoryPerLabMiB(int mib) {
        return new AccountSettings(adminName, mib, cpuShare);
    }

    public AccountSettings withCpuShare(int share) {
        return new AccountSettings(adminName, memoryPerLabMiB, share);
    }

    /** The default quotas, with {@code labsPerUser} labs. */
    public Quotas quotas(int labsPerUser) {
        return new Quotas(labsPerUser, memoryPerLabMiB, cpuShare);
    }
}
