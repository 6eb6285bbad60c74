package org.virtlab.engine.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.memory.Ram;

/**
 * Drives {@link Mmu} directly over page tables built in RAM by the test. References: RISC-V
 * privileged spec, "Sv39: Page-Based 39-bit Virtual-Memory System" (sections "Addressing and
 * Memory Protection", "Virtual Address Translation Process"), and the H extension, "Two-Stage
 * Address Translation" (Sv39x4, guest-page faults, htval/htinst for implicit accesses).
 */
class MmuTest {
    static final long DRAM = 0x8000_0000L;
    static final int U = 0, S = 1, M = 3;
    static final long V = 1, R = 2, W = 4, X = 8, USER = 16, A = 64, D = 128;
    static final long RWX = R | W | X;
    static final long SV39 = 8L << 60;

    Ram ram;
    Pmp pmp;
    Mmu mmu;
    /** Bump allocator for page-table pages, from 4 MiB into RAM. */
    long nextTable = DRAM + 0x40_0000;

    @BeforeEach
    void setUp() {
        ram = new Ram(DRAM, 16L << 20);
        pmp = allowAll();
        mmu = new Mmu(ram, pmp);
    }

    /** A PMP whose entry 0 is an all-ones NAPOT region with RWX: every access allowed. */
    static Pmp allowAll() {
        Pmp p = new Pmp();
        p.writeAddr(0, -1L);
        p.writeCfg(0, 0x1F);          // A=NAPOT, X, W, R
        return p;
    }

    long newTable(int pages) {
        long align = (long) pages << 12;
        nextTable = (nextTable + align - 1) & -align;
        long t = nextTable;
        nextTable += align;
        return t;
    }

    static long pte(long pa, long flags) {
        return ((pa >>> 12) << 10) | flags;
    }

    /**
     * Maps {@code va} to {@code pa} with a leaf at {@code leafLevel} (0 = 4 KiB, 1 = 2 MiB,
     * 2 = 1 GiB); {@code wideRoot} selects the 11-bit top index of Sv39x4. Returns the leaf's address.
     */
    long map(long root, long va, long pa, long flags, int leafLevel, boolean wideRoot) {
        long table = root;
        for (int level = 2; ; level--) {
            long index = (va >>> (12 + 9 * level)) & (level == 2 && wideRoot ? 0x7FF : 0x1FF);
            long addr = table + index * 8;
            if (level == leafLevel) {
                ram.write(addr, 8, pte(pa, flags));
                return addr;
            }
            long existing = ram.read(addr, 8);
            if ((existing & V) == 0) {
                long next = newTable(1);
                ram.write(addr, 8, pte(next, V));
                table = next;
            } else {
                table = ((existing >>> 10) & ((1L << 44) - 1)) << 12;
            }
        }
    }

    long map(long root, long va, long pa, long flags) {
        return map(root, va, pa, flags, 0, false);
    }

    /** A fresh Sv39 root installed in satp. */
    long sv39Root() {
        long root = newTable(1);
        assertTrue(mmu.writeSatp(SV39 | (root >>> 12), false));
        return root;
    }

    long load(long va, int priv, int flags) {
        return mmu.translate(va, Access.LOAD, priv, false, flags);
    }

    void assertFault(int cause, long result) {
        assertEquals(Mmu.FAULT, result, "expected a fault");
        assertEquals(cause, mmu.faultCause);
    }

    // ---- Bare and Sv39 ---------------------------------------------------------------------------

    @Test
    void bareModeIsIdentity() {
        assertEquals(0x1234_5678_9ABCL, mmu.translate(0x1234_5678_9ABCL, Access.STORE, S, false, 0));
        assertEquals(-8L, mmu.translate(-8L, Access.FETCH, U, false, 0));
    }

    @Test
    void machineModeIsNeverTranslated() {
        sv39Root();
        assertEquals(0x4000L, mmu.translate(0x4000L, Access.LOAD, M, false, 0));
    }

    @Test
    void sv39FourKilobytePage() {
        long root = sv39Root();
        map(root, 0x4000_1000L, DRAM + 0x5000, V | R | W | A | D);
        assertEquals(DRAM + 0x5ABC, load(0x4000_1ABCL, S, 0));
        assertFalse(mmu.lastSuperpage);
    }

    @Test
    void sv39TwoMegabytePage() {
        long root = sv39Root();
        map(root, 0x4020_0000L, DRAM + 0x20_0000, V | R | A, 1, false);
        assertEquals(DRAM + 0x21_2345, load(0x4021_2345L, S, 0));
        assertTrue(mmu.lastSuperpage);
    }

    @Test
    void sv39OneGigabytePage() {
        long root = sv39Root();
        map(root, 0x3F_C000_0000L, DRAM, V | R | A, 2, false);        // root index 255
        assertEquals(DRAM + 0x3ABC_DEF0L, load(0x3F_C000_0000L + 0x3ABC_DEF0L, S, 0));
        assertTrue(mmu.lastSuperpage);
    }

    @Test
    void negativeCanonicalAddressesUseTheUpperHalf() {
        long root = sv39Root();
        long va = 0xFFFF_FFC0_0000_0000L;        // bit 38 set and sign-extended: root index 256
        map(root, va, DRAM + 0x7000, V | R | A);
        assertEquals(DRAM + 0x7010, load(va + 0x10, S, 0));
    }

    @Test
    void misalignedSuperpageIsAPageFault() {
        long root = sv39Root();
        map(root, 0x4020_0000L, DRAM + 0x20_1000, V | R | A, 1, false);     // PPN[0] != 0
        assertFault(13, load(0x4020_0000L, S, 0));
        map(root, 0x8000_0000L, DRAM + 0x20_0000, V | R | A, 2, false);     // PPN[1] != 0
        assertFault(13, load(0x8000_0000L, S, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {54, 58, 61, 62, 63})
    void reservedHighBitsAreAPageFault(int bit) {
        long root = sv39Root();
        long leaf = map(root, 0x1000, DRAM + 0x1000, V | R | W | A | D);
        ram.write(leaf, 8, ram.read(leaf, 8) | 1L << bit);
        assertFault(13, load(0x1000, S, 0));
        assertFault(15, mmu.translate(0x1000, Access.STORE, S, false, 0));
    }

    @Test
    void reservedHighBitsInANonLeafAreAPageFault() {
        long root = sv39Root();
        map(root, 0x1000, DRAM + 0x1000, V | R | A);
        ram.write(root, 8, ram.read(root, 8) | 1L << 60);
        assertFault(13, load(0x1000, S, 0));
    }

    /**
     * D, A and U are reserved in non-leaf PTEs: a walk through one is a page fault of the access
     * type (Sv39 "Virtual Address Translation Process", step 3). Broke: pointers with them set
     * were followed.
     */
    @ParameterizedTest
    @ValueSource(longs = {A, D, USER})
    void accessedDirtyOrUserInANonLeafIsAPageFault(long bit) {
        long root = sv39Root();
        long leaf = map(root, 0x1000, DRAM + 0x1000, V | R | W | X | A | D);
        long level1 = ((ram.read(root, 8) >>> 10) << 12);
        ram.write(level1, 8, ram.read(level1, 8) | bit);
        assertFault(13, load(0x1000, S, 0));
        assertFault(15, mmu.translate(0x1000, Access.STORE, S, false, 0));
        assertFault(12, mmu.translate(0x1000, Access.FETCH, S, false, 0));
        assertEquals(V | R | W | X | A | D, ram.read(leaf, 8) & 0xFF, "the leaf was not reached");
        ram.write(level1, 8, ram.read(level1, 8) & ~bit);
        ram.write(root, 8, ram.read(root, 8) | bit);
        assertFault(13, load(0x1000, S, 0));
    }

    @Test
    void writeWithoutReadIsAPageFault() {
        long root = sv39Root();
        map(root, 0x1000, DRAM + 0x1000, V | W | A | D);
        assertFault(13, load(0x1000, S, 0));
        assertFault(15, mmu.translate(0x1000, Access.STORE, S, false, 0));
        map(root, 0x2000, DRAM + 0x2000, V | W | X | A | D);
        assertFault(12, mmu.translate(0x2000, Access.FETCH, S, false, 0));
    }

    @Test
    void invalidEntriesArePageFaults() {
        long root = sv39Root();
        assertFault(12, mmu.translate(0x1000, Access.FETCH, S, false, 0));     // empty root
        map(root, 0x1000, DRAM + 0x1000, R | W | A | D);                       // V=0 leaf
        assertFault(13, load(0x1000, S, 0));
        assertFault(15, mmu.translate(0x1000, Access.STORE, S, false, 0));
    }

    @Test
    void nonLeafAtLevelZeroIsAPageFault() {
        long root = sv39Root();
        map(root, 0x1000, DRAM + 0x9000, V);          // a pointer where a leaf must be
        assertFault(13, load(0x1000, S, 0));
    }

    @Test
    void leafPermissionsPerAccessKind() {
        long root = sv39Root();
        map(root, 0x1000, DRAM + 0x1000, V | R | A | D);
        map(root, 0x2000, DRAM + 0x2000, V | X | A | D);
        assertFault(15, mmu.translate(0x1000, Access.STORE, S, false, 0));
        assertFault(12, mmu.translate(0x1000, Access.FETCH, S, false, 0));
        assertFault(13, load(0x2000, S, 0));
        assertEquals(DRAM + 0x2000, mmu.translate(0x2000, Access.FETCH, S, false, 0));
    }

    @Test
    void userModeNeedsUserPages() {
        long root = sv39Root();
        map(root, 0x1000, DRAM + 0x1000, V | RWX | A | D);              // supervisor page
        map(root, 0x2000, DRAM + 0x2000, V | RWX | USER | A | D);       // user page
        assertFault(13, load(0x1000, U, 0));
        assertFault(12, mmu.translate(0x1000, Access.FETCH, U, false, 0));
        assertFault(13, load(0x1000, U, Mmu.SUM));                      // SUM does nothing for U
        assertEquals(DRAM + 0x2000, load(0x2000, U, 0));
        assertEquals(DRAM + 0x2000, mmu.translate(0x2000, Access.STORE, U, false, 0));
        assertEquals(DRAM + 0x2000, mmu.translate(0x2000, Access.FETCH, U, false, 0));
    }

    @Test
    void supervisorTouchesUserPagesOnlyWithSum() {
        long root = sv39Root();
        map(root, 0x2000, DRAM + 0x2000, V | RWX | USER | A | D);
        assertFault(13, load(0x2000, S, 0));
        assertFault(15, mmu.translate(0x2000, Access.STORE, S, false, 0));
        assertEquals(DRAM + 0x2000, load(0x2000, S, Mmu.SUM));
        assertEquals(DRAM + 0x2000, mmu.translate(0x2000, Access.STORE, S, false, Mmu.SUM));
    }

    @Test
    void supervisorNeverFetchesFromUserPages() {
        long root = sv39Root();
        map(root, 0x2000, DRAM + 0x2000, V | RWX | USER | A | D);
        assertFault(12, mmu.translate(0x2000, Access.FETCH, S, false, 0));
        assertFault(12, mmu.translate(0x2000, Access.FETCH, S, false, Mmu.SUM));
    }

    @Test
    void mxrMakesExecuteOnlyPagesReadable() {
        long root = sv39Root();
        map(root, 0x3000, DRAM + 0x3000, V | X | A);
        assertFault(13, load(0x3000, S, 0));
        assertEquals(DRAM + 0x3000, load(0x3000, S, Mmu.MXR));
        assertFault(15, mmu.translate(0x3000, Access.STORE, S, false, Mmu.MXR));
    }

    @ParameterizedTest
    @ValueSource(longs = {0x40_0000_0000L, 0x8000_0000_0000_0000L, 0xFFFF_FFBF_FFFF_F000L, 0x0100_0000_0000_0000L})
    void nonCanonicalAddressIsAPageFault(long va) {
        sv39Root();
        assertFault(13, load(va, S, 0));
        assertFault(15, mmu.translate(va, Access.STORE, S, false, 0));
        assertFault(12, mmu.translate(va, Access.FETCH, S, false, 0));
    }

    @Test
    void pageTableOutsideMemoryIsAnAccessFaultOfTheAccessKind() {
        mmu.writeSatp(SV39 | (0x1000_0000L >>> 12), false);     // root below DRAM: nothing there
        assertFault(1, mmu.translate(0x1000, Access.FETCH, S, false, 0));
        assertFault(5, load(0x1000, S, 0));
        assertFault(7, mmu.translate(0x1000, Access.STORE, S, false, 0));
    }

    @Test
    void pageTableDeniedByPmpIsAnAccessFaultOfTheAccessKind() {
        long root = sv39Root();
        map(root, 0x1000, DRAM + 0x1000, V | RWX | A | D);
        // Entry 0: the root's page, no permissions; entry 1: everything else.
        pmp.writeAddr(0, (root >>> 2) | 0x1FF);                // NAPOT 4 KiB
        pmp.writeAddr(1, -1L);
        pmp.writeCfg(0, 0x1F18L);                              // cfg0 = NAPOT none, cfg1 = NAPOT RWX
        assertFault(1, mmu.translate(0x1000, Access.FETCH, S, false, 0));
        assertFault(5, load(0x1000, S, 0));
        assertFault(7, mmu.translate(0x1000, Access.STORE, S, false, 0));
    }

    @Test
    void accessedBitSetOnReadAndDirtyOnWrite() {
        long root = sv39Root();
        long leaf = map(root, 0x1000, DRAM + 0x1000, V | R | W);
        assertEquals(DRAM + 0x1000, load(0x1000, S, 0));
        assertEquals(V | R | W | A, ram.read(leaf, 8) & 0xFF);
        assertEquals(DRAM + 0x1000, mmu.translate(0x1000, Access.STORE, S, false, 0));
        assertEquals(V | R | W | A | D, ram.read(leaf, 8) & 0xFF);
        assertEquals(DRAM + 0x1000 >>> 12, ram.read(leaf, 8) >>> 10, "the PPN is preserved");
    }

    @Test
    void faultingAccessDoesNotSetAccessedBit() {
        long root = sv39Root();
        long leaf = map(root, 0x1000, DRAM + 0x1000, V | R);
        assertFault(15, mmu.translate(0x1000, Access.STORE, S, false, 0));
        assertEquals(V | R, ram.read(leaf, 8) & 0xFF);
    }

    @ParameterizedTest
    @ValueSource(longs = {9, 10, 1, 15})
    void satpWriteWithUnsupportedModeIsIgnoredEntirely(long mode) {
        long root = sv39Root();
        long before = mmu.satp();
        assertFalse(mmu.writeSatp(mode << 60 | 0x1234L << 44 | 0x5_5555L, false));
        assertEquals(before, mmu.satp());
        assertEquals(SV39 | root >>> 12, mmu.satp());
        assertFalse(mmu.writeSatp(mode << 60 | 0x7777L, true));
        assertEquals(0, mmu.vsatp());
    }

    // ---- two-stage translation (H extension) ------------------------------------------------------

    /** A fresh Sv39x4 root: 16 KiB, 16 KiB-aligned, installed in hgatp. */
    long gStageRoot() {
        long root = newTable(4);
        assertTrue(mmu.writeHgatp(SV39 | (root >>> 12)));
        return root;
    }

    long guestLoad(long gva, int flags) {
        return mmu.translate(gva, Access.LOAD, S, true, flags);
    }

    @Test
    void gStageUsesElevenBitTopIndex() {
        long root = gStageRoot();
        long gpa = 1L << 40;                                   // top index 1024: the root's third page
        long leaf = map(root, gpa, DRAM, V | RWX | USER | A | D, 2, true);
        assertEquals(root + 1024 * 8, leaf);
        assertEquals(DRAM + 0x123, guestLoad(gpa + 0x123, 0));
        long gpa2 = (2047L << 30) + 0x2000;                   // highest root index, 4 KiB leaf
        map(root, gpa2, DRAM + 0x6000, V | RWX | USER | A | D, 0, true);
        assertEquals(DRAM + 0x6008, guestLoad(gpa2 + 8, 0));
    }

    @Test
    void guestPhysicalAddressAboveFortyOneBitsIsAGuestPageFault() {
        gStageRoot();
        long gpa = 1L << 41;
        assertFault(21, guestLoad(gpa, 0));
        assertEquals(gpa >>> 2, mmu.faultTval2);
        assertFault(23, mmu.translate(gpa + 4, Access.STORE, S, true, 0));
        assertEquals((gpa + 4) >>> 2, mmu.faultTval2);
        assertFault(20, mmu.translate(gpa, Access.FETCH, U, true, 0));
    }

    @Test
    void gStageLeafWithoutUserBitIsAGuestPageFault() {
        long root = gStageRoot();
        map(root, 0x1000, DRAM + 0x1000, V | RWX | A | D, 0, true);
        assertFault(21, guestLoad(0x1004, 0));
        assertEquals(0x1004 >>> 2, mmu.faultTval2);
        assertEquals(0, mmu.faultTinst, "an explicit access has no pseudo-instruction");
    }

    @Test
    void gStageInvalidEntryIsAGuestPageFaultWithTval2() {
        gStageRoot();
        long gpa = 0x1_2345_6788L;
        assertFault(23, mmu.translate(gpa, Access.STORE, S, true, 0));
        assertEquals(gpa >>> 2, mmu.faultTval2);
    }

    @Test
    void gStageMisalignedSuperpageIsAGuestPageFault() {
        long root = gStageRoot();
        map(root, 0x20_0000, DRAM + 0x1000, V | RWX | USER | A | D, 1, true);
        assertFault(21, guestLoad(0x20_0000, 0));
        assertEquals(0x20_0000 >>> 2, mmu.faultTval2);
    }

    /** In the G-stage a reserved D, A or U in a non-leaf PTE is a guest-page fault (with the GPA). */
    @ParameterizedTest
    @ValueSource(longs = {A, D, USER})
    void gStageAccessedDirtyOrUserInANonLeafIsAGuestPageFault(long bit) {
        long root = gStageRoot();
        map(root, 0x1000, DRAM + 0x1000, V | RWX | USER | A | D, 0, true);
        ram.write(root, 8, ram.read(root, 8) | bit);
        assertFault(21, guestLoad(0x1004, 0));
        assertEquals(0x1004 >>> 2, mmu.faultTval2);
        assertFault(23, mmu.translate(0x1004, Access.STORE, S, true, 0));
        assertFault(20, mmu.translate(0x1004, Access.FETCH, S, true, 0));
    }

    /** The same for the VS-stage of a two-stage walk: an ordinary page fault, not a guest-page fault. */
    @Test
    void vsStageAccessedBitInANonLeafIsAPageFault() {
        long gRoot = gStageRoot();
        for (long gpa = 0; gpa < 0x10_000; gpa += 0x1000) map(gRoot, gpa, DRAM + 0x80_0000 + gpa, V | RWX | USER | A | D, 0, true);
        long host = DRAM + 0x80_0000;
        ram.write(host + 0x1000, 8, pte(0x2000, V | A));                      // VS root [0] -> 0x2000, A set
        ram.write(host + 0x2000, 8, pte(0x3000, V));
        ram.write(host + 0x3000 + 8 * 4, 8, pte(0x5000, V | R | W | A | D));   // GVA 0x4000 -> GPA 0x5000
        assertTrue(mmu.writeSatp(SV39 | 1, true));
        assertFault(13, guestLoad(0x4000, 0));
        assertEquals(0, mmu.faultTval2);
        ram.write(host + 0x1000, 8, pte(0x2000, V));
        assertEquals(host + 0x5000, guestLoad(0x4000, 0));
    }

    @Test
    void gStageSetsAccessedAndDirtyBits() {
        long root = gStageRoot();
        long leaf = map(root, 0x1000, DRAM + 0x1000, V | R | W | USER, 0, true);
        assertEquals(DRAM + 0x1000, guestLoad(0x1000, 0));
        assertEquals(V | R | W | USER | A, ram.read(leaf, 8) & 0xFF);
        assertEquals(DRAM + 0x1000, mmu.translate(0x1000, Access.STORE, S, true, 0));
        assertEquals(V | R | W | USER | A | D, ram.read(leaf, 8) & 0xFF);
    }

    @Test
    void twoStageTranslationComposesBothStages() {
        long gRoot = gStageRoot();
        // Guest physical [0, 2 MiB) -> host DRAM + 8 MiB.
        long hostBase = DRAM + 0x80_0000;
        for (long gpa = 0; gpa < 0x20_0000; gpa += 0x1000)
            map(gRoot, gpa, hostBase + gpa, V | RWX | USER | A | D, 0, true);
        // VS-stage root at GPA 0x1000 (host: hostBase + 0x1000); maps GVA 0x4000_0000 -> GPA 0x5000.
        ram.write(hostBase + 0x1000 + 1 * 8, 8, pte(0x2000, V));              // level 2, index 1
        ram.write(hostBase + 0x2000, 8, pte(0x3000, V));                       // level 1, index 0
        ram.write(hostBase + 0x3000, 8, pte(0x5000, V | R | W | A | D));       // level 0, index 0
        assertTrue(mmu.writeSatp(SV39 | 1, true));
        assertEquals(hostBase + 0x5010, guestLoad(0x4000_0010L, 0));

        // A VS-stage leaf pointing outside the G-stage mapping: the fault reports the final GPA.
        ram.write(hostBase + 0x3008, 8, pte(0x30_0000, V | R | W | A | D));   // GVA 0x4000_1000
        assertFault(21, guestLoad(0x4000_1010L, 0));
        assertEquals(0x30_0010L >>> 2, mmu.faultTval2);
        assertEquals(0, mmu.faultTinst, "not an implicit access");
    }

    @Test
    void implicitVsStagePteFetchFaultReportsPseudoInstructionAndOriginalAccessType() {
        gStageRoot();                                          // maps nothing
        long vsRootGpa = 0x9000;
        assertTrue(mmu.writeSatp(SV39 | (vsRootGpa >>> 12), true));
        long gva = 0x4000_0000L;                               // level-2 index 1
        long pteGpa = vsRootGpa + 8;

        assertFault(23, mmu.translate(gva, Access.STORE, S, true, 0));
        assertEquals(Mmu.PSEUDO_PTE_READ, mmu.faultTinst);
        assertEquals(pteGpa >>> 2, mmu.faultTval2);

        assertFault(21, guestLoad(gva, 0));
        assertEquals(Mmu.PSEUDO_PTE_READ, mmu.faultTinst);

        assertFault(20, mmu.translate(gva, Access.FETCH, S, true, 0));
        assertEquals(Mmu.PSEUDO_PTE_READ, mmu.faultTinst);
    }

    @Test
    void hlvxNeedsExecutePermission() {
        long gRoot = gStageRoot();
        map(gRoot, 0x1000, DRAM + 0x1000, V | R | USER | A | D, 0, true);   // readable, not executable
        map(gRoot, 0x2000, DRAM + 0x2000, V | X | USER | A | D, 0, true);   // execute-only
        assertEquals(DRAM + 0x1000, guestLoad(0x1000, 0));
        assertFault(21, guestLoad(0x1000, Mmu.HLVX));
        assertEquals(DRAM + 0x2000, guestLoad(0x2000, Mmu.HLVX));
        assertFault(21, guestLoad(0x2000, 0));
    }

    @Test
    void gStageMxrMakesExecuteOnlyGuestPagesReadable() {
        long gRoot = gStageRoot();
        map(gRoot, 0x2000, DRAM + 0x2000, V | X | USER | A | D, 0, true);
        assertFault(21, guestLoad(0x2000, 0));
        assertFault(21, guestLoad(0x2000, Mmu.MXR));           // vsstatus.MXR alone: first stage only
        assertEquals(DRAM + 0x2000, guestLoad(0x2000, Mmu.G_MXR));
    }

    @Test
    void hgatpWriteMasksLowRootPpnBitsInSv39x4() {
        assertTrue(mmu.writeHgatp(SV39 | 5L << 44 | 0x8_0003L));
        assertEquals(SV39 | 5L << 44 | 0x8_0000L, mmu.hgatp());
        assertFalse(mmu.writeHgatp(9L << 60 | 0x8_0004L), "Sv48x4 is not implemented: ignored");
        assertEquals(SV39 | 5L << 44 | 0x8_0000L, mmu.hgatp());
    }
}
