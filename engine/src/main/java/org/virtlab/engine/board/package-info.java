/**
 * The {@code virt} board: its memory map ({@link org.virtlab.engine.board.VirtMemoryMap}) and
 * its device tree (subpackage {@code fdt}). The devices themselves are in
 * {@code org.virtlab.engine.devices}.
 */
package org.virtlab.engine.board;
