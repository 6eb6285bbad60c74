package org.virtlab.server.labs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.virtlab.engine.hypervisor.CostModel;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.EventCounters;

/**
 * What a hypervisor domain has cost so far, read from its counters (shared/DESIGN.md section
 * 4, docs/hypervisor.md section 5): the guest instructions it retired, the hypervisor events it
 * caused — summed into the kinds a student asks about first ({@link #totals}) and every counter
 * by key — and the modeled cycles of the {@link CostModel}.
 *
 * @param id                domain id
 * @param name              domain name (dom0, dom1, ...)
 * @param technique         "full", "para" or "hw"
 * @param state             running | paused | off | destroyed
 * @param exitCode          the guest's status once it powered off
 * @param vcpus             number of vCPUs
 * @param guestInstructions instructions the guest retired (all vCPUs)
 * @param modeledCycles     guest instructions plus the priced events
 * @param totals            the headline sums, in display order (see {@link #TOTALS})
 * @param mmio              MMIO exits by device ("uart0" -> n)
 * @param counters          every counter by key ("emulate.csr.sstatus" -> n), sorted by key
 */
public record DomainReport(int id, String name, String technique, String state, int exitCode, int vcpus,
                           long guestInstructions, long modeledCycles, Map<String, Long> totals,
                           Map<String, Long> mmio, Map<String, Long> counters) {

    /** A headline number: its JSON key, what pages call it, and the counters it sums. */
    public record Total(String key, String label, String prefix) { }

    /** The headline sums: a counter prefix ("trap") sums every key under it ("trap.timer", ...). */
    public static final List<Total> TOTALS = List.of(
            new Total("traps", "Traps into the hypervisor", "trap"),
            new Total("exits", "VM exits (hardware-assisted)", "exit"),
            new Total("hypercalls", "Hypercalls (paravirtualized)", "hypercall"),
            new Total("bounces", "System calls and traps bounced to the guest kernel", "bounce"),
            new Total("emulated", "Emulated instructions", "emulate"),
            new Total("shadowFills", "Shadow page fills", "shadow.fill"),
            new Total("guestPageFaults", "Guest page faults (reflected)", "shadow.guest_fault"),
            new Total("mmioExits", "MMIO exits (emulated device accesses)", "mmio"),
            new Total("injected", "Injected interrupts and exceptions", "inject"),
            new Total("sbiCalls", "SBI calls", "sbi"),
            new Total("worldSwitches", "World switches (vCPU onto a hart)", "switch.vcpu"));

    public static DomainReport of(Domain d, CostModel costs) {
        EventCounters c = d.counters();
        Map<String, Long> counters = c.snapshot();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Total t : TOTALS) totals.put(t.key(), sum(counters, t.prefix()));
        Map<String, Long> mmio = new TreeMap<>();
        counters.forEach((k, v) -> {
            if (k.startsWith("mmio.")) mmio.put(k.substring(5), v);
        });
        long retired = d.retired();
        return new DomainReport(d.id(), d.name(), d.technique().cliName(), d.state().name().toLowerCase(Locale.ROOT),
                d.exitCode(), d.vcpus().size(), retired, costs.modeledCycles(retired, counters), totals, mmio, counters);
    }

    /** The sum of {@code prefix} and every key under it ("trap" sums "trap.timer", "trap.ipi", ...). */
    static long sum(Map<String, Long> counters, String prefix) {
        long n = 0;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            String k = e.getKey();
            if (k.equals(prefix) || k.startsWith(prefix + ".")) n += e.getValue();
        }
        return n;
    }
}
