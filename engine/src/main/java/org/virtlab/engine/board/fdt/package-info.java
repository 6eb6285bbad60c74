/**
 * Device trees: a small builder ({@link org.virtlab.engine.board.fdt.DeviceTree},
 * {@link org.virtlab.engine.board.fdt.DtNode}), its FDT v17 serializer and reader, and
 * {@link org.virtlab.engine.board.fdt.VirtBoardDeviceTree}, which describes the configured
 * {@code virt} board to firmware and kernels (the blob's address goes in a1 at boot).
 */
package org.virtlab.engine.board.fdt;
