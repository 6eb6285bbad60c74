/**
 * virtio-console (virtio 1.x, 5.3), one port: {@link org.virtlab.engine.devices.virtio.console.VirtioConsole}
 * with its state record and metrics.
 */
package org.virtlab.engine.devices.virtio.console;
