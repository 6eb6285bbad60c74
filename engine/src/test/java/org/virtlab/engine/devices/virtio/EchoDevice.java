package org.virtlab.engine.devices.virtio;

/** A test device (ID 42, one queue of up to 16): copies each chain's readable bytes into its writable bytes. */
final class EchoDevice implements VirtioDevice {
    int lastDescriptors;
    int resets;
    long activated = -1;

    @Override public int deviceId() { return 42; }

    @Override public long deviceFeatures() { return 1; }

    @Override public int queueCount() { return 1; }

    @Override public int queueMaxSize(int index) { return 16; }

    @Override public long readConfig(int offset, int size) { return offset == 0 ? 0x1122_3344_5566_7788L : 0; }

    @Override public void activate(long features) { activated = features; }

    @Override public void reset() { resets++; }

    @Override
    public void notify(int index, Virtqueue queue) {
        DescriptorChain c;
        while ((c = queue.pop()) != null) {
            lastDescriptors = c.descriptors();
            byte[] b = new byte[(int) Math.min(c.readableBytes(), c.writableBytes())];
            c.read(0, b, 0, b.length);
            c.write(0, b, 0, b.length);
            queue.push(c);
        }
    }
}
