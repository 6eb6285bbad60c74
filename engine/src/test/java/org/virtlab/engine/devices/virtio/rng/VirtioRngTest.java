package org.virtlab.engine.devices.virtio.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.devices.virtio.TestDriver;
import org.virtlab.engine.devices.virtio.TestDriver.Seg;
import org.virtlab.engine.devices.virtio.VirtioMmio;

/** virtio-rng (virtio 1.x, 5.4): buffers filled completely, the same bytes for the same seed. */
class VirtioRngTest {

    private static byte[] draw(VirtioRng rng, int... lengths) {
        TestDriver d = new TestDriver(rng, false).ready(0, 1, 8);
        int total = Arrays.stream(lengths).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (int n : lengths) {
            long buf = d.alloc(n);
            d.submit(0, Seg.out(buf, n));
            System.arraycopy(d.get(buf, n), 0, out, at, n);
            at += n;
        }
        assertEquals(lengths.length, d.usedIdx(0));
        assertEquals(lengths[0], d.usedLen(0, 0));
        return out;
    }

    @Test
    void theSameSeedGivesTheSameBytes() {
        byte[] a = draw(new VirtioRng(42), 64, 300);
        byte[] b = draw(new VirtioRng(42), 64, 300);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, draw(new VirtioRng(43), 64, 300)));
        assertFalse(Arrays.equals(new byte[364], a));
    }

    @Test
    void savedStateContinuesTheStream() {
        VirtioRng rng = new VirtioRng(7);
        draw(rng, 40);
        VirtioRng copy = new VirtioRng(rng.save());
        assertArrayEquals(draw(rng, 100), draw(copy, 100));
        assertEquals(2, rng.metrics().requests());
        assertEquals(140, rng.metrics().bytes());
    }

    @Test
    void secureDrawsFromTheHost() {
        VirtioRng rng = VirtioRng.secure();
        assertEquals(true, rng.save().secure());
        assertEquals(32, draw(rng, 32).length);
        TestDriver d = new TestDriver(rng, false);
        assertEquals(4, d.reg(VirtioMmio.DEVICE_ID));
    }
}
