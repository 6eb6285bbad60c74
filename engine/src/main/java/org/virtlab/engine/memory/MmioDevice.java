package org.virtlab.engine.memory;

/**
 * A device register window on the physical bus.
 *
 * <p>The bus calls {@link #read} and {@link #write} with the offset from the start of the
 * device's region and an access size of 1, 2, 4 or 8 bytes. Values are little-endian and
 * zero-extended to 64 bits. A device must accept any offset and size a guest can produce:
 * writes it does not understand are ignored, reads of holes return 0. A device never throws
 * because of what a guest wrote.
 */
public interface MmioDevice {

    /** Reads {@code size} bytes at {@code offset}; the result is zero-extended. */
    long read(long offset, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
    void write(long offset, int size, long value);
}
