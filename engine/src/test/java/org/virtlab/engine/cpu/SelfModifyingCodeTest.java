package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;
import org.virtlab.engine.memory.Ram;

/**
 * The decoded-instruction cache never runs stale code: guest stores, DMA writes
 * ({@link Ram#writeBytes}) and instructions that straddle a page boundary. The unprivileged
 * spec ("Zifencei") only promises coherence after FENCE.I; VirtLab keeps code coherent on every
 * store (see {@link DecodedPage}), so both forms are tested.
 */
class SelfModifyingCodeTest {
    static final long DRAM = Machine.DRAM_BASE;
    static final int WFI = 0x1050_0073, FENCE_I = 0x0000_100F, NOP = 0x0000_0013;

    static int addi(int rd, int rs1, int imm) {
        return (imm & 0xFFF) << 20 | rs1 << 15 | rd << 7 | 0x13;
    }

    static int sw(int rs2, int rs1, int imm) {
        return (imm >> 5 & 0x7F) << 25 | rs2 << 20 | rs1 << 15 | 2 << 12 | (imm & 0x1F) << 7 | 0x23;
    }

    static int bne(int rs1, int rs2, int offset) {
        return (offset >> 12 & 1) << 31 | (offset >> 5 & 0x3F) << 25 | rs2 << 20 | rs1 << 15 | 1 << 12
                | (offset >> 1 & 0xF) << 8 | (offset >> 11 & 1) << 7 | 0x63;
    }

    static int jal(int rd, int offset) {
        return (offset >> 20 & 1) << 31 | (offset >> 1 & 0x3FF) << 21 | (offset >> 11 & 1) << 20
                | (offset >> 12 & 0xFF) << 12 | rd << 7 | 0x6F;
    }

    static Machine machine() {
        return new Machine(MachineConfig.builder().memoryMiB(1).build());
    }

    static void put(Ram ram, long address, int... words) {
        for (int i = 0; i < words.length; i++) ram.write(address + 4L * i, 4, words[i]);
    }

    static Insn[] decodedSlots(Ram ram, long address) {
        DecodedPage d = (DecodedPage) ram.page(address).code;
        assertNotNull(d, "code ran from this page, so it has a decoded cache");
        return d.insns;
    }

    /** Runs x5 += 1, overwrites that instruction with x5 += 100 and runs it again. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void storeOverAnExecutedInstructionChangesWhatRuns(boolean fenceI) {
        Machine m = machine();
        put(m.ram(), DRAM,
                addi(5, 5, 1),          // 0x00: the instruction that is rewritten
                bne(6, 0, 0x18),        // 0x04: second time round: done
                sw(0, 8, 0x100),        // 0x08: fills the store TLB, so the next store takes the fast path
                sw(7, 8, 0),            // 0x0c: overwrite 0x00
                fenceI ? FENCE_I : NOP, // 0x10
                addi(6, 0, 1),          // 0x14
                jal(0, -0x18),          // 0x18: back to 0x00
                WFI);                   // 0x1c
        Hart h = m.hart(0);
        h.setX(7, addi(5, 5, 100));
        h.setX(8, DRAM);
        RunResult r = m.run(1000);
        assertEquals(StopReason.WAITING, r.reason());
        assertEquals(101, h.x(5), "the rewritten instruction ran the second time");
        assertEquals(DRAM + 0x20, h.pc());
    }

    /**
     * Code another hart rewrites, after this hart ran it long enough to translate it, runs fresh
     * once this hart executes FENCE.I (Zifencei: another hart's stores become visible to
     * instruction fetch after FENCE.I). This cannot tell whether FENCE.I itself does anything:
     * every store and every write into RAM already invalidates the decoded and translated code
     * of all harts, so the test fails only if that coherence breaks for writes by another hart.
     */
    @Test
    void codeRewrittenByAnotherHartRunsFreshAfterFenceI() {
        Machine m = new Machine(MachineConfig.builder().memoryMiB(1).harts(2).translationThreshold(2).build());
        put(m.ram(), DRAM,
                addi(5, 5, 1),          // 0x00: the instruction hart 1 rewrites
                addi(6, 6, 1),          // 0x04
                bne(6, 7, -8),          // 0x08: ten times round: a hot block
                FENCE_I,                // 0x0c
                addi(7, 7, 10),         // 0x10
                jal(0, -0x14));         // 0x14: ten more times round
        put(m.ram(), DRAM + 0x100, sw(10, 11, 0), WFI);
        Hart h0 = m.hart(0), h1 = m.hart(1);
        h0.reset(DRAM);
        h0.setX(7, 10);
        assertEquals(30, h0.run(30));
        assertEquals(10, h0.x(5));
        assertEquals(DRAM + 0x0c, h0.pc());
        assertEquals(1, h0.counters().blocksTranslated, "the loop ran translated");

        h1.reset(DRAM + 0x100);
        h1.setHalted(false);
        h1.setX(10, addi(5, 5, 100));
        h1.setX(11, DRAM);
        assertEquals(1, h1.run(1), "hart 1 stored over hart 0's loop");

        assertEquals(33, h0.run(33));
        assertEquals(10 + 10 * 100, h0.x(5), "after FENCE.I the loop ran the rewritten instruction");
    }

    @Test
    void instructionCrossingAPageBoundaryExecutes() {
        Machine m = machine();
        Ram ram = m.ram();
        long at = DRAM + 0xFFE;
        int insn = addi(5, 5, 77);
        ram.write(at, 2, insn & 0xFFFF);                // low half: last parcel of page 0
        ram.write(at + 2, 2, insn >>> 16);              // high half: first parcel of page 1
        ram.write(at + 4, 4, addi(6, 6, 1));
        ram.write(at + 8, 4, bne(6, 9, -8));            // three times round
        ram.write(at + 12, 4, WFI);
        Hart h = m.hart(0);
        h.reset(at);
        h.setX(9, 3);
        assertEquals(StopReason.WAITING, m.run(1000).reason());
        assertEquals(3 * 77, h.x(5));
        assertEquals(at + 16, h.pc());

        // Rewrite only the half on the second page: the straddling instruction is never cached.
        ram.write(at + 2, 2, addi(5, 5, 5) >>> 16);
        h.reset(at);
        h.setX(9, 1);
        assertEquals(StopReason.WAITING, m.run(1000).reason());
        assertEquals(5, h.x(5));
    }

    @Test
    void dmaWriteOverExecutedCodeInvalidatesIt() {
        Machine m = machine();
        Ram ram = m.ram();
        put(ram, DRAM, addi(5, 5, 1), WFI);
        Hart h = m.hart(0);
        m.run(100);
        assertEquals(1, h.x(5));
        assertNotNull(decodedSlots(ram, DRAM)[0]);

        int replacement = addi(5, 5, 100);
        ram.writeBytes(DRAM, new byte[] {(byte) replacement, (byte) (replacement >> 8),
                (byte) (replacement >> 16), (byte) (replacement >> 24)}, 0, 4);
        assertNull(decodedSlots(ram, DRAM)[0]);
        h.reset(DRAM);
        m.run(100);
        assertEquals(100, h.x(5));
    }

    @Test
    void dmaWriteOfOneByteInsideAnInstructionInvalidatesIt() {
        Machine m = machine();
        Ram ram = m.ram();
        put(ram, DRAM, addi(5, 5, 1), WFI);
        Hart h = m.hart(0);
        m.run(100);
        assertEquals(1, h.x(5));
        ram.writeBytes(DRAM + 3, new byte[] {0x06}, 0, 1);    // imm[11:4] = 6: x5 += 0x61
        h.reset(DRAM);
        m.run(100);
        assertEquals(0x61, h.x(5));
    }

    @Test
    void dmaWriteLeavesOtherDecodedInstructionsCached() {
        Machine m = machine();
        Ram ram = m.ram();
        put(ram, DRAM, addi(5, 5, 1), addi(6, 6, 1), addi(7, 7, 1), WFI);
        m.run(100);
        ram.writeBytes(DRAM + 4, new byte[4], 0, 4);
        Insn[] slots = decodedSlots(ram, DRAM);
        assertNotNull(slots[0]);
        assertNull(slots[2]);
        assertNotNull(slots[4]);
    }
}
