package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;

/** Direct paging's rules, one at a time, on a 1 MiB domain inside 4 MiB of host RAM. */
class PageTableValidatorTest {
    private static final long HOST = 0x8000_0000L, BASE = HOST + (1 << 20), SIZE = 1 << 20;
    private static final long LEAF_RW = Sv39.R | Sv39.W | Sv39.U, LEAF_R = Sv39.R | Sv39.U;

    private Ram ram;
    private PageTableValidator v;
    private final Set<Long> roots = new HashSet<>();
    private final Set<Long> reserved = new HashSet<>();
    private final List<String> events = new ArrayList<>();
    private final List<String> pins = new ArrayList<>();

    @BeforeEach
    void setUp() {
        ram = new Ram(HOST, 4 << 20);
        PageTableValidator.Listener listener = new PageTableValidator.Listener() {
            @Override
            public boolean pinned(long page, int level) {
                pins.add("pin " + Long.toHexString(page) + " " + level);
                return true;
            }

            @Override
            public void unpinned(long page, int level) {
                pins.add("unpin " + Long.toHexString(page) + " " + level);
            }

            @Override
            public void rootWritten(long root, int index, long value) {
                pins.add("root " + index);
            }
        };
        v = new PageTableValidator(new DomainMemory(ram, BASE, SIZE), listener, roots::contains, reserved::contains, events::add);
    }

    private static long page(int n) {
        return BASE + n * 4096L;
    }

    private void put(long page, int index, long pte) {
        ram.write(page + index * 8L, 8, pte);
    }

    private long get(long page, int index) {
        return ram.read(page + index * 8L, 8);
    }

    @Test
    void anEmptyPageCanBePinnedAtEveryLevelOnce() {
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(0, v.pin(page(2), 1));
        assertEquals(0, v.pin(page(3), 2));
        assertEquals(-ParaAbi.EBUSY, v.pin(page(1), 0));
        assertEquals("already_pinned", v.refusal());
        assertEquals(2, v.levelOf(page(3)));
        assertEquals(-ParaAbi.EINVAL, v.pin(page(4), 3));
        assertEquals(-ParaAbi.EFAULT, v.pin(page(4) + 8, 0), "not page-aligned");
        assertEquals(-ParaAbi.EFAULT, v.pin(BASE - 4096, 0), "below the domain");
        assertEquals(-ParaAbi.EFAULT, v.pin(BASE + SIZE, 0), "above the domain");
    }

    @Test
    void aLeafMustMapTheDomainsOwnFrames() {
        put(page(1), 0, Sv39.entry(BASE - 4096, LEAF_R));
        assertEquals(-ParaAbi.EPERM, v.pin(page(1), 0));
        assertEquals("outside_domain", v.refusal());
        assertEquals(-1, v.levelOf(page(1)), "a refused pin leaves the page ordinary");
        put(page(1), 0, 0);
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(-ParaAbi.EPERM, v.update(page(1) + 8, Sv39.entry(BASE + SIZE, LEAF_R)));
        assertEquals("outside_domain", v.refusal());
        assertEquals(0, get(page(1), 1), "a refused update changes nothing");
        assertEquals(-ParaAbi.EPERM, v.update(page(1) + 8, Sv39.entry(0x1000_0000L, LEAF_RW)), "a device is no RAM");
        assertEquals(0, v.update(page(1) + 8, Sv39.entry(page(9), LEAF_RW)));
        assertEquals(Sv39.entry(page(9), LEAF_RW), get(page(1), 1));
        assertTrue(events.contains("refuse.outside_domain"), events.toString());
    }

    @Test
    void aPinnedTableIsNeverWritableToTheGuest() {
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(0, v.pin(page(2), 0));
        assertEquals(-ParaAbi.EPERM, v.update(page(1), Sv39.entry(page(2), LEAF_RW)));
        assertEquals("writable_page_table", v.refusal());
        assertEquals(-ParaAbi.EPERM, v.update(page(1), Sv39.entry(page(1), LEAF_RW)), "nor itself");
        assertEquals(0, v.update(page(1), Sv39.entry(page(2), LEAF_R)), "read-only is fine");
        put(page(3), 0, Sv39.entry(page(3), LEAF_RW));
        assertEquals(-ParaAbi.EPERM, v.pin(page(3), 0), "a table that maps itself writable");
        assertEquals("writable_page_table", v.refusal());
    }

    @Test
    void aPageMappedWritableCannotBePinnedUntilTheMappingGoes() {
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(0, v.update(page(1), Sv39.entry(page(5), LEAF_RW)));
        assertEquals(-ParaAbi.EPERM, v.pin(page(5), 0));
        assertEquals("mapped_writable", v.refusal());
        assertFalse(v.takeWritableDropped());
        assertEquals(0, v.update(page(1), Sv39.entry(page(5), LEAF_R)));
        assertTrue(v.takeWritableDropped(), "a TLB may still hold the writable translation");
        assertEquals(0, v.pin(page(5), 0));
    }

    @Test
    void unpinningALeafTableDropsItsWritableMappings() {
        put(page(1), 7, Sv39.entry(page(5), LEAF_RW));
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(-ParaAbi.EPERM, v.pin(page(5), 0));
        assertEquals(0, v.unpin(page(1)));
        assertEquals(0, v.pin(page(5), 0));
    }

    @Test
    void tablesPointOnlyAtPinnedTablesOneLevelDown() {
        put(page(2), 1, Sv39.entry(page(1), 0));
        assertEquals(-ParaAbi.EPERM, v.pin(page(2), 1));
        assertEquals("child_not_pinned", v.refusal());
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(0, v.pin(page(2), 1));
        assertEquals(-ParaAbi.EPERM, v.update(page(2) + 16, Sv39.entry(page(2), 0)), "a level-1 table is no level-0 one");
        assertEquals(-ParaAbi.EPERM, v.update(page(1), Sv39.entry(page(2), 0)));
        assertEquals("pointer_in_leaf_table", v.refusal());
        assertEquals(-ParaAbi.EPERM, v.update(page(2) + 16, Sv39.entry(page(8), LEAF_R)));
        assertEquals("superpage", v.refusal());
    }

    @Test
    void leavesNeedTheUserBitAndNoReservedBits() {
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(-ParaAbi.EPERM, v.update(page(1), Sv39.entry(page(8), Sv39.R)));
        assertEquals("no_user_bit", v.refusal());
        assertEquals(-ParaAbi.EPERM, v.update(page(1), Sv39.entry(page(8), LEAF_R) | 1L << 60));
        assertEquals("reserved_bits", v.refusal());
        assertEquals(-ParaAbi.EPERM, v.update(page(1), Sv39.entry(page(8), Sv39.W | Sv39.U)));
        assertEquals("write_without_read", v.refusal());
        assertEquals(0, v.update(page(1), 0x1234_5678_0000L), "an invalid entry is anything");
    }

    @Test
    void aTableIsUnpinnedOnlyWhenNothingPointsAtItAndNoVcpuRunsOnIt() {
        assertEquals(0, v.pin(page(1), 1));
        put(page(2), 3, Sv39.entry(page(1), 0));
        assertEquals(0, v.pin(page(2), 2));
        assertEquals(-ParaAbi.EBUSY, v.unpin(page(1)));
        assertEquals("still_referenced", v.refusal());
        roots.add(page(2));
        assertEquals(-ParaAbi.EBUSY, v.unpin(page(2)));
        assertEquals("current_root", v.refusal());
        roots.clear();
        assertEquals(0, v.unpin(page(2)));
        assertEquals(0, v.unpin(page(1)), "its parent is gone");
        assertEquals(-ParaAbi.EINVAL, v.unpin(page(1)));
        assertEquals("not_pinned", v.refusal());
        assertEquals(List.of("pin 80101000 1", "pin 80102000 2", "unpin 80102000 2", "unpin 80101000 1"), pins);
    }

    @Test
    void writesToARootAreReportedForItsUserView() {
        assertEquals(0, v.pin(page(1), 1));
        assertEquals(0, v.pin(page(2), 2));
        assertEquals(0, v.update(page(2) + 8, Sv39.entry(page(1), 0)));
        assertTrue(pins.contains("root 1"), pins.toString());
    }

    @Test
    void theSharedInfoPageCannotBecomeATable() {
        reserved.add(page(4));
        assertEquals(-ParaAbi.EBUSY, v.pin(page(4), 0));
        assertEquals("reserved_page", v.refusal());
    }

    @Test
    void updatesGoOnlyToPinnedTablesAndCountOnlyValidEntries() {
        assertEquals(-ParaAbi.EINVAL, v.update(page(1), 0));
        assertEquals("not_a_page_table", v.refusal());
        assertEquals(-ParaAbi.EFAULT, v.update(page(1) + 4, 0));
        put(page(1), 0, Sv39.entry(page(8), LEAF_R));
        put(page(1), 9, Sv39.entry(page(9), LEAF_R));
        events.clear();
        assertEquals(0, v.pin(page(1), 0));
        assertEquals(List.of("validate.entry", "validate.entry"), events);
    }
}
