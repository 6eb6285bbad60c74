/**
 * The SiFive test finisher, the board's power-off and reset switch, reporting to a
 * {@link org.virtlab.engine.devices.PowerControl}.
 */
package org.virtlab.engine.devices.finisher;
