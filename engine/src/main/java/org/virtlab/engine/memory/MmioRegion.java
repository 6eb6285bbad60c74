package org.virtlab.engine.memory;

/** A device mapped at [base, base + size) of the physical address space. */
public record MmioRegion(String name, long base, long size, MmioDevice device) {

    public MmioRegion {
        if (size <= 0) throw new IllegalArgumentException(name + ": region size must be positive");
        if (base + size < base && base + size != 0)
            throw new IllegalArgumentException(name + ": region wraps the address space");
    }

    public boolean contains(long paddr) {
        return Long.compareUnsigned(paddr - base, size) < 0;
    }

    public boolean overlaps(long otherBase, long otherSize) {
        return Long.compareUnsigned(otherBase, base + size) < 0 && Long.compareUnsigned(base, otherBase + otherSize) < 0;
    }
}
