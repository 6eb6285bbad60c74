package org.virtlab.engine.hypervisor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns counts into modeled cycles (shared/DESIGN.md section 4): one cycle per guest
 * instruction retired, plus a cost per hypervisor event. The emulator's own wall time says
 * how fast VirtLab is; modeled cycles say what the same events would cost on hardware, so a
 * student can see <em>why</em> a technique is slow.
 *
 * <p>Events are priced by the first part of their counter key ({@link EventCounters}):
 * "trap.illegal_instruction" is a "trap". Every default names its source. Where no published
 * figure fits, the source says it is VirtLab's own estimate; override any price with
 * {@link #with}.
 */
public final class CostModel {

    /** One price: cycles per event, and where the number comes from. */
    public record Price(long cycles, String source) { }

    private static final String SPLITX = "Landau, Ben-Yehuda, Gordon: SplitX (WIOV 2011), the direct cost of a"
            + " guest/hypervisor transition measured with KVM on a Xeon X5570: 2,000 cycles";
    private static final String ESTIMATE = "VirtLab estimate, not a published measurement";

    private final Map<String, Price> prices;

    private CostModel(Map<String, Price> prices) {
        this.prices = prices;
    }

    /** The defaults. */
    public static CostModel defaults() {
        Map<String, Price> p = new LinkedHashMap<>();
        p.put("trap", new Price(2000, SPLITX + " (a trap into the hypervisor and the return to the guest)"));
        p.put("exit", new Price(2000, SPLITX));
        p.put("emulate", new Price(200, ESTIMATE + ": decode one instruction and update the virtual CSR file"));
        p.put("shadow", new Price(600, ESTIMATE + ": walk the guest's three-level table and write one shadow entry"));
        p.put("mmio", new Price(400, ESTIMATE + ": decode the load/store and run the device model"));
        p.put("inject", new Price(150, ESTIMATE + ": virtual trap entry (write xEPC/xCAUSE/xTVAL/xSTATUS)"));
        p.put("sbi", new Price(150, ESTIMATE + ": answer one SBI call from the virtual firmware"));
        p.put("hypercall", new Price(150, ESTIMATE + ": dispatch one hypercall (the trap itself is priced as 'trap')"));
        p.put("validate", new Price(20, ESTIMATE + ": check one page-table entry of a PV guest (frame in range, one type-count lookup)"));
        p.put("bounce", new Price(100, ESTIMATE + ": bounce a PV guest's trap to its kernel (write pc, cause and status to"
                + " its info page, switch to the kernel's root; the trap itself is priced as 'trap')"));
        p.put("switch", new Price(1000, ESTIMATE + ": save and load 31 registers, pc and the translation root"));
        p.put("sched", new Price(300, ESTIMATE + ": one scheduling decision"));
        p.put("interrupt", new Price(0, "counted as 'trap' when it enters the hypervisor"));
        return new CostModel(p);
    }

    /** A cost model with exactly these prices, in this order (a saved configuration). */
    public static CostModel of(Map<String, Price> prices) {
        for (Price p : prices.values())
            if (p == null || p.cycles() < 0) throw new IllegalArgumentException("a price must not be negative");
        return new CostModel(new LinkedHashMap<>(prices));
    }

    /** A copy with one price changed. */
    public CostModel with(String kind, long cycles, String source) {
        if (cycles < 0) throw new IllegalArgumentException("a price must not be negative");
        Map<String, Price> p = new LinkedHashMap<>(prices);
        p.put(kind, new Price(cycles, source));
        return new CostModel(p);
    }

    public Map<String, Price> prices() {
        return java.util.Collections.unmodifiableMap(prices);
    }

    /** Cycles of one event of {@code key}'s kind (0 for kinds without a price). */
    public long price(String key) {
        int dot = key.indexOf('.');
        Price p = prices.get(dot < 0 ? key : key.substring(0, dot));
        return p == null ? 0 : p.cycles();
    }

    /** Guest instructions plus the priced events. */
    public long modeledCycles(long guestInstructions, Map<String, Long> counts) {
        long cycles = guestInstructions;
        for (Map.Entry<String, Long> e : counts.entrySet()) cycles += price(e.getKey()) * e.getValue();
        return cycles;
    }
}
