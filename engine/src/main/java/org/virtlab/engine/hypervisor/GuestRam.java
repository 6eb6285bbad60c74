package org.virtlab.engine.hypervisor;

import java.util.Arrays;
import org.virtlab.engine.memory.DmaMemory;
import org.virtlab.engine.memory.Ram;

/**
 * A domain's RAM as its devices and its boot loader see it: addressed by guest-physical
 * address, translated through {@link DomainMemory} to the domain's slice of host {@link Ram}.
 * This is what a domain's virtio devices DMA through, so a driver's addresses reach the
 * domain's own memory or nothing (shared/DESIGN.md section 3, "hypervisor"): {@link #contains}
 * is false for every range not wholly inside the domain, and the virtqueue's bounds checks
 * then refuse it with the usual virtio error (DEVICE_NEEDS_RESET).
 *
 * <p>Callers check {@link #contains} first, as {@link DmaMemory} requires. Should one not, an
 * access outside the domain still never reaches host memory: reads give 0, writes are
 * dropped. Accesses go through host {@link Ram}'s own methods, which keep decoded-code caches
 * coherent and copy snapshot-shared pages before writing.
 */
public final class GuestRam implements DmaMemory {

    private final DomainMemory memory;
    private final Ram host;

    public GuestRam(DomainMemory memory) {
        this.memory = memory;
        this.host = memory.hostRam();
    }

    /** The domain's memory: guest range, host range. */
    public DomainMemory domain() {
        return memory;
    }

    /** The first guest-physical address of RAM (0x8000_0000). */
    public long base() {
        return memory.guestBase();
    }

    /** Bytes of RAM the domain has. */
    public long size() {
        return memory.size();
    }

    @Override
    public boolean contains(long gpa, long length) {
        return memory.contains(gpa, length);
    }

    @Override
    public long read(long gpa, int size) {
        long hpa = memory.hostAddress(gpa, size);
        return hpa < 0 ? 0 : host.read(hpa, size);
    }

    @Override
    public void write(long gpa, int size, long value) {
        long hpa = memory.hostAddress(gpa, size);
        if (hpa >= 0) host.write(hpa, size, value);
    }

    @Override
    public void readBytes(long gpa, byte[] dst, int off, int len) {
        long hpa = memory.hostAddress(gpa, len);
        if (hpa < 0) Arrays.fill(dst, off, off + len, (byte) 0);
        else host.readBytes(hpa, dst, off, len);
    }

    @Override
    public void writeBytes(long gpa, byte[] src, int off, int len) {
        long hpa = memory.hostAddress(gpa, len);
        if (hpa >= 0) host.writeBytes(hpa, src, off, len);
    }
}
