package org.virtlab.engine.devices;

import java.util.SplittableRandom;
import org.virtlab.engine.memory.MmioDevice;

/**
 * Throws random accesses at a device, as a buggy or hostile guest would: offsets anywhere in
 * (and a little beyond) the region, including every register, sizes 1/2/4/8 and odd values.
 * A device passes by not throwing.
 */
public final class GuestGarbage {

    private GuestGarbage() { }

    private static final int[] SIZES = {1, 2, 4, 8};

    public static void hammer(MmioDevice device, long regionSize, long seed, int accesses) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < accesses; i++) {
            long offset;
            switch (rnd.nextInt(4)) {
                case 0 -> offset = rnd.nextLong(regionSize);
                case 1 -> offset = rnd.nextLong(Math.min(regionSize, 0x100));      // the dense low registers
                case 2 -> offset = regionSize - 1 - rnd.nextLong(Math.min(regionSize, 0x10000));
                default -> offset = rnd.nextLong();                                 // way outside
            }
            if (rnd.nextInt(8) == 0) offset &= ~7L;
            int size = SIZES[rnd.nextInt(SIZES.length)];
            long value = rnd.nextInt(4) == 0 ? -1L : rnd.nextLong();
            if (rnd.nextBoolean()) device.read(offset, size);
            else device.write(offset, size, value);
        }
    }
}
