package org.virtlab.engine.devices.virtio;

/**
 * The null device behind an empty virtio-mmio slot: device ID 0, no queues, no features.
 * Virtio 1.x, 4.2.2.1: a device ID of zero is a placeholder that drivers must ignore; QEMU's
 * {@code virt} board fills unused slots this way, so probing every slot is safe.
 */
final class AbsentDevice implements VirtioDevice {

    static final AbsentDevice INSTANCE = new AbsentDevice();

    private AbsentDevice() { }

    @Override public int deviceId() { return 0; }

    @Override public long deviceFeatures() { return 0; }

    @Override public int queueCount() { return 0; }

    @Override public int queueMaxSize(int index) { return 0; }

    @Override public long readConfig(int offset, int size) { return 0; }

    @Override public void notify(int index, Virtqueue queue) { }
}
