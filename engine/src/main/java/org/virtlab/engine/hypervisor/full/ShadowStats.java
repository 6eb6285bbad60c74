package org.virtlab.engine.hypervisor.full;

/**
 * A snapshot of {@link ShadowPageTables}' counters (shared/DESIGN.md section 4, "shadow-page
 * faults, TLB flushes").
 *
 * @param fills               shadow leaves written by {@code handleFault}
 * @param guestPageFaults     faults reflected to the guest as page faults
 * @param guestAccessFaults   guest walks that touched a non-RAM page-table address
 * @param notRam              translations that reached a non-RAM guest-physical address (MMIO)
 * @param flushAll            guest SFENCE.VMA x0, x0
 * @param flushAsid           guest SFENCE.VMA x0, asid
 * @param flushPage           guest SFENCE.VMA va, x0
 * @param flushPageAsid       guest SFENCE.VMA va, asid
 * @param switchDrops         times caching OFF dropped the shadows on a guest satp switch
 * @param evictions           address spaces evicted to stay within the cache bound (caching ON)
 * @param mxrDrops            times clearing the guest's MXR dropped shadows with MXR-granted reads
 * @param poolResets          times the pool ran out and every shadow was dropped
 * @param pagesInUse          pool pages holding shadow tables now
 * @param poolPages           pool size in pages
 * @param cachedAddressSpaces guest address spaces (satp values) with shadows now
 * @param cachedShadows       translated shadows now ((satp, context) pairs; the Bare one not counted)
 * @param guestAdUpdates      A/D bits set in guest page-table entries
 */
public record ShadowStats(long fills, long guestPageFaults, long guestAccessFaults, long notRam,
                          long flushAll, long flushAsid, long flushPage, long flushPageAsid,
                          long switchDrops, long evictions, long mxrDrops, long poolResets,
                          int pagesInUse, int poolPages, int cachedAddressSpaces, int cachedShadows,
                          long guestAdUpdates) {
}
