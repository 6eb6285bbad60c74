package org.virtlab.engine.hypervisor;

import org.virtlab.engine.memory.Ram;

/**
 * A domain's RAM: the guest-physical range [{@link #guestBase}, guestBase + size) carved out of
 * host RAM at [{@link #hostBase}, hostBase + size). The hypervisor partitions host RAM among
 * domains this way (shared/DESIGN.md section 3); every guest-physical address a domain can
 * name is translated here, and anything outside its range is not memory — a device region or
 * nothing. No translation ever leaves the domain's own host range.
 */
public final class DomainMemory {
    /** Where guest RAM starts in every domain, as on the virt board. */
    public static final long GUEST_RAM_BASE = 0x8000_0000L;

    private final Ram host;
    private final long guestBase;
    private final long hostBase;
    private final long size;

    /**
     * @throws IllegalArgumentException the range is not page-aligned or not inside host RAM
     */
    public DomainMemory(Ram host, long hostBase, long size) {
        this(host, GUEST_RAM_BASE, hostBase, size);
    }

    public DomainMemory(Ram host, long guestBase, long hostBase, long size) {
        if (((guestBase | hostBase | size) & 0xFFF) != 0 || size <= 0)
            throw new IllegalArgumentException("domain memory must be whole 4 KiB pages");
        if (!host.contains(hostBase, size))
            throw new IllegalArgumentException(String.format(
                    "domain memory 0x%x-0x%x is not inside host RAM", hostBase, hostBase + size - 1));
        this.host = host;
        this.guestBase = guestBase;
        this.hostBase = hostBase;
        this.size = size;
    }

    public Ram hostRam() {
        return host;
    }

    public long guestBase() {
        return guestBase;
    }

    public long hostBase() {
        return hostBase;
    }

    public long size() {
        return size;
    }

    /** Whether all of [gpa, gpa + length) is this domain's RAM. */
    public boolean contains(long gpa, long length) {
        long off = gpa - guestBase;
        return length >= 0 && Long.compareUnsigned(off, size) < 0 && Long.compareUnsigned(length, size - off) <= 0;
    }

    /** The host-physical address of guest-physical {@code gpa}, or -1 when [gpa, gpa + length) is not all RAM. */
    public long hostAddress(long gpa, long length) {
        return contains(gpa, length) ? hostBase + (gpa - guestBase) : -1;
    }

    /** Whether host-physical [hpa, hpa + length) lies inside this domain's RAM. */
    public boolean ownsHost(long hpa, long length) {
        long off = hpa - hostBase;
        return length >= 0 && Long.compareUnsigned(off, size) < 0 && Long.compareUnsigned(length, size - off) <= 0;
    }
}
