package org.virtlab.engine.devices;

/**
 * Byte-lane arithmetic for registers reached by narrower or wider bus accesses: a 32-bit
 * access to one half of a 64-bit {@code mtimecmp}, a byte access to a 16550 register.
 * Everything little-endian, as the bus is.
 */
public final class RegisterLanes {

    private RegisterLanes() { }

    /** True for the access sizes the bus produces: 1, 2, 4 and 8 bytes. */
    public static boolean validSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }

    /** The low {@code size} bytes set: 0xff, 0xffff, 0xffff_ffff or all ones. */
    public static long mask(int size) {
        return size >= 8 ? -1L : (1L << (8 * size)) - 1;
    }

    /**
     * True when an access of {@code size} bytes at byte {@code lane} of a register of
     * {@code regBytes} bytes stays inside the register.
     */
    public static boolean fits(long lane, int size, int regBytes) {
        return validSize(size) && lane >= 0 && lane + size <= regBytes;
    }

    /** The {@code size} bytes of {@code reg} starting at byte {@code lane}. */
    public static long extract(long reg, long lane, int size) {
        return (reg >>> (8 * lane)) & mask(size);
    }

    /** {@code reg} with the {@code size} bytes from byte {@code lane} replaced by {@code value}. */
    public static long deposit(long reg, long lane, int size, long value) {
        long m = mask(size) << (8 * lane);
        return (reg & ~m) | ((value << (8 * lane)) & m);
    }
}
