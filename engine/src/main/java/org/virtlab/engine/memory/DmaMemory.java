package org.virtlab.engine.memory;

/**
 * The memory a DMA-capable device reads and writes: what a virtio transport sees behind the
 * addresses a driver hands it. On the physical board that is the machine's {@link Ram}; in a
 * hypervisor domain it is the domain's own RAM at guest-physical addresses
 * (org.virtlab.engine.hypervisor.GuestRam), so a device can reach nothing else.
 *
 * <p>Callers check {@link #contains} before every access: the address ranges come from a
 * guest and may name anything. Accesses are little-endian; {@code size} is 1, 2, 4 or 8. Byte
 * writes keep decoded-code caches coherent, so code loaded by DMA is never executed stale.
 */
public interface DmaMemory {

    /** Whether all of [addr, addr + length) is this memory. */
    boolean contains(long addr, long length);

    /** Reads {@code size} bytes (1/2/4/8) at {@code addr}, zero-extended. */
    long read(long addr, int size);

    /** Writes the low {@code size} bytes (1/2/4/8) of {@code value} at {@code addr}. */
    void write(long addr, int size, long value);

    /** Copies {@code len} bytes at {@code addr} into {@code dst} from {@code off}. */
    void readBytes(long addr, byte[] dst, int off, int len);

    /** Copies {@code len} bytes of {@code src} from {@code off} to {@code addr}. */
    void writeBytes(long addr, byte[] src, int off, int len);
}
