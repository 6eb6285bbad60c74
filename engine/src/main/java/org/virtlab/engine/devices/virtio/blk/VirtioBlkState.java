package org.virtlab.engine.devices.virtio.blk;

/**
 * What a virtio-blk device saves: the disk geometry the guest saw, so that a restore onto a
 * different disk is refused. The disk's contents belong to its {@link BlockBackend} (a
 * {@link CopyOnWriteDisk} exposes its overlay), the queues to the transport.
 */
public record VirtioBlkState(long capacitySectors, boolean readOnly) { }
