package org.virtlab.engine.hypervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntConsumer;

/**
 * A domain (a virtual machine): its slice of host RAM, its virtual board with its own
 * devices and console, its vCPUs, the technique it runs under, and its counters.
 */
public final class Domain {

    /** Lifecycle state. */
    public enum State { RUNNING, PAUSED, OFF, DESTROYED }

    private final int id;
    private final DomainSpec spec;
    final DomainMemory memory;
    final long hostStart;
    final long hostSize;
    final long poolBase;
    final int poolPages;
    VirtualBoard board;
    Virtualization virtualization;
    final List<VCpu> vcpus = new ArrayList<>();
    final EventCounters counters = new EventCounters();
    volatile State state = State.RUNNING;
    volatile int exitCode;
    volatile IntConsumer console;
    /** Machine time at which the domain is rebuilt after the guest asked for a reset, or -1. */
    long rebootAt = -1;

    Domain(int id, DomainSpec spec, DomainMemory memory, long hostStart, long hostSize, long poolBase, int poolPages,
           IntConsumer console) {
        this.id = id;
        this.spec = spec;
        this.memory = memory;
        this.hostStart = hostStart;
        this.hostSize = hostSize;
        this.poolBase = poolBase;
        this.poolPages = poolPages;
        this.console = console;
    }

    public int id() {
        return id;
    }

    public String name() {
        return spec.name();
    }

    public DomainSpec spec() {
        return spec;
    }

    public Technique technique() {
        return spec.technique();
    }

    public State state() {
        return state;
    }

    /** The guest's status once it powered off (test finisher, SBI shutdown). */
    public int exitCode() {
        return exitCode;
    }

    public DomainMemory memory() {
        return memory;
    }

    public VirtualBoard board() {
        return board;
    }

    /** How the domain's vCPUs run (a {@code FullVirtualization}, a {@code HardwareVirtualization}). */
    public Virtualization virtualization() {
        return virtualization;
    }

    public List<VCpu> vcpus() {
        return Collections.unmodifiableList(vcpus);
    }

    /** Where the guest's console output goes (may be replaced while the domain runs). */
    public void setConsole(IntConsumer console) {
        this.console = console;
    }

    /** The domain's counters: every event of every vCPU. */
    public EventCounters counters() {
        return counters;
    }

    /** Guest instructions retired by all vCPUs. */
    public long retired() {
        long n = 0;
        for (VCpu v : vcpus) n += v.retired;
        return n;
    }

    /** Counters of every vCPU, keyed "vcpu0", "vcpu1", ... */
    public Map<String, Map<String, Long>> vcpuCounters() {
        Map<String, Map<String, Long>> m = new TreeMap<>();
        for (VCpu v : vcpus) m.put("vcpu" + v.index(), v.counters.snapshot());
        return m;
    }

    /** Host RAM of the domain's shadow-table pool: its first byte and its size in pages. */
    public long poolBase() {
        return poolBase;
    }

    public int poolPages() {
        return poolPages;
    }

    /** Writes one byte to the domain's console stream. */
    public void consoleWrite(int b) {
        console.accept(b & 0xFF);
    }

    /** Counts an event for the domain and the vCPU (vcpu may be null for domain-wide events). */
    public void count(VCpu vcpu, String key) {
        counters.add(key);
        if (vcpu != null) vcpu.counters.add(key);
    }

    @Override
    public String toString() {
        return "domain " + id + " (" + name() + ", " + technique().cliName() + ", " + state + ")";
    }
}
