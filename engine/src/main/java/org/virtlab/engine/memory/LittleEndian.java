package org.virtlab.engine.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Little-endian views of byte arrays. Plain (non-atomic) accesses through these handles may be
 * misaligned, which is how the hart performs misaligned loads and stores in hardware.
 */
public final class LittleEndian {
    public static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {
    }

    /** Reads {@code size} (1, 2, 4 or 8) bytes at {@code offset}, zero-extended. */
    public static long read(byte[] a, int offset, int size) {
        switch (size) {
            case 1: return a[offset] & 0xFFL;
            case 2: return (short) SHORT.get(a, offset) & 0xFFFFL;
            case 4: return (int) INT.get(a, offset) & 0xFFFF_FFFFL;
            default: return (long) LONG.get(a, offset);
        }
    }

    /** Writes the low {@code size} (1, 2, 4 or 8) bytes of {@code value} at {@code offset}. */
    public static void write(byte[] a, int offset, int size, long value) {
        switch (size) {
            case 1: a[offset] = (byte) value; break;
            case 2: SHORT.set(a, offset, (short) value); break;
            case 4: INT.set(a, offset, (int) value); break;
            default: LONG.set(a, offset, value); break;
        }
    }
}
