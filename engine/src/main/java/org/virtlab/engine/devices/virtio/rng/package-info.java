/**
 * virtio-rng (virtio 1.x, 5.4): {@link org.virtlab.engine.devices.virtio.rng.VirtioRng},
 * deterministic from a seed unless asked for host entropy, with its state record and metrics.
 */
package org.virtlab.engine.devices.virtio.rng;
