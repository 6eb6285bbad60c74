package org.virtlab.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.virtlab.engine.cpu.Asm.*;
import static org.virtlab.engine.cpu.CsrNames.*;
import static org.virtlab.engine.cpu.HartHarness.*;
import static org.virtlab.engine.cpu.Privilege.S;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SFENCE.VMA makes a changed page-table entry take effect, in every operand form: rs1 = a
 * virtual address or x0, rs2 = an ASID or x0 (privileged spec, "Supervisor Memory-Management
 * Fence Instruction"). The hart caches translations in software TLBs and does not watch the page
 * tables, so a fence that flushed nothing would keep the old mapping. It may flush more than
 * asked (today it ignores rs2), which is allowed; these tests only require that it flushes at
 * least what was asked.
 */
class SfenceVmaTest {
    private static final long VA = 0x4000_0000L;
    private static final long ROOT = TABLES, L1 = TABLES + 0x1000, L0 = TABLES + 0x2000;
    private static final long OLD_PAGE = DATA, NEW_PAGE = DATA + 0x1000;
    private static final long ASID = 5;

    static Stream<Arguments> forms() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (boolean virt : new boolean[] {false, true}) {
            String mode = virt ? "VS" : "HS";
            b.add(Arguments.of(mode + ": sfence.vma va, asid", virt, 1, 9));
            b.add(Arguments.of(mode + ": sfence.vma x0, asid", virt, 0, 9));
            b.add(Arguments.of(mode + ": sfence.vma va, x0", virt, 1, 0));
            b.add(Arguments.of(mode + ": sfence.vma x0, x0", virt, 0, 0));
        }
        return b.build();
    }

    private static long pte(long pa, long flags) {
        return ((pa >>> 12) << 10) | flags;
    }

    /**
     * Sv39 tables at TABLES: VA -> OLD_PAGE through three levels, and RAM's gigapage mapped
     * identically so the code and the stores to the tables work with translation on.
     */
    private static HartHarness mapped(boolean virt) {
        HartHarness h = new HartHarness();
        h.mem(ROOT + 2 * 8, 8, pte(CODE, LEAF_RWX));
        h.mem(ROOT + 8 * ((VA >>> 30) & 0x1FF), 8, pte(L1, PTE_V));
        h.mem(L1, 8, pte(L0, PTE_V));
        h.mem(L0, 8, pte(OLD_PAGE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D));
        h.mem(OLD_PAGE, 8, 0x1111);
        h.mem(NEW_PAGE, 8, 0x2222);
        h.csr(virt ? VSATP : SATP, (8L << 60) | (ASID << 44) | (ROOT >>> 12));
        return h;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forms")
    void changedLeafTakesEffectAfterTheFence(String name, boolean virt, int rs1, int rs2) {
        HartHarness h = mapped(virt);
        h.program(S, virt,
                ld(5, 1, 0),            // fills the load TLB with VA -> OLD_PAGE
                sd(7, 6, 0),            // remaps VA -> NEW_PAGE
                ld(8, 1, 0),
                sfenceVma(rs1, rs2),
                ld(10, 1, 0));
        h.set(1, VA).set(6, L0).set(7, pte(NEW_PAGE, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)).set(9, ASID);
        h.run(5);
        assertEquals(CODE + 20, h.pc(), name + ": nothing trapped (mcause " + Cause.name(h.csr(MCAUSE)) + ")");
        assertEquals(0x1111, h.x(5));
        assertEquals(0x1111, h.x(8), name + ": precondition: before the fence the cached translation is used"
                + " (otherwise this test could not see a fence that flushes nothing)");
        assertEquals(0x2222, h.x(10), name + ": after the fence the new mapping is used");
    }
}
