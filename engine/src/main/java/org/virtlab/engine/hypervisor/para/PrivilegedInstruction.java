package org.virtlab.engine.hypervisor.para;

/**
 * Which instructions a PV kernel must not execute: those that need more privilege than U-mode
 * (RISC-V Privileged Architecture, "Instruction Listings"): every SYSTEM-opcode instruction
 * except ECALL and EBREAK (funct3 = 0 with the immediates 0 and 1) — that is the CSR
 * instructions, SRET, MRET, WFI, SFENCE.VMA and the H extension's fences, loads and stores.
 * CSR reads of cycle, time and instret are allowed: U-mode may read them (the hypervisor sets
 * mcounteren and scounteren), so they never trap. The build-time scan
 * (guests/os/tools/check-no-privileged.sh) applies the same rule to the image.
 */
final class PrivilegedInstruction {
    private static final int SYSTEM = 0x73, ECALL = 0x0000_0073, EBREAK = 0x0010_0073;

    private PrivilegedInstruction() {
    }

    /** Whether the 32-bit (or compressed, low 16 bits) instruction {@code bits} is privileged. */
    static boolean isPrivileged(long bits) {
        if ((bits & 3) != 3) return false;                 // RVC has no SYSTEM instructions
        int insn = (int) bits;
        return (insn & 0x7F) == SYSTEM && insn != ECALL && insn != EBREAK;
    }
}
