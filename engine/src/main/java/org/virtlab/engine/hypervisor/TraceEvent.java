package org.virtlab.engine.hypervisor;

/**
 * One entry of the hypervisor's event trace: when (machine time), which domain and vCPU, the
 * guest pc and instruction involved, the kind of event, and what the hypervisor did.
 *
 * @param seq         position in the trace since boot (gaps mean older events were dropped)
 * @param mtime       machine time in 10 MHz ticks
 * @param domain      domain id
 * @param vcpu        vCPU index inside the domain
 * @param pc          guest pc of the instruction involved
 * @param instruction the instruction, disassembled (or "" for asynchronous events)
 * @param kind        the event kind, as the first part of its counter key ("emulate", "shadow", "mmio", ...)
 * @param action      what the hypervisor did, in words
 */
public record TraceEvent(long seq, long mtime, int domain, int vcpu, long pc, String instruction, String kind, String action) {
    @Override
    public String toString() {
        return String.format("#%d t=%d d%d/v%d pc=0x%x %-28s %-8s %s", seq, mtime, domain, vcpu, pc, instruction, kind, action);
    }
}
