package org.virtlab.engine.hypervisor.hw;

/**
 * Guest instructions a hardware-virtualized vCPU (or domain) retired in hardware, by mode:
 * {@code vs} in VS-mode (the guest kernel), {@code vu} in VU-mode (its processes). Taken from
 * the physical harts' per-mode counters while the vCPU ran on them.
 */
public record GuestModeRetired(long vs, long vu) {
    public long total() {
        return vs + vu;
    }

    GuestModeRetired plus(GuestModeRetired o) {
        return new GuestModeRetired(vs + o.vs, vu + o.vu);
    }
}
