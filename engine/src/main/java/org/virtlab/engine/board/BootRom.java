package org.virtlab.engine.board;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The contents of the boot ROM at 0x1000 ({@link VirtMemoryMap#MROM_BASE}), where every hart
 * starts in M-mode: a reset vector in real RV64 instructions, followed by its data, as QEMU's
 * {@code riscv_setup_rom_reset_vec} lays it out.
 *
 * <pre>
 *   0x00  auipc t0, 0              t0 = 0x1000
 *   0x04  addi  a2, t0, 40         a2 = &amp;fw_dynamic_info
 *   0x08  csrr  a0, mhartid        a0 = hart id
 *   0x0c  ld    a1, 32(t0)         a1 = FDT address
 *   0x10  ld    t0, 24(t0)         t0 = start address
 *   0x14  jr    t0
 *   0x18  .dword start             firmware entry (or the kernel's with --bios none)
 *   0x20  .dword fdt
 *   0x28  fw_dynamic_info: magic, version, next_addr, next_mode, options, boot_hart (6 dwords)
 * </pre>
 *
 * {@code fw_dynamic_info} is OpenSBI's (include/sbi/fw_dynamic.h, version 2): it tells
 * fw_dynamic where the next stage is ({@code next_addr}) and in which mode to enter it
 * ({@code next_mode} 1 = S).
 */
public final class BootRom {

    public static final int START_OFFSET = 0x18;
    public static final int FDT_OFFSET = 0x20;
    public static final int FW_DYNAMIC_INFO_OFFSET = 0x28;
    public static final long FW_DYNAMIC_INFO_MAGIC = 0x4942534fL;   // "OSBI"
    public static final long FW_DYNAMIC_INFO_VERSION = 2;
    public static final long NEXT_MODE_S = 1;
    public static final int SIZE = FW_DYNAMIC_INFO_OFFSET + 6 * 8;
    /** Instructions from reset to the jump to the start address. */
    public static final int INSTRUCTIONS = 6;

    private static final int T0 = 5, A0 = 10, A1 = 11, A2 = 12;
    private static final int CSR_MHARTID = 0xF14;

    private BootRom() { }

    /**
     * The ROM image.
     *
     * @param start    where the harts jump: the firmware's entry, or the kernel's without firmware
     * @param fdt      the device tree's address, passed in a1
     * @param nextAddr fw_dynamic_info.next_addr: where the firmware continues (the kernel)
     * @param bootHart fw_dynamic_info.boot_hart
     */
    public static byte[] build(long start, long fdt, long nextAddr, int bootHart) {
        ByteBuffer rom = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        rom.putInt(uType(0x17, T0, 0));                                  // auipc t0, 0
        rom.putInt(iType(0x13, A2, 0, T0, FW_DYNAMIC_INFO_OFFSET));       // addi  a2, t0, 40
        rom.putInt(iType(0x73, A0, 2, 0, CSR_MHARTID));                  // csrrs a0, mhartid, x0
        rom.putInt(iType(0x03, A1, 3, T0, FDT_OFFSET));                  // ld    a1, 32(t0)
        rom.putInt(iType(0x03, T0, 3, T0, START_OFFSET));                // ld    t0, 24(t0)
        rom.putInt(iType(0x67, 0, 0, T0, 0));                            // jalr  x0, 0(t0)
        rom.putLong(start);
        rom.putLong(fdt);
        rom.putLong(FW_DYNAMIC_INFO_MAGIC);
        rom.putLong(FW_DYNAMIC_INFO_VERSION);
        rom.putLong(nextAddr);
        rom.putLong(NEXT_MODE_S);
        rom.putLong(0);                                                  // options
        rom.putLong(bootHart);
        return rom.array();
    }

    /** I-type encoding (unprivileged spec, "Base Instruction Formats"). */
    private static int iType(int opcode, int rd, int funct3, int rs1, int imm) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | funct3 << 12 | rd << 7 | opcode;
    }

    /** U-type encoding: {@code upper} is the 20-bit immediate. */
    private static int uType(int opcode, int rd, int upper) {
        return upper << 12 | rd << 7 | opcode;
    }
}
