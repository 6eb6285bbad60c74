package org.virtlab.engine.hypervisor.full;

import org.virtlab.engine.hypervisor.DomainMemory;
import org.virtlab.engine.memory.Ram;
import org.virtlab.engine.mmu.Mmu;
import org.virtlab.engine.mmu.Pmp;

/**
 * A small domain for shadow tests, and the guest's Sv39 page tables built in its guest-physical
 * memory the way a guest kernel would.
 *
 * <pre>
 *   host RAM 0x8000_0000 .. 0x8080_0000 (8 MiB)
 *     0x8010_0000  the shadow pool, 1 MiB (256 pages)
 *     0x8040_0000  this domain's RAM, 2 MiB = guest-physical 0x8000_0000 .. 0x8020_0000
 *                    guest-physical 0x8010_0000..  the guest's page tables (bump allocated)
 *     0x8060_0000  another domain's RAM
 * </pre>
 */
final class GuestTables {
    static final long HOST_BASE = 0x8000_0000L;
    static final long POOL = 0x8010_0000L;
    static final int POOL_PAGES = 256;
    static final long DOMAIN_HOST = 0x8040_0000L;
    static final long DOMAIN_SIZE = 2L << 20;
    static final long OTHER_DOMAIN_HOST = 0x8060_0000L;
    static final long GUEST_RAM = DomainMemory.GUEST_RAM_BASE;
    static final long TABLES = GUEST_RAM + 0x10_0000;
    static final long UART = 0x1000_0000L;

    static final long V = 1, R = 2, W = 4, X = 8, U = 16, G = 32, A = 64, D = 128;

    final Ram ram;
    final DomainMemory domain;
    private long nextTable = TABLES;

    GuestTables() {
        this(new Ram(HOST_BASE, 8L << 20));
    }

    /** Over an existing host RAM of at least 8 MiB at {@link #HOST_BASE} (a machine's). */
    GuestTables(Ram ram) {
        this.ram = ram;
        domain = new DomainMemory(ram, DOMAIN_HOST, DOMAIN_SIZE);
    }

    /** A new zeroed guest page-table page; returns its guest-physical address. */
    long newTable() {
        long t = nextTable;
        nextTable += 0x1000;
        return t;
    }

    /** A new address space: satp value with the given ASID and a fresh root table. */
    long newSatp(long asid) {
        return (8L << 60) | (asid << 44) | (newTable() >>> 12);
    }

    static long root(long satp) {
        return (satp & ((1L << 44) - 1)) << 12;
    }

    static long pte(long address, long flags) {
        return ((address >>> 12) << 10) | flags;
    }

    long readGuest(long gpa) {
        return ram.read(domain.hostAddress(gpa, 8), 8);
    }

    void writeGuest(long gpa, long value) {
        ram.write(domain.hostAddress(gpa, 8), 8, value);
    }

    /**
     * Maps {@code va} to {@code gpa} with a leaf at {@code level} (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB),
     * making intermediate tables as needed; returns the leaf entry's guest-physical address.
     */
    long map(long satp, long va, long gpa, long flags, int level) {
        long table = root(satp);
        for (int l = 2; l > level; l--) {
            long slot = table + Pte.index(va, l) * 8L;
            long pte = readGuest(slot);
            if ((pte & V) == 0) {
                pte = pte(newTable(), V);
                writeGuest(slot, pte);
            }
            table = Pte.address(pte);
        }
        long slot = table + Pte.index(va, level) * 8L;
        writeGuest(slot, pte(gpa, flags));
        return slot;
    }

    long map(long satp, long va, long gpa, long flags) {
        return map(satp, va, gpa, flags, 0);
    }

    /** The physical MMU (PMP open to all), as the hart would walk a shadow: U-mode, no SUM/MXR. */
    static Mmu physicalMmu(Ram ram) {
        Pmp pmp = new Pmp();
        pmp.writeAddr(0, -1L);
        pmp.writeCfg(0, 0x1F);
        return new Mmu(ram, pmp);
    }

    /** Host address the physical MMU reaches for {@code va} through shadow {@code root}, or Mmu.FAULT. */
    static long physicalTranslate(Mmu mmu, long root, long va, int access) {
        mmu.writeSatp(ShadowPageTables.SATP_SV39 | (root >>> 12), false);
        return mmu.translate(va, access, 0, false, 0);
    }
}
