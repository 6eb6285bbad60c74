/**
 * The CLINT: per-hart software interrupts (MSIP) and timer comparators (MTIP) against the
 * shared mtime. {@link org.virtlab.engine.devices.clint.Clint} is the device,
 * {@link org.virtlab.engine.devices.clint.ClintState} what it saves,
 * {@link org.virtlab.engine.devices.clint.ClintMetrics} what it counts.
 */
package org.virtlab.engine.devices.clint;
