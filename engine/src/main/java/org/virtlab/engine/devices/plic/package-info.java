/**
 * The PLIC: 95 level-triggered sources routed to two contexts per hart (M-mode MEIP, S-mode
 * SEIP) by priority, enable bits and thresholds, with claim/complete.
 * {@link org.virtlab.engine.devices.plic.Plic} is the device,
 * {@link org.virtlab.engine.devices.plic.PlicState} what it saves,
 * {@link org.virtlab.engine.devices.plic.PlicMetrics} what it counts.
 */
package org.virtlab.engine.devices.plic;
