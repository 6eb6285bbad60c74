package org.virtlab.engine.devices.virtio.rng;

import java.security.SecureRandom;
import org.virtlab.engine.devices.virtio.DescriptorChain;
import org.virtlab.engine.devices.virtio.VirtioDevice;
import org.virtlab.engine.devices.virtio.Virtqueue;

/**
 * A virtio entropy device (virtio 1.x, 5.4), device ID 4: one request queue whose writable
 * buffers it fills completely. No features, no configuration space.
 *
 * <p>Deterministic by default (shared/STYLE.md, "randomness injected"): the bytes come from
 * SplitMix64 (Steele, Lea and Flood, "Fast Splittable Pseudorandom Number Generators",
 * OOPSLA 2014) from a configured seed, so a run repeats exactly and its whole state is one
 * long. {@link #secure()} draws from the host's {@link SecureRandom} instead, for guests that
 * really need entropy; such a device cannot be replayed.
 */
public final class VirtioRng implements VirtioDevice {

    public static final int DEVICE_ID = 4;
    public static final int QUEUE_SIZE = 64;
    private static final long GOLDEN_GAMMA = 0x9e37_79b9_7f4a_7c15L;

    private final SecureRandom host;
    private long state;
    private final VirtioRngMetrics metrics = new VirtioRngMetrics();

    /** A deterministic device seeded with {@code seed}. */
    public VirtioRng(long seed) {
        this(new VirtioRngState(false, seed));
    }

    /** A device in a saved state. */
    public VirtioRng(VirtioRngState saved) {
        this.host = saved.secure() ? new SecureRandom() : null;
        this.state = saved.generator();
    }

    /** A device that draws from the host's SecureRandom. */
    public static VirtioRng secure() {
        return new VirtioRng(new VirtioRngState(true, 0));
    }

    public VirtioRngState save() {
        return new VirtioRngState(host != null, state);
    }

    public VirtioRngMetrics metrics() { return metrics; }

    @Override public int deviceId() { return DEVICE_ID; }

    @Override public long deviceFeatures() { return 0; }

    @Override public int queueCount() { return 1; }

    @Override public int queueMaxSize(int index) { return QUEUE_SIZE; }

    @Override public long readConfig(int offset, int size) { return 0; }

    @Override
    public void notify(int index, Virtqueue queue) {
        byte[] buf = new byte[256];
        DescriptorChain c;
        while ((c = queue.pop()) != null) {
            metrics.requests++;
            for (long off = 0; off < c.writableBytes(); ) {
                int n = (int) Math.min(buf.length, c.writableBytes() - off);
                fill(buf, n);
                c.write(off, buf, 0, n);
                off += n;
            }
            metrics.bytes += c.writableBytes();
            queue.push(c);
        }
    }

    /** The next {@code n} bytes of the stream (8 per generator step, little-endian). */
    void fill(byte[] buf, int n) {
        if (host != null) {
            byte[] r = new byte[n];
            host.nextBytes(r);
            System.arraycopy(r, 0, buf, 0, n);
            return;
        }
        for (int i = 0; i < n; i += 8) {
            long z = next();
            for (int j = 0; j < 8 && i + j < n; j++) buf[i + j] = (byte) (z >>> (8 * j));
        }
    }

    private long next() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58_476d_1ce4_e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d0_49bb_1331_11ebL;
        return z ^ (z >>> 31);
    }
}
