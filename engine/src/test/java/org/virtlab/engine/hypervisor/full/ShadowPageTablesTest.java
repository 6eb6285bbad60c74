package org.virtlab.engine.hypervisor.full;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.virtlab.engine.hypervisor.full.GuestTables.A;
import static org.virtlab.engine.hypervisor.full.GuestTables.D;
import static org.virtlab.engine.hypervisor.full.GuestTables.DOMAIN_HOST;
import static org.virtlab.engine.hypervisor.full.GuestTables.GUEST_RAM;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL;
import static org.virtlab.engine.hypervisor.full.GuestTables.POOL_PAGES;
import static org.virtlab.engine.hypervisor.full.GuestTables.R;
import static org.virtlab.engine.hypervisor.full.GuestTables.U;
import static org.virtlab.engine.hypervisor.full.GuestTables.UART;
import static org.virtlab.engine.hypervisor.full.GuestTables.V;
import static org.virtlab.engine.hypervisor.full.GuestTables.W;
import static org.virtlab.engine.hypervisor.full.GuestTables.X;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.cpu.Cause;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.mmu.Access;
import org.virtlab.engine.mmu.Mmu;

/**
 * Filling shadows from the guest's Sv39 tables: permissions per context, reflected faults, SUM,
 * MXR, A/D emulation and guest superpages. References: privileged spec, "Sv39", "Virtual
 * Address Translation Process", "Memory Privilege in mstatus"; shared/DESIGN.md section 3.
 */
class ShadowPageTablesTest {
    static final long VA = 0x0000_0040_1234L;        // an ordinary user-range address
    static final long FRAME = GUEST_RAM + 0x5000;     // guest-physical page it maps to
    static final long FRAME_HOST = DOMAIN_HOST + 0x5000;
    static final long SHADOW_RWX = V | R | W | X | U | A | D;

    GuestTables g;
    ShadowPageTables spt;
    Mmu mmu;
    long satp;

    @BeforeEach
    void setUp() {
        g = new GuestTables();
        spt = new ShadowPageTables(g.domain, POOL, POOL_PAGES);
        mmu = GuestTables.physicalMmu(g.ram);
        satp = g.newSatp(1);
    }

    Fill fault(int context, long va, int access) {
        return spt.handleFault(satp, context, false, va, access);
    }

    void assertFilled(Fill f) {
        assertEquals(Fill.Kind.FILLED, f.kind(), "fill result");
        assertEquals(-1, f.cause());
    }

    void assertGuestPageFault(Fill f, int cause) {
        assertEquals(Fill.Kind.GUEST_PAGE_FAULT, f.kind(), "fill result");
        assertEquals(cause, f.cause(), "cause to inject: " + Cause.name(f.cause()));
    }

    long leafFlags(int context, long va) {
        return spt.leaf(satp, context, va) & 0x3FF;
    }

    long reach(int context, long va, int access) {
        return GuestTables.physicalTranslate(mmu, spt.root(satp, context), va, access);
    }

    @Test
    void bareContextMapsRamIdentityRwxAndNeverDevices() {
        long root = spt.root(0, ShadowContext.BARE);
        Fill f = spt.handleFault(0, ShadowContext.BARE, false, GUEST_RAM + 0x1234, Access.FETCH);
        assertFilled(f);
        assertEquals(GUEST_RAM + 0x1234, f.gpa());
        for (int access : new int[] {Access.FETCH, Access.LOAD, Access.STORE})
            assertEquals(DOMAIN_HOST + 0x1234, GuestTables.physicalTranslate(mmu, root, GUEST_RAM + 0x1234, access));

        Fill uart = spt.handleFault(0, ShadowContext.BARE, false, UART + 5, Access.STORE);
        assertEquals(Fill.Kind.NOT_RAM, uart.kind());
        assertEquals(UART + 5, uart.gpa());
        assertEquals(Cause.STORE_ACCESS_FAULT, uart.cause());
        assertEquals(Mmu.FAULT, GuestTables.physicalTranslate(mmu, root, UART + 5, Access.STORE), "devices stay unmapped");
    }

    @Test
    void bareRootIsSharedAndGuestSatpIgnored() {
        long root = spt.root(0, ShadowContext.BARE);
        assertEquals(root, spt.root(satp, ShadowContext.BARE));
        assertEquals(root, spt.root(0, ShadowContext.S), "a Bare guest satp means no translation in S either");
    }

    @Test
    void supervisorPageFillsWithGuestPermissionsAndUserBitSet() {
        g.map(satp, VA, FRAME, V | R | W | X | A | D);
        assertFilled(fault(ShadowContext.S, VA, Access.LOAD));
        assertEquals(SHADOW_RWX, leafFlags(ShadowContext.S, VA), "shadow leaf: U=1 always, A=1, D=1 with W");
        assertEquals(FRAME_HOST + 0x234, reach(ShadowContext.S, VA, Access.STORE));
        assertEquals(FRAME_HOST + 0x234, reach(ShadowContext.S, VA, Access.FETCH));
    }

    @Test
    void supervisorContextRefusesUserPages() {
        g.map(satp, VA, FRAME, V | R | W | X | U | A | D);
        assertGuestPageFault(fault(ShadowContext.S, VA, Access.LOAD), Cause.LOAD_PAGE_FAULT);
        assertGuestPageFault(fault(ShadowContext.S, VA, Access.STORE), Cause.STORE_PAGE_FAULT);
        assertGuestPageFault(fault(ShadowContext.S, VA, Access.FETCH), Cause.INSTRUCTION_PAGE_FAULT);
        assertEquals(0, spt.leaf(satp, ShadowContext.S, VA));
        assertEquals(3, spt.stats().guestPageFaults());
    }

    @Test
    void userContextTakesUserPagesOnly() {
        long userVa = VA, kernelVa = VA + 0x1000;
        g.map(satp, userVa, FRAME, V | R | X | U | A);
        g.map(satp, kernelVa, FRAME + 0x1000, V | R | W | A | D);
        assertFilled(fault(ShadowContext.U, userVa, Access.FETCH));
        assertEquals(V | R | X | U | A, leafFlags(ShadowContext.U, userVa));
        assertGuestPageFault(fault(ShadowContext.U, userVa, Access.STORE), Cause.STORE_PAGE_FAULT);
        assertGuestPageFault(fault(ShadowContext.U, kernelVa, Access.LOAD), Cause.LOAD_PAGE_FAULT);
    }

    @Test
    void sumOpensUserPagesToLoadsAndStoresButNeverFetches() {
        g.map(satp, VA, FRAME, V | R | W | X | U | A | D);
        assertFilled(fault(ShadowContext.S_SUM, VA, Access.LOAD));
        assertEquals(V | R | W | U | A | D, leafFlags(ShadowContext.S_SUM, VA), "no X for a user page under SUM");
        assertEquals(Mmu.FAULT, reach(ShadowContext.S_SUM, VA, Access.FETCH));
        assertGuestPageFault(fault(ShadowContext.S_SUM, VA, Access.FETCH), Cause.INSTRUCTION_PAGE_FAULT);

        long kernelVa = VA + 0x1000;
        g.map(satp, kernelVa, FRAME + 0x1000, V | R | X | A);
        assertFilled(fault(ShadowContext.S_SUM, kernelVa, Access.FETCH));
        assertEquals(V | R | X | U | A, leafFlags(ShadowContext.S_SUM, kernelVa), "supervisor pages keep X under SUM");
    }

    @Test
    void mxrMakesExecuteOnlyPagesReadableAndClearingItDropsThem() {
        g.map(satp, VA, FRAME, V | X | A);
        assertGuestPageFault(spt.handleFault(satp, ShadowContext.S, false, VA, Access.LOAD), Cause.LOAD_PAGE_FAULT);
        assertFilled(spt.handleFault(satp, ShadowContext.S, true, VA, Access.LOAD));
        assertEquals(V | R | X | U | A, leafFlags(ShadowContext.S, VA));

        long root = spt.root(satp, ShadowContext.S);
        assertEquals(false, spt.mxrChanged(true), "setting MXR only widens: nothing to drop");
        assertTrue(spt.mxrChanged(false), "clearing MXR drops the MXR-granted read");
        assertEquals(0, spt.leaf(satp, ShadowContext.S, VA));
        assertEquals(root, spt.root(satp, ShadowContext.S), "the current root keeps its address");
        assertEquals(false, spt.mxrChanged(false), "nothing MXR-granted is left");
    }

    @Test
    void readOfCleanWritablePageMapsItReadOnlyUntilTheFirstStore() {
        long leafGpa = g.map(satp, VA, FRAME, V | R | W | U);                 // A = D = 0
        assertFilled(fault(ShadowContext.U, VA, Access.LOAD));
        assertEquals(A, g.readGuest(leafGpa) & (A | D), "a load sets A only");
        assertEquals(V | R | U | A, leafFlags(ShadowContext.U, VA), "clean page: read-only in the shadow");
        assertEquals(Mmu.FAULT, reach(ShadowContext.U, VA, Access.STORE), "the first store must fault");
        assertEquals(Cause.STORE_PAGE_FAULT, mmu.faultCause);

        assertFilled(fault(ShadowContext.U, VA, Access.STORE));
        assertEquals(A | D, g.readGuest(leafGpa) & (A | D), "the store sets D");
        assertEquals(V | R | W | U | A | D, leafFlags(ShadowContext.U, VA));
        assertEquals(FRAME_HOST + 0x234, reach(ShadowContext.U, VA, Access.STORE));
        assertEquals(2, spt.stats().guestAdUpdates());
    }

    @Test
    void storeToReadOnlyPageIsReflectedAndLeavesDirtyClear() {
        long leafGpa = g.map(satp, VA, FRAME, V | R | U | A);
        assertGuestPageFault(fault(ShadowContext.U, VA, Access.STORE), Cause.STORE_PAGE_FAULT);
        assertEquals(0, g.readGuest(leafGpa) & D);
    }

    @Test
    void malformedGuestEntriesArePageFaults() {
        long[] badLeaves = {
            V | W | U | A | D,                  // W without R: reserved
            V | W | X | U | A | D,              // W without R, with X: reserved
            R | W | X | U | A | D,              // V = 0
            V | R | U | A | (1L << 54),         // reserved bits 63:54
            V | R | U | A | (1L << 63),         // N (Svnapot) not implemented
        };
        for (long flags : badLeaves) {
            g.map(satp, VA, FRAME, flags);
            spt.flushAll();
            assertGuestPageFault(fault(ShadowContext.U, VA, Access.LOAD), Cause.LOAD_PAGE_FAULT);
        }
        g.map(satp, VA, FRAME, V, 0);                                         // pointer at level 0
        assertGuestPageFault(fault(ShadowContext.U, VA, Access.LOAD), Cause.LOAD_PAGE_FAULT);
        assertGuestPageFault(fault(ShadowContext.U, 1L << 38, Access.LOAD), Cause.LOAD_PAGE_FAULT); // not sign-extended
    }

    /**
     * The software walk treats a guest pointer entry with D, A or U set as the hardware does: a
     * page fault (the bits are reserved in non-leaf PTEs). Broke: such pointers were followed.
     */
    @Test
    void reservedBitsInAGuestPointerEntryArePageFaults() {
        g.map(satp, VA, FRAME, V | R | W | U | A | D);
        long pointer = GuestTables.root(satp) + Pte.index(VA, 2) * 8L;
        long clean = g.readGuest(pointer);
        for (long bit : new long[] {A, D, U}) {
            g.writeGuest(pointer, clean | bit);
            spt.flushAll();
            assertGuestPageFault(fault(ShadowContext.U, VA, Access.STORE), Cause.STORE_PAGE_FAULT);
        }
        g.writeGuest(pointer, clean);
        spt.flushAll();
        assertFilled(fault(ShadowContext.U, VA, Access.LOAD));
    }

    @Test
    void misalignedSuperpagesArePageFaults() {
        long mega = 0x4000_0000L;
        g.map(satp, mega, GUEST_RAM + 0x1000, V | R | U | A, 1);               // PPN[0] != 0
        assertGuestPageFault(fault(ShadowContext.U, mega, Access.LOAD), Cause.LOAD_PAGE_FAULT);
        long giga = 0x8000_0000L;
        g.map(satp, giga, GUEST_RAM + 0x20_0000, V | R | U | A, 2);            // PPN[1] != 0
        assertGuestPageFault(fault(ShadowContext.U, giga, Access.LOAD), Cause.LOAD_PAGE_FAULT);
    }

    @Test
    void megapageIsShadowedPageByPageInsideTheDomain() {
        long mega = 0x4000_0000L;
        g.map(satp, mega, GUEST_RAM, V | R | W | U | A | D, 1);                // the domain's whole 2 MiB
        assertFilled(fault(ShadowContext.U, mega + 0x3123, Access.LOAD));
        assertEquals(DOMAIN_HOST + 0x3123, reach(ShadowContext.U, mega + 0x3123, Access.LOAD));
        assertEquals(0, spt.leaf(satp, ShadowContext.U, mega + 0x4000), "only the touched page is filled");
        assertEquals(1, spt.stats().fills());
    }

    @Test
    void gigapageBeyondTheDomainsRamIsNotRam() {
        long giga = 0xC000_0000L;
        g.map(satp, giga, GUEST_RAM, V | R | W | U | A | D, 2);                // 1 GiB over 2 MiB of RAM
        Fill inside = fault(ShadowContext.U, giga + 0x1F_F008, Access.LOAD);
        assertFilled(inside);
        assertEquals(GUEST_RAM + 0x1F_F008, inside.gpa());
        assertEquals(DOMAIN_HOST + 0x1F_F008, reach(ShadowContext.U, giga + 0x1F_F008, Access.LOAD));
        Fill beyond = fault(ShadowContext.U, giga + 0x20_0000, Access.LOAD);
        assertEquals(Fill.Kind.NOT_RAM, beyond.kind());
        assertEquals(GUEST_RAM + 0x20_0000, beyond.gpa());
        assertEquals(0, spt.leaf(satp, ShadowContext.U, giga + 0x20_0000));
    }

    @Test
    void deviceMappedByTheGuestIsNotRamAndStaysUnmapped() {
        long leafGpa = g.map(satp, VA, UART, V | R | W | A | D);
        Fill f = fault(ShadowContext.S, VA + 5, Access.STORE);
        assertEquals(Fill.Kind.NOT_RAM, f.kind());
        assertEquals(UART + 0x234 + 5, f.gpa());
        assertEquals(Cause.STORE_ACCESS_FAULT, f.cause());
        assertEquals(0, spt.leaf(satp, ShadowContext.S, VA));
        assertEquals(A | D, g.readGuest(leafGpa) & (A | D), "the translation succeeded: A/D set as hardware would");
        assertEquals(1, spt.stats().notRam());
    }

    @Test
    void guestTableOutsideRamIsAnAccessFault() {
        long badSatp = (8L << 60) | (UART >>> 12);                           // root table in a device
        Fill f = spt.handleFault(badSatp, ShadowContext.S, false, VA, Access.LOAD);
        assertEquals(Fill.Kind.GUEST_ACCESS_FAULT, f.kind());
        assertEquals(Cause.LOAD_ACCESS_FAULT, f.cause());
        assertEquals(UART + Pte.index(VA, 2) * 8L, f.gpa(), "the PTE address that is not RAM");

        long top = GuestTables.root(satp) + Pte.index(VA, 2) * 8L;
        g.writeGuest(top, GuestTables.pte(0x0, V));                           // level-1 table at 0x0
        assertEquals(Fill.Kind.GUEST_ACCESS_FAULT, fault(ShadowContext.S, VA, Access.FETCH).kind());
        assertEquals(2, spt.stats().guestAccessFaults());
    }

    @Test
    void rootsArePoolPagesAndDistinctPerContext() {
        long s = spt.root(satp, ShadowContext.S), sum = spt.root(satp, ShadowContext.S_SUM), u = spt.root(satp, ShadowContext.U);
        assertNotEquals(s, sum);
        assertNotEquals(s, u);
        assertTrue(spt.inPool(s) && spt.inPool(sum) && spt.inPool(u));
        assertEquals(s, spt.root(satp, ShadowContext.S), "same address space and context: same root");
        assertEquals(1, spt.stats().cachedAddressSpaces());
        assertEquals(3, spt.stats().cachedShadows());
    }

    @Test
    void poolMustBeHostRamOutsideTheDomain() {
        DomainMemory d = g.domain;
        assertThrows(IllegalArgumentException.class, () -> new ShadowPageTables(d, DOMAIN_HOST + 0x1000, 16));
        assertThrows(IllegalArgumentException.class, () -> new ShadowPageTables(d, DOMAIN_HOST - 0x1000, 2 + 1));
        assertThrows(IllegalArgumentException.class, () -> new ShadowPageTables(d, 0x1000, 16));
        assertThrows(IllegalArgumentException.class, () -> new ShadowPageTables(d, POOL, 2));
    }
}
