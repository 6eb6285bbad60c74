/**
 * virtio-blk (virtio 1.x, 5.2): {@link org.virtlab.engine.devices.virtio.blk.VirtioBlk} is
 * the device, {@link org.virtlab.engine.devices.virtio.blk.BlockBackend} where its sectors
 * live (a {@link org.virtlab.engine.devices.virtio.blk.FileDisk}, a
 * {@link org.virtlab.engine.devices.virtio.blk.MemoryDisk}, or a
 * {@link org.virtlab.engine.devices.virtio.blk.CopyOnWriteDisk} over either that never
 * changes its base), with its state record and metrics.
 */
package org.virtlab.engine.devices.virtio.blk;
