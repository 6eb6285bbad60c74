package org.virtlab.engine.cpu;

/** Readable text for decoded instructions, used by traces and error messages. */
public final class Disassembler {
    private static final String[] ABI = {
        "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
        "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6", "zero"
    };

    private Disassembler() {
    }

    public static String format(Insn in) {
        String m = Op.mnemonic(in.op);
        String rd = ABI[in.rd], rs1 = ABI[in.rs1], rs2 = ABI[in.rs2];
        int op = in.op;
        if (op == Op.ILLEGAL) return String.format("illegal 0x%0" + (in.length * 2) + "x", in.raw);
        if (op == Op.LUI || op == Op.AUIPC) return m + " " + rd + ", 0x" + Long.toHexString((in.imm >>> 12) & 0xFFFFF);
        if (op == Op.JAL) return m + " " + rd + ", " + in.imm;
        if (op >= Op.BEQ && op <= Op.BGEU) return m + " " + rs1 + ", " + rs2 + ", " + in.imm;
        if (op == Op.JALR || (op >= Op.LB && op <= Op.LWU)) return m + " " + rd + ", " + in.imm + "(" + rs1 + ")";
        if (op >= Op.SB && op <= Op.SD) return m + " " + rs2 + ", " + in.imm + "(" + rs1 + ")";
        if ((op >= Op.ADDI && op <= Op.SRAI) || (op >= Op.ADDIW && op <= Op.SRAIW))
            return m + " " + rd + ", " + rs1 + ", " + in.imm;
        if (op >= Op.CSRRW && op <= Op.CSRRC) return m + " " + rd + ", " + CsrNames.name((int) in.imm) + ", " + rs1;
        if (op >= Op.CSRRWI && op <= Op.CSRRCI) return m + " " + rd + ", " + CsrNames.name((int) in.imm) + ", " + in.rs1;
        if (op >= Op.LR_W && op <= Op.AMOMAXU_D) return m + " " + rd + ", " + rs2 + ", (" + rs1 + ")";
        if (op >= Op.HLV_B && op <= Op.HLV_D) return m + " " + rd + ", (" + rs1 + ")";
        if (op >= Op.HSV_B && op <= Op.HSV_D) return m + " " + rs2 + ", (" + rs1 + ")";
        if (op == Op.SFENCE_VMA || op == Op.HFENCE_VVMA || op == Op.HFENCE_GVMA) return m + " " + rs1 + ", " + rs2;
        if (op >= Op.ADD && op <= Op.AND || op >= Op.ADDW && op <= Op.SRAW || op >= Op.MUL && op <= Op.REMUW)
            return m + " " + rd + ", " + rs1 + ", " + rs2;
        return m;
    }
}
