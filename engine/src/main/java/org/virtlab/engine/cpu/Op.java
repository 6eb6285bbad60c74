package org.virtlab.engine.cpu;

/**
 * Operation numbers of decoded instructions ({@link Insn#op}). Dense small integers so the
 * interpreter's dispatch compiles to a jump table. Compressed instructions reuse the numbers of
 * their 32-bit expansions.
 */
public final class Op {
    public static final int ILLEGAL = 0;
    public static final int LUI = 1;
    public static final int AUIPC = 2;
    public static final int JAL = 3;
    public static final int JALR = 4;
    public static final int BEQ = 5;
    public static final int BNE = 6;
    public static final int BLT = 7;
    public static final int BGE = 8;
    public static final int BLTU = 9;
    public static final int BGEU = 10;
    public static final int LB = 11;
    public static final int LH = 12;
    public static final int LW = 13;
    public static final int LD = 14;
    public static final int LBU = 15;
    public static final int LHU = 16;
    public static final int LWU = 17;
    public static final int SB = 18;
    public static final int SH = 19;
    public static final int SW = 20;
    public static final int SD = 21;
    public static final int ADDI = 22;
    public static final int SLTI = 23;
    public static final int SLTIU = 24;
    public static final int XORI = 25;
    public static final int ORI = 26;
    public static final int ANDI = 27;
    public static final int SLLI = 28;
    public static final int SRLI = 29;
    public static final int SRAI = 30;
    public static final int ADD = 31;
    public static final int SUB = 32;
    public static final int SLL = 33;
    public static final int SLT = 34;
    public static final int SLTU = 35;
    public static final int XOR = 36;
    public static final int SRL = 37;
    public static final int SRA = 38;
    public static final int OR = 39;
    public static final int AND = 40;
    public static final int ADDIW = 41;
    public static final int SLLIW = 42;
    public static final int SRLIW = 43;
    public static final int SRAIW = 44;
    public static final int ADDW = 45;
    public static final int SUBW = 46;
    public static final int SLLW = 47;
    public static final int SRLW = 48;
    public static final int SRAW = 49;
    public static final int FENCE = 50;
    public static final int FENCE_I = 51;
    public static final int ECALL = 52;
    public static final int EBREAK = 53;
    public static final int CSRRW = 54;
    public static final int CSRRS = 55;
    public static final int CSRRC = 56;
    public static final int CSRRWI = 57;
    public static final int CSRRSI = 58;
    public static final int CSRRCI = 59;
    public static final int MUL = 60;
    public static final int MULH = 61;
    public static final int MULHSU = 62;
    public static final int MULHU = 63;
    public static final int DIV = 64;
    public static final int DIVU = 65;
    public static final int REM = 66;
    public static final int REMU = 67;
    public static final int MULW = 68;
    public static final int DIVW = 69;
    public static final int DIVUW = 70;
    public static final int REMW = 71;
    public static final int REMUW = 72;
    public static final int LR_W = 73;
    public static final int SC_W = 74;
    public static final int AMOSWAP_W = 75;
    public static final int AMOADD_W = 76;
    public static final int AMOXOR_W = 77;
    public static final int AMOAND_W = 78;
    public static final int AMOOR_W = 79;
    public static final int AMOMIN_W = 80;
    public static final int AMOMAX_W = 81;
    public static final int AMOMINU_W = 82;
    public static final int AMOMAXU_W = 83;
    public static final int LR_D = 84;
    public static final int SC_D = 85;
    public static final int AMOSWAP_D = 86;
    public static final int AMOADD_D = 87;
    public static final int AMOXOR_D = 88;
    public static final int AMOAND_D = 89;
    public static final int AMOOR_D = 90;
    public static final int AMOMIN_D = 91;
    public static final int AMOMAX_D = 92;
    public static final int AMOMINU_D = 93;
    public static final int AMOMAXU_D = 94;
    public static final int MRET = 95;
    public static final int SRET = 96;
    public static final int WFI = 97;
    public static final int SFENCE_VMA = 98;
    public static final int HFENCE_VVMA = 99;
    public static final int HFENCE_GVMA = 100;
    public static final int HLV_B = 101;
    public static final int HLV_BU = 102;
    public static final int HLV_H = 103;
    public static final int HLV_HU = 104;
    public static final int HLVX_HU = 105;
    public static final int HLV_W = 106;
    public static final int HLV_WU = 107;
    public static final int HLVX_WU = 108;
    public static final int HLV_D = 109;
    public static final int HSV_B = 110;
    public static final int HSV_H = 111;
    public static final int HSV_W = 112;
    public static final int HSV_D = 113;

    public static final int COUNT = 114;

    /**
     * Not an instruction: the packed word where a translated block starts ({@link DecodedPage});
     * its immediate indexes the page's blocks. Never produced by the decoder.
     */
    static final int BLOCK = 127;

    private static final String[] MNEMONICS = {
        "illegal", "lui", "auipc", "jal", "jalr", "beq", "bne", "blt", "bge", "bltu", "bgeu",
        "lb", "lh", "lw", "ld", "lbu", "lhu", "lwu", "sb", "sh", "sw", "sd", "addi", "slti",
        "sltiu", "xori", "ori", "andi", "slli", "srli", "srai", "add", "sub", "sll", "slt",
        "sltu", "xor", "srl", "sra", "or", "and", "addiw", "slliw", "srliw", "sraiw", "addw",
        "subw", "sllw", "srlw", "sraw", "fence", "fence.i", "ecall", "ebreak", "csrrw", "csrrs",
        "csrrc", "csrrwi", "csrrsi", "csrrci", "mul", "mulh", "mulhsu", "mulhu", "div", "divu",
        "rem", "remu", "mulw", "divw", "divuw", "remw", "remuw", "lr.w", "sc.w", "amoswap.w",
        "amoadd.w", "amoxor.w", "amoand.w", "amoor.w", "amomin.w", "amomax.w", "amominu.w",
        "amomaxu.w", "lr.d", "sc.d", "amoswap.d", "amoadd.d", "amoxor.d", "amoand.d", "amoor.d",
        "amomin.d", "amomax.d", "amominu.d", "amomaxu.d", "mret", "sret", "wfi", "sfence.vma",
        "hfence.vvma", "hfence.gvma", "hlv.b", "hlv.bu", "hlv.h", "hlv.hu", "hlvx.hu", "hlv.w",
        "hlv.wu", "hlvx.wu", "hlv.d", "hsv.b", "hsv.h", "hsv.w", "hsv.d"
    };

    private Op() {
    }

    /** The assembler mnemonic, e.g. "addi" or "amoswap.w". */
    public static String mnemonic(int op) {
        return op >= 0 && op < COUNT ? MNEMONICS[op] : "op" + op;
    }
}
