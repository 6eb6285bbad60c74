/**
 * Virtio over MMIO (OASIS virtio 1.x, section 4.2) and the devices the {@code virt} board
 * puts on it.
 *
 * <p>{@link org.virtlab.engine.devices.virtio.VirtioMmio} is the transport: the register
 * window, feature negotiation, status and reset, interrupts, in the modern (version 2) or
 * legacy (version 1) layout. {@link org.virtlab.engine.devices.virtio.Virtqueue} is the one
 * split-ring core every device shares; it hands out
 * {@link org.virtlab.engine.devices.virtio.DescriptorChain}s whose every byte was checked to
 * lie in RAM. A device type implements {@link org.virtlab.engine.devices.virtio.VirtioDevice}
 * and lives in a subpackage with its state record and metrics: {@code blk} (block, ID 2),
 * {@code console} (ID 3), {@code rng} (entropy, ID 4).
 *
 * <p>A guest can get nothing wrong that makes the emulator throw: driver errors become
 * DEVICE_NEEDS_RESET ({@link org.virtlab.engine.devices.virtio.VirtioFault}). DMA reaches
 * only the {@link org.virtlab.engine.memory.DmaMemory} the transport was built with (the
 * board's RAM, or a hypervisor domain's own RAM), whose byte methods keep decoded-code caches
 * coherent. Everything runs on the machine thread and synchronously, so runs are
 * deterministic; only host input to the console arrives from other threads.
 */
package org.virtlab.engine.devices.virtio;
