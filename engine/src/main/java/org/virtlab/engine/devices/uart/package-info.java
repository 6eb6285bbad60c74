/**
 * The console: an NS16550A UART with 16-byte FIFOs, instant transmission to a host sink and
 * flow-controlled host input. {@link org.virtlab.engine.devices.uart.Uart16550} is the device,
 * {@link org.virtlab.engine.devices.uart.UartState} what it saves,
 * {@link org.virtlab.engine.devices.uart.UartMetrics} what it counts.
 */
package org.virtlab.engine.devices.uart;
