package org.virtlab.engine.hypervisor.full;

/**
 * Encodes the SYSTEM instructions the emulator handles (unprivileged spec, "Zicsr" and the
 * privileged spec's instruction listing), for tests.
 */
final class SystemEncoding {
    static final long MRET = 0x3020_0073L, SRET = 0x1020_0073L, WFI = 0x1050_0073L;
    static final long ECALL = 0x0000_0073L, EBREAK = 0x0010_0073L;

    private SystemEncoding() {
    }

    private static long csrOp(int funct3, int rd, int rs1OrUimm, int csr) {
        return (((long) csr << 20) | ((long) rs1OrUimm << 15) | ((long) funct3 << 12) | ((long) rd << 7) | 0x73)
                & 0xFFFF_FFFFL;
    }

    static long csrrw(int rd, int csr, int rs1) {
        return csrOp(1, rd, rs1, csr);
    }

    static long csrrs(int rd, int csr, int rs1) {
        return csrOp(2, rd, rs1, csr);
    }

    static long csrrc(int rd, int csr, int rs1) {
        return csrOp(3, rd, rs1, csr);
    }

    static long csrrwi(int rd, int csr, int uimm) {
        return csrOp(5, rd, uimm, csr);
    }

    static long csrrsi(int rd, int csr, int uimm) {
        return csrOp(6, rd, uimm, csr);
    }

    static long csrrci(int rd, int csr, int uimm) {
        return csrOp(7, rd, uimm, csr);
    }

    static long sfenceVma(int rs1, int rs2) {
        return ((0x09L << 25) | ((long) rs2 << 20) | ((long) rs1 << 15) | 0x73) & 0xFFFF_FFFFL;
    }

    /** HFENCE.VVMA (H extension): funct7 0x11. */
    static long hfenceVvma(int rs1, int rs2) {
        return ((0x11L << 25) | ((long) rs2 << 20) | ((long) rs1 << 15) | 0x73) & 0xFFFF_FFFFL;
    }

    /** HLV.D rd, (rs1) (H extension): funct7 0x36, funct3 4. */
    static long hlvD(int rd, int rs1) {
        return ((0x36L << 25) | ((long) rs1 << 15) | (4L << 12) | ((long) rd << 7) | 0x73) & 0xFFFF_FFFFL;
    }
}
