package org.virtlab.engine.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Physical memory protection, RISC-V privileged spec, "Physical Memory Protection" (address
 * matching, "Priority and Matching Logic", "Locking and Privilege Mode").
 */
class PmpTest {
    static final int U = 0, S = 1, M = 3;
    static final int R = 1, W = 2, X = 4, L = 0x80;
    static final int TOR = 1 << 3, NA4 = 2 << 3, NAPOT = 3 << 3;
    static final long DRAM = 0x8000_0000L;

    final Pmp pmp = new Pmp();

    /** Sets entry {@code e}'s configuration byte, leaving the others of its pmpcfg register alone. */
    void cfg(int e, int value) {
        int reg = (e / 8) * 2;
        int shift = 8 * (e % 8);
        long old = pmp.readCfg(reg);
        pmp.writeCfg(reg, (old & ~(0xFFL << shift)) | ((long) value & 0xFF) << shift);
    }

    int cfgOf(int e) {
        return (int) (pmp.readCfg((e / 8) * 2) >>> (8 * (e % 8))) & 0xFF;
    }

    /** pmpaddr for a naturally aligned power-of-two region of {@code size} (>= 8) bytes. */
    static long napot(long base, long size) {
        return (base >>> 2) | ((size >>> 3) - 1);
    }

    boolean load(long pa, int size, int priv) {
        return pmp.allows(pa, size, Access.LOAD, priv);
    }

    @Test
    void torFromZeroForEntryZero() {
        pmp.writeAddr(0, (DRAM + 0x1000) >>> 2);
        cfg(0, TOR | R);
        assertTrue(load(0, 8, S));
        assertTrue(load(DRAM + 0xFF8, 8, U));
        assertFalse(load(DRAM + 0x1000, 4, S), "the top of a TOR region is exclusive");
        assertFalse(pmp.allows(DRAM, 4, Access.STORE, S));
        assertFalse(pmp.allows(DRAM, 4, Access.FETCH, S));
    }

    @Test
    void torUsesPreviousAddressAsBottom() {
        pmp.writeAddr(0, DRAM >>> 2);              // entry 0 stays OFF, its address is the bottom
        pmp.writeAddr(1, (DRAM + 0x2000) >>> 2);
        cfg(1, TOR | R | W);
        assertTrue(pmp.allows(DRAM, 8, Access.STORE, S));
        assertTrue(load(DRAM + 0x1FFC, 4, S));
        assertFalse(load(DRAM + 0x2000, 4, S));
        assertFalse(load(DRAM - 4, 4, S));
    }

    @Test
    void torWithTopBelowBottomMatchesNothing() {
        pmp.writeAddr(0, (DRAM + 0x2000) >>> 2);
        pmp.writeAddr(1, DRAM >>> 2);
        cfg(1, TOR | R);
        assertFalse(load(DRAM + 0x1000, 4, S));
    }

    @Test
    void na4CoversExactlyFourBytes() {
        pmp.writeAddr(0, (DRAM + 0x10) >>> 2);
        cfg(0, NA4 | R);
        assertTrue(load(DRAM + 0x10, 4, S));
        assertTrue(load(DRAM + 0x13, 1, S));
        assertFalse(load(DRAM + 0x14, 4, S));
        assertFalse(load(DRAM + 0xC, 4, S));
    }

    @ParameterizedTest
    @ValueSource(longs = {8, 16, 4096, 1L << 20, 1L << 31})
    void napotOfSeveralSizes(long size) {
        long base = DRAM;                           // aligned to every size tested
        pmp.writeAddr(0, napot(base, size));
        cfg(0, NAPOT | R);
        assertTrue(load(base, 4, S));
        assertTrue(load(base + size - 4, 4, S));
        assertFalse(load(base + size, 4, S));
        assertFalse(load(base - 4, 4, S));
    }

    @Test
    void allOnesNapotIsAllOfMemory() {
        pmp.writeAddr(0, -1L);
        cfg(0, NAPOT | R | W | X);
        assertTrue(load(0, 8, U));
        assertTrue(load(DRAM, 8, U));
        assertTrue(pmp.allows((1L << 56) - 8, 8, Access.STORE, U));
        assertTrue(pmp.allows(0x1234_5678L, 4, Access.FETCH, S));
    }

    @Test
    void lowestNumberedMatchingEntryWins() {
        pmp.writeAddr(0, napot(DRAM, 0x1000));
        cfg(0, NAPOT);                              // no permissions
        pmp.writeAddr(1, -1L);
        cfg(1, NAPOT | R | W | X);
        assertFalse(load(DRAM, 4, S));
        assertFalse(load(DRAM + 0xFFC, 4, S));
        assertTrue(load(DRAM + 0x1000, 4, S));

        cfg(0, NAPOT | R);                          // now entry 0 allows reads only: entry 1 is never consulted
        assertTrue(load(DRAM, 4, S));
        assertFalse(pmp.allows(DRAM, 4, Access.STORE, S));
    }

    @Test
    void accessOnlyPartlyInsideTheMatchingEntryFails() {
        pmp.writeAddr(0, napot(DRAM, 0x1000));
        cfg(0, NAPOT | R | W | X);
        pmp.writeAddr(1, -1L);
        cfg(1, NAPOT | R | W | X);
        assertTrue(load(DRAM + 0xFF8, 8, S));
        assertFalse(load(DRAM + 0xFFC, 8, S), "straddles entry 0's top: fails although entry 1 covers it");
        assertFalse(load(DRAM - 4, 8, S), "straddles entry 0's bottom");
    }

    /**
     * "The matching PMP entry must match all bytes of an access, or the access fails,
     * irrespective of the L, R, W, and X bits" (privileged spec, "Priority and Matching Logic")
     * applies to M-mode too: only the permission check is waived for unlocked entries.
     */
    @Test
    void machineModeAccessOnlyPartlyInsideAnUnlockedEntryFails() {
        pmp.writeAddr(0, (DRAM + 4) >>> 2);
        cfg(0, NA4 | R | W);
        assertTrue(load(DRAM + 4, 4, M));
        assertTrue(load(DRAM + 0x100, 8, M), "no entry matches: M-mode succeeds");
        assertFalse(load(DRAM, 8, M), "an aligned doubleword covering half of an NA4 entry");
    }

    @Test
    void lockedEntryBindsMachineMode() {
        pmp.writeAddr(0, napot(DRAM, 0x1000));
        cfg(0, NAPOT | R);
        assertTrue(pmp.allows(DRAM, 4, Access.STORE, M), "unlocked: M-mode ignores the permissions");
        cfg(0, NAPOT | R | L);
        assertTrue(load(DRAM, 4, M));
        assertFalse(pmp.allows(DRAM, 4, Access.STORE, M));
        assertFalse(pmp.allows(DRAM, 4, Access.FETCH, M));
        assertTrue(pmp.allows(DRAM + 0x1000, 4, Access.STORE, M), "outside the locked entry");
    }

    @Test
    void lockedEntryIgnoresWritesToItsConfigurationAndAddress() {
        long addr = napot(DRAM, 0x1000);
        pmp.writeAddr(0, addr);
        cfg(0, NAPOT | R | L);
        cfg(1, NAPOT | R | W);
        pmp.writeCfg(0, 0);                         // clears entry 1, leaves locked entry 0
        assertEquals(NAPOT | R | L, cfgOf(0));
        assertEquals(0, cfgOf(1));
        pmp.writeAddr(0, napot(0, 8));
        assertEquals(addr, pmp.readAddr(0));
        assertTrue(load(DRAM + 0xFFC, 4, M));
    }

    @Test
    void lockedTorEntryProtectsThePreviousAddress() {
        pmp.writeAddr(0, DRAM >>> 2);
        pmp.writeAddr(1, (DRAM + 0x1000) >>> 2);
        cfg(1, TOR | R | L);
        pmp.writeAddr(0, 0);
        assertEquals(DRAM >>> 2, pmp.readAddr(0), "pmpaddr0 is the locked TOR region's bottom");
        assertTrue(load(DRAM, 4, M));
        assertFalse(pmp.allows(DRAM, 4, Access.STORE, M), "locked: binds M-mode");
    }

    @Test
    void lockedNonTorEntryDoesNotProtectThePreviousAddress() {
        pmp.writeAddr(1, napot(DRAM, 0x1000));
        cfg(1, NAPOT | R | L);
        pmp.writeAddr(0, 0x1234);
        assertEquals(0x1234, pmp.readAddr(0));
    }

    @Test
    void readZeroWriteOneIsReserved() {
        pmp.writeAddr(0, -1L);
        cfg(0, NAPOT | W);
        assertEquals(0, cfgOf(0) & (R | W), "R=0 W=1 must not be stored");
        assertFalse(pmp.allows(DRAM, 4, Access.STORE, S));
        cfg(0, NAPOT | W | X);
        assertEquals(NAPOT | X, cfgOf(0));
    }

    @Test
    void reservedConfigurationBitsReadAsZero() {
        cfg(0, 0x60 | NAPOT | R);
        assertEquals(NAPOT | R, cfgOf(0));
    }

    @Test
    void entriesEightToFifteenLiveInPmpcfg2() {
        cfg(8, NA4 | R);                             // pmpcfg2, byte 0 (RV64 has no odd pmpcfg)
        assertEquals(NA4 | R, pmp.readCfg(2) & 0xFF);
        assertEquals(0, pmp.readCfg(0));
    }

    @Test
    void noMatchingEntryAllowsMachineModeOnly() {
        assertTrue(load(DRAM, 8, M), "with every entry OFF");
        assertFalse(load(DRAM, 8, S), "PMP is implemented, so S-mode needs a matching entry");
        assertFalse(load(DRAM, 8, U));
        pmp.writeAddr(0, (DRAM + 0x1000) >>> 2);
        cfg(0, NA4 | R | W | X);
        assertTrue(pmp.allows(DRAM, 8, Access.STORE, M));
        assertFalse(pmp.allows(DRAM, 8, Access.FETCH, S));
        assertFalse(pmp.allows(DRAM, 8, Access.STORE, U));
    }

    @Test
    void addressRegisterHoldsFiftyFourBits() {
        pmp.writeAddr(3, -1L);
        assertEquals((1L << 54) - 1, pmp.readAddr(3));
    }
}
