/**
 * The devices of the {@code virt} board: CLINT, PLIC, 16550 UART, SiFive test finisher,
 * goldfish RTC, and the virtio-mmio transport with virtio-blk, virtio-console and virtio-rng;
 * one subpackage each (the device, its saved {@code State}, its metrics).
 *
 * <p>Every device is an {@link org.virtlab.engine.memory.MmioDevice} with no knowledge of the
 * CPU: interrupts leave a device through an {@link org.virtlab.engine.devices.InterruptLine}
 * (into a PLIC source) or {@link org.virtlab.engine.devices.HartInterruptPins} (into a hart's
 * mip), time enters through a supplier of machine time (10 MHz ticks). The addresses they sit
 * at are in {@link org.virtlab.engine.board.VirtMemoryMap}.
 *
 * <p>Every device saves its guest-visible state as an immutable record ({@code save()}) and
 * is built from such a record by the same constructor that builds it at power-on, which
 * simply starts from the reset state. Devices are used by the machine thread only, except for
 * the methods documented as thread-safe (UART input).
 */
package org.virtlab.engine.devices;
