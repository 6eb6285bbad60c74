/**
 * The {@code virt} board, QEMU-compatible (shared/DESIGN.md section 2): its memory map
 * ({@link org.virtlab.engine.board.VirtMemoryMap}), its device tree (subpackage {@code fdt}),
 * and the code that turns a {@link org.virtlab.engine.board.BoardConfig} into a running
 * computer:
 * <ul>
 *   <li>{@link org.virtlab.engine.board.BootLayout} decides where firmware, kernel, initrd and
 *       device tree go, and refuses what does not fit before anything is built;</li>
 *   <li>{@link org.virtlab.engine.board.BootRom} is the reset vector at 0x1000;</li>
 *   <li>{@link org.virtlab.engine.board.VirtBoard} wires the devices
 *       ({@code org.virtlab.engine.devices}) to a {@link org.virtlab.engine.machine.Machine},
 *       writes the images and starts the firmware ({@code org.virtlab.engine.firmware});</li>
 *   <li>{@link org.virtlab.engine.board.BoardRunner} runs it: deterministic time or pacing,
 *       console input, guest resets, and {@link org.virtlab.engine.board.Tracer} for --trace.</li>
 * </ul>
 * Image formats are recognised in {@code org.virtlab.engine.image.ImageLoader}. The command
 * line on top of this is {@code server/.../cli}; the test guests are guests/board-tests.
 */
package org.virtlab.engine.board;
