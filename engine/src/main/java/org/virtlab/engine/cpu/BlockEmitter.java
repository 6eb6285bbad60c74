package org.virtlab.engine.cpu;

import static org.objectweb.asm.Opcodes.ACC_FINAL;
import static org.objectweb.asm.Opcodes.ACC_SUPER;
import static org.objectweb.asm.Opcodes.ALOAD;
import static org.objectweb.asm.Opcodes.BIPUSH;
import static org.objectweb.asm.Opcodes.GETFIELD;
import static org.objectweb.asm.Opcodes.I2B;
import static org.objectweb.asm.Opcodes.I2L;
import static org.objectweb.asm.Opcodes.I2S;
import static org.objectweb.asm.Opcodes.IADD;
import static org.objectweb.asm.Opcodes.ICONST_0;
import static org.objectweb.asm.Opcodes.IFEQ;
import static org.objectweb.asm.Opcodes.IFGE;
import static org.objectweb.asm.Opcodes.IFLT;
import static org.objectweb.asm.Opcodes.IFNE;
import static org.objectweb.asm.Opcodes.IF_ICMPLE;
import static org.objectweb.asm.Opcodes.ILOAD;
import static org.objectweb.asm.Opcodes.IMUL;
import static org.objectweb.asm.Opcodes.INVOKESPECIAL;
import static org.objectweb.asm.Opcodes.INVOKESTATIC;
import static org.objectweb.asm.Opcodes.INVOKEVIRTUAL;
import static org.objectweb.asm.Opcodes.IRETURN;
import static org.objectweb.asm.Opcodes.ISHL;
import static org.objectweb.asm.Opcodes.ISHR;
import static org.objectweb.asm.Opcodes.ISTORE;
import static org.objectweb.asm.Opcodes.IUSHR;
import static org.objectweb.asm.Opcodes.L2I;
import static org.objectweb.asm.Opcodes.LADD;
import static org.objectweb.asm.Opcodes.LALOAD;
import static org.objectweb.asm.Opcodes.LAND;
import static org.objectweb.asm.Opcodes.LASTORE;
import static org.objectweb.asm.Opcodes.LCMP;
import static org.objectweb.asm.Opcodes.LCONST_0;
import static org.objectweb.asm.Opcodes.LCONST_1;
import static org.objectweb.asm.Opcodes.LLOAD;
import static org.objectweb.asm.Opcodes.LMUL;
import static org.objectweb.asm.Opcodes.LOR;
import static org.objectweb.asm.Opcodes.LSHL;
import static org.objectweb.asm.Opcodes.LSHR;
import static org.objectweb.asm.Opcodes.LSTORE;
import static org.objectweb.asm.Opcodes.LSUB;
import static org.objectweb.asm.Opcodes.LUSHR;
import static org.objectweb.asm.Opcodes.LXOR;
import static org.objectweb.asm.Opcodes.POP2;
import static org.objectweb.asm.Opcodes.PUTFIELD;
import static org.objectweb.asm.Opcodes.RETURN;
import static org.objectweb.asm.Opcodes.SIPUSH;
import static org.objectweb.asm.Opcodes.V17;
import static org.virtlab.engine.cpu.Packed.imm;
import static org.virtlab.engine.cpu.Packed.length;
import static org.virtlab.engine.cpu.Packed.op;
import static org.virtlab.engine.cpu.Packed.rd;
import static org.virtlab.engine.cpu.Packed.rs1;
import static org.virtlab.engine.cpu.Packed.rs2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;

/**
 * Writes the JVM bytecode of one block ({@link BlockCode#run}) and loads it as a hidden class
 * of this package, which HotSpot then compiles like any other hot method (docs/translator.md).
 *
 * <p>Guest registers live in JVM locals inside the block: each register the block reads is
 * loaded from the register file once at entry, and every register it wrote is stored back
 * before a load or store (whose trap may enter Java code that reads the register file) and at
 * every exit. Loads and stores call the hart's own TLB fast paths, so they behave exactly as in
 * the interpreter; after each one the block leaves if the hart needs attention.
 *
 * <p>The straight path through the block is emitted first and falls through from instruction
 * to instruction; a taken conditional branch jumps to a side exit emitted after it. A branch or
 * jump back to the block's first instruction loops inside the method while the budget allows.
 */
final class BlockEmitter {
    private static final String HART = Type.getInternalName(Hart.class);
    private static final String MULDIV = Type.getInternalName(MulDiv.class);
    private static final String CLASS_NAME = "org/virtlab/engine/cpu/GuestBlock";
    private static final String RUN = "(L" + HART + ";[JJII)I";
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    /** HotSpot does not compile methods with more bytecode than this (-XX:-DontCompileHugeMethods). */
    static final int HUGE_METHOD_LIMIT = 8000;

    // Local variable slots of run(Hart h, long[] x, long pc, int retired, int budget), then
    // DONE: instructions attempted in earlier rounds of a block that loops to its own start.
    private static final int H = 1, X = 2, PC = 3, RETIRED = 5, BUDGET = 6, DONE = 7, FIRST_REGISTER = 8;
    private static final int TEMP = FIRST_REGISTER + 2 * 31;

    private final MethodVisitor mv;
    /** Registers written on the straight path since they were last stored to the register file. */
    private final boolean[] dirty = new boolean[32];
    /** The block's first instruction, where a block ending in a jump back to its start loops. */
    private final Label start = new Label();
    /** Code for the taken side of each conditional branch, emitted after the straight path. */
    private final java.util.List<Runnable> sideExits = new java.util.ArrayList<>();

    private BlockEmitter(MethodVisitor mv) {
        this.mv = mv;
    }

    /**
     * The code of the block made of {@code count} packed instructions at byte {@code offsets}
     * from its start, {@code size} bytes in all; null if its method would be too big to compile.
     */
    static BlockCode emit(long[] words, int[] offsets, int count, int size) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(V17, ACC_FINAL | ACC_SUPER, CLASS_NAME, null, Type.getInternalName(BlockCode.class), null);
        MethodVisitor init = cw.visitMethod(0, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(ALOAD, 0);
        init.visitMethodInsn(INVOKESPECIAL, Type.getInternalName(BlockCode.class), "<init>", "()V", false);
        init.visitInsn(RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();

        MethodVisitor mv = cw.visitMethod(0, "run", RUN, null, null);
        mv.visitCode();
        BlockEmitter e = new BlockEmitter(mv);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, DONE);
        e.loadRegisters(words, count);
        mv.visitLabel(e.start);
        boolean jumped = false;
        for (int i = 0; i < count; i++) jumped = e.instruction(words[i], i, offsets[i], count);
        if (!jumped) e.leave(size, count);
        for (Runnable exit : e.sideExits) exit.run();     // taken branches, out of the straight path
        Label end = new Label();
        mv.visitLabel(end);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        if (end.getOffset() >= HUGE_METHOD_LIMIT) return null;
        cw.visitEnd();
        return define(cw.toByteArray());
    }

    private static BlockCode define(byte[] classFile) {
        try {
            MethodHandles.Lookup hidden = LOOKUP.defineHiddenClass(classFile, true);
            return (BlockCode) hidden.findConstructor(hidden.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable t) {
            throw new IllegalStateException("the block translator produced a class the JVM refused", t);
        }
    }

    // ---- registers ----------------------------------------------------------------------------

    private static int local(int reg) {
        return FIRST_REGISTER + 2 * (reg - 1);
    }

    /** Loads every register the block reads from the register file into its local. */
    private void loadRegisters(long[] words, int count) {
        boolean[] read = new boolean[32];
        for (int i = 0; i < count; i++) {
            long w = words[i];
            int op = op(w);
            if (readsRs1(op)) read[rs1(w)] = true;
            if (readsRs2(op)) read[rs2(w)] = true;
        }
        for (int r = 1; r < 32; r++) {
            if (!read[r]) continue;
            mv.visitVarInsn(ALOAD, X);
            pushInt(r);
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LSTORE, local(r));
        }
    }

    private static boolean readsRs1(int op) {
        return op != Op.LUI && op != Op.AUIPC && op != Op.JAL && op != Op.FENCE;
    }

    private static boolean readsRs2(int op) {
        return (op >= Op.BEQ && op <= Op.BGEU) || (op >= Op.SB && op <= Op.SD)
                || (op >= Op.ADD && op <= Op.AND) || (op >= Op.ADDW && op <= Op.SRAW)
                || (op >= Op.MUL && op <= Op.REMUW);
    }

    /** Pushes register {@code r} (x0 reads as 0). */
    private void reg(int r) {
        if (r == 0) mv.visitInsn(LCONST_0);
        else mv.visitVarInsn(LLOAD, local(r));
    }

    /** Pops a long into register slot {@code rd} (the x0 sink discards it). */
    private void setReg(int rd) {
        if (rd == Insn.X0_SINK) {
            mv.visitInsn(POP2);
            return;
        }
        mv.visitVarInsn(LSTORE, local(rd));
        dirty[rd] = true;
    }

    /** Stores the registers flagged in {@code pending} (a side exit's), leaving the straight path's state alone. */
    private void writeBack(boolean[] pending) {
        for (int r = 1; r < 32; r++) {
            if (!pending[r]) continue;
            mv.visitVarInsn(ALOAD, X);
            pushInt(r);
            mv.visitVarInsn(LLOAD, local(r));
            mv.visitInsn(LASTORE);
        }
    }

    /** Stores every register written since the last write-back into the register file. */
    private void writeBack() {
        writeBack(dirty);
        java.util.Arrays.fill(dirty, false);
    }

    // ---- constants and addresses --------------------------------------------------------------

    private void pushInt(int v) {
        if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) mv.visitIntInsn(BIPUSH, v);
        else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) mv.visitIntInsn(SIPUSH, v);
        else mv.visitLdcInsn(v);
    }

    private void pushLong(long v) {
        if (v == 0) mv.visitInsn(LCONST_0);
        else if (v == 1) mv.visitInsn(LCONST_1);
        else mv.visitLdcInsn(v);
    }

    /** Pushes pc + {@code offset}: an address in the block, relative to where it runs. */
    private void pcPlus(long offset) {
        mv.visitVarInsn(LLOAD, PC);
        if (offset != 0) {
            pushLong(offset);
            mv.visitInsn(LADD);
        }
    }

    /** Pushes rs1 + imm: a load's or store's address, or JALR's target before masking. */
    private void address(long w) {
        reg(rs1(w));
        if (imm(w) != 0) {
            pushLong(imm(w));
            mv.visitInsn(LADD);
        }
    }

    // ---- leaving the block --------------------------------------------------------------------

    /** Writes everything back, sets the hart's pc to pc + {@code offset} and returns done + {@code count}. */
    private void leave(long offset, int count) {
        writeBack();
        mv.visitVarInsn(ALOAD, H);
        pcPlus(offset);
        mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
        returnDonePlus(count);
    }

    /** Returns the instructions attempted: those of earlier rounds plus {@code count}. */
    private void returnDonePlus(int count) {
        mv.visitVarInsn(ILOAD, DONE);
        if (count != 0) {
            pushInt(count);
            mv.visitInsn(IADD);
        }
        mv.visitInsn(IRETURN);
    }

    /**
     * A jump back to the block's start after {@code round} instructions of this round: go round
     * again inside this method while the budget holds a whole further round of up to
     * {@code count} instructions, else leave with pc at the start. Registers must be written
     * back already, so every round starts with none pending.
     */
    private void loopOrLeave(int round, int count) {
        mv.visitIincInsn(DONE, round);
        mv.visitVarInsn(ILOAD, DONE);
        pushInt(count);
        mv.visitInsn(IADD);
        mv.visitVarInsn(ILOAD, BUDGET);
        mv.visitJumpInsn(IF_ICMPLE, start);
        mv.visitVarInsn(ALOAD, H);
        pcPlus(0);
        mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
        returnDonePlus(0);
    }

    /**
     * After instruction {@code i} (at {@code offset}, {@code length} bytes), if the hart needs
     * attention: returns i + 1, with the pc of the next instruction unless a trap redirected it.
     * Registers must be written back already.
     */
    private void leaveIfAttention(int i, int offset, int length, Runnable beforeLeaving) {
        Label go = new Label();
        mv.visitVarInsn(ALOAD, H);
        mv.visitFieldInsn(GETFIELD, HART, "attention", "Z");
        mv.visitJumpInsn(IFEQ, go);
        beforeLeaving.run();
        Label redirected = new Label();
        mv.visitVarInsn(ALOAD, H);
        mv.visitFieldInsn(GETFIELD, HART, "redirected", "Z");
        mv.visitJumpInsn(IFNE, redirected);
        mv.visitVarInsn(ALOAD, H);
        pcPlus(offset + length);
        mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
        mv.visitLabel(redirected);
        returnDonePlus(i + 1);
        mv.visitLabel(go);
    }

    // ---- instructions -------------------------------------------------------------------------

    /** Emits instruction {@code i} of {@code count}; true if it left the block (a jump). */
    private boolean instruction(long w, int i, int offset, int count) {
        int op = op(w);
        switch (op) {
            case Op.LUI: pushLong(imm(w)); setReg(rd(w)); return false;
            case Op.AUIPC: pcPlus(offset + imm(w)); setReg(rd(w)); return false;
            case Op.JAL:
                pcPlus(offset + length(w));
                setReg(rd(w));
                if (offset + imm(w) == 0) {
                    writeBack();
                    loopOrLeave(count, count);
                } else {
                    leave(offset + imm(w), count);
                }
                return true;
            case Op.JALR: {
                address(w);
                pushLong(~1L);
                mv.visitInsn(LAND);
                mv.visitVarInsn(LSTORE, TEMP);       // the target, read before rd is written
                pcPlus(offset + length(w));
                setReg(rd(w));
                writeBack();
                mv.visitVarInsn(ALOAD, H);
                mv.visitVarInsn(LLOAD, TEMP);
                mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
                returnDonePlus(count);
                return true;
            }
            case Op.BEQ: branch(w, i, offset, count, false, IFEQ); return false;
            case Op.BNE: branch(w, i, offset, count, false, IFNE); return false;
            case Op.BLT: branch(w, i, offset, count, false, IFLT); return false;
            case Op.BGE: branch(w, i, offset, count, false, IFGE); return false;
            case Op.BLTU: branch(w, i, offset, count, true, IFLT); return false;
            case Op.BGEU: branch(w, i, offset, count, true, IFGE); return false;

            case Op.LB: case Op.LH: case Op.LW: case Op.LD:
            case Op.LBU: case Op.LHU: case Op.LWU:
                load(w, i, offset);
                return false;
            case Op.SB: store(w, i, offset, "store8"); return false;
            case Op.SH: store(w, i, offset, "store16"); return false;
            case Op.SW: store(w, i, offset, "store32"); return false;
            case Op.SD: store(w, i, offset, "store64"); return false;

            case Op.ADDI: withImm(w, LADD); return false;
            case Op.XORI: withImm(w, LXOR); return false;
            case Op.ORI: withImm(w, LOR); return false;
            case Op.ANDI: withImm(w, LAND); return false;
            case Op.SLTI: reg(rs1(w)); pushLong(imm(w)); setLess(false); setReg(rd(w)); return false;
            case Op.SLTIU: reg(rs1(w)); pushLong(imm(w)); setLess(true); setReg(rd(w)); return false;
            case Op.SLLI: shiftImm(w, LSHL); return false;
            case Op.SRLI: shiftImm(w, LUSHR); return false;
            case Op.SRAI: shiftImm(w, LSHR); return false;

            case Op.ADD: binary(w, LADD); return false;
            case Op.SUB: binary(w, LSUB); return false;
            case Op.XOR: binary(w, LXOR); return false;
            case Op.OR: binary(w, LOR); return false;
            case Op.AND: binary(w, LAND); return false;
            case Op.MUL: binary(w, LMUL); return false;
            case Op.SLL: shift(w, LSHL); return false;
            case Op.SRL: shift(w, LUSHR); return false;
            case Op.SRA: shift(w, LSHR); return false;
            case Op.SLT: reg(rs1(w)); reg(rs2(w)); setLess(false); setReg(rd(w)); return false;
            case Op.SLTU: reg(rs1(w)); reg(rs2(w)); setLess(true); setReg(rd(w)); return false;

            case Op.ADDIW: withImm32(w); return false;
            case Op.SLLIW: shiftImm32(w, ISHL); return false;
            case Op.SRLIW: shiftImm32(w, IUSHR); return false;
            case Op.SRAIW: shiftImm32(w, ISHR); return false;
            case Op.ADDW: binary32(w, LADD); return false;
            case Op.SUBW: binary32(w, LSUB); return false;
            case Op.SLLW: shift32(w, ISHL); return false;
            case Op.SRLW: shift32(w, IUSHR); return false;
            case Op.SRAW: shift32(w, ISHR); return false;

            case Op.MULH: call(w, "java/lang/Math", "multiplyHigh"); return false;
            case Op.MULHSU: call(w, MULDIV, "mulhsu"); return false;
            case Op.MULHU: call(w, MULDIV, "mulhu"); return false;
            case Op.DIV: call(w, MULDIV, "div"); return false;
            case Op.DIVU: call(w, MULDIV, "divu"); return false;
            case Op.REM: call(w, MULDIV, "rem"); return false;
            case Op.REMU: call(w, MULDIV, "remu"); return false;
            case Op.MULW: {
                reg(rs1(w));
                mv.visitInsn(L2I);
                reg(rs2(w));
                mv.visitInsn(L2I);
                mv.visitInsn(IMUL);
                mv.visitInsn(I2L);
                setReg(rd(w));
                return false;
            }
            case Op.DIVW: call(w, MULDIV, "divw"); return false;
            case Op.DIVUW: call(w, MULDIV, "divuw"); return false;
            case Op.REMW: call(w, MULDIV, "remw"); return false;
            case Op.REMUW: call(w, MULDIV, "remuw"); return false;

            case Op.FENCE: return false;     // one hart at a time: memory is always ordered
            default:
                throw new IllegalArgumentException("not translatable: " + Op.mnemonic(op));
        }
    }

    private void withImm(long w, int opcode) {
        reg(rs1(w));
        pushLong(imm(w));
        mv.visitInsn(opcode);
        setReg(rd(w));
    }

    private void withImm32(long w) {
        reg(rs1(w));
        pushLong(imm(w));
        mv.visitInsn(LADD);
        to32();
        setReg(rd(w));
    }

    private void binary(long w, int opcode) {
        reg(rs1(w));
        reg(rs2(w));
        mv.visitInsn(opcode);
        setReg(rd(w));
    }

    private void binary32(long w, int opcode) {
        reg(rs1(w));
        reg(rs2(w));
        mv.visitInsn(opcode);
        to32();
        setReg(rd(w));
    }

    /** Sign-extends the low 32 bits of the long on the stack (the *W operations). */
    private void to32() {
        mv.visitInsn(L2I);
        mv.visitInsn(I2L);
    }

    private void shiftImm(long w, int opcode) {
        reg(rs1(w));
        pushInt((int) imm(w) & 63);
        mv.visitInsn(opcode);
        setReg(rd(w));
    }

    private void shift(long w, int opcode) {
        reg(rs1(w));
        reg(rs2(w));
        mv.visitInsn(L2I);                       // the JVM masks a long shift count to 6 bits, as RV64 does
        mv.visitInsn(opcode);
        setReg(rd(w));
    }

    private void shiftImm32(long w, int opcode) {
        reg(rs1(w));
        mv.visitInsn(L2I);
        pushInt((int) imm(w) & 31);
        mv.visitInsn(opcode);
        mv.visitInsn(I2L);
        setReg(rd(w));
    }

    private void shift32(long w, int opcode) {
        reg(rs1(w));
        mv.visitInsn(L2I);
        reg(rs2(w));
        mv.visitInsn(L2I);                       // masked to 5 bits by the JVM, as RV64's *W shifts do
        mv.visitInsn(opcode);
        mv.visitInsn(I2L);
        setReg(rd(w));
    }

    /** From two longs on the stack, pushes 1L if the first is less (signed or unsigned), else 0L. */
    private void setLess(boolean unsigned) {
        if (unsigned) mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        else mv.visitInsn(LCMP);
        pushInt(31);                             // both give a negative int exactly when less
        mv.visitInsn(IUSHR);
        mv.visitInsn(I2L);
    }

    private void call(long w, String owner, String name) {
        reg(rs1(w));
        reg(rs2(w));
        mv.visitMethodInsn(INVOKESTATIC, owner, name, "(JJ)J", false);
        setReg(rd(w));
    }

    /**
     * A conditional branch: not taken, the block goes on with the next instruction (or ends
     * there); taken, a side exit — emitted after the straight path — writes back the registers
     * pending at the branch and leaves with pc at the target, or, when the target is the
     * block's start, goes round again.
     */
    private void branch(long w, int i, int offset, int count, boolean unsigned, int takenIf) {
        reg(rs1(w));
        reg(rs2(w));
        if (unsigned) mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "compareUnsigned", "(JJ)I", false);
        else mv.visitInsn(LCMP);
        Label taken = new Label();
        mv.visitJumpInsn(takenIf, taken);
        boolean[] pending = dirty.clone();
        long target = offset + imm(w);
        sideExits.add(() -> {
            mv.visitLabel(taken);
            writeBack(pending);
            if (target == 0) {
                loopOrLeave(i + 1, count);
            } else {
                mv.visitVarInsn(ALOAD, H);
                pcPlus(target);
                mv.visitFieldInsn(PUTFIELD, HART, "pc", "J");
                returnDonePlus(i + 1);
            }
        });
    }

    private void load(long w, int i, int offset) {
        int op = op(w);
        String method = op == Op.LB || op == Op.LBU ? "load8" : op == Op.LH || op == Op.LHU ? "load16"
                : op == Op.LW || op == Op.LWU ? "load32" : "load64";
        writeBack();
        mv.visitVarInsn(ALOAD, H);
        address(w);
        pcPlus(offset);
        retiredBefore(i);
        mv.visitMethodInsn(INVOKEVIRTUAL, HART, method, "(JJI)J", false);
        mv.visitVarInsn(LSTORE, TEMP);
        int rd = rd(w);
        leaveIfAttention(i, offset, length(w), () -> {
            if (rd == Insn.X0_SINK) return;
            Label trapped = new Label();          // a device read completed; a trap wrote nothing
            mv.visitVarInsn(ALOAD, H);
            mv.visitFieldInsn(GETFIELD, HART, "trapped", "Z");
            mv.visitJumpInsn(IFNE, trapped);
            mv.visitVarInsn(ALOAD, X);
            pushInt(rd);
            mv.visitVarInsn(LLOAD, TEMP);
            extend(op);
            mv.visitInsn(LASTORE);
            mv.visitLabel(trapped);
        });
        mv.visitVarInsn(LLOAD, TEMP);
        extend(op);
        setReg(rd);
    }

    /** Sign- or zero-extends a loaded value as the load instruction {@code op} does. */
    private void extend(int op) {
        switch (op) {
            case Op.LB: mv.visitInsn(L2I); mv.visitInsn(I2B); mv.visitInsn(I2L); break;
            case Op.LH: mv.visitInsn(L2I); mv.visitInsn(I2S); mv.visitInsn(I2L); break;
            case Op.LW: to32(); break;
            case Op.LBU: pushLong(0xFFL); mv.visitInsn(LAND); break;
            case Op.LHU: pushLong(0xFFFFL); mv.visitInsn(LAND); break;
            case Op.LWU: pushLong(0xFFFF_FFFFL); mv.visitInsn(LAND); break;
            default: break;                      // LD
        }
    }

    private void store(long w, int i, int offset, String method) {
        writeBack();
        mv.visitVarInsn(ALOAD, H);
        address(w);
        reg(rs2(w));
        pcPlus(offset);
        retiredBefore(i);
        mv.visitMethodInsn(INVOKEVIRTUAL, HART, method, "(JJJI)V", false);
        leaveIfAttention(i, offset, length(w), () -> { });
    }

    /** Pushes the instructions retired in the slice before instruction {@code i}: retired + done + i. */
    private void retiredBefore(int i) {
        mv.visitVarInsn(ILOAD, RETIRED);
        mv.visitVarInsn(ILOAD, DONE);
        mv.visitInsn(IADD);
        if (i != 0) {
            pushInt(i);
            mv.visitInsn(IADD);
        }
    }
}
