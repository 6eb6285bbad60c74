package org.virtlab.engine.hypervisor;

import org.virtlab.engine.board.BoardConfig;

/**
 * What a domain is made of: its name, the board its guest sees (memory, vCPUs as harts,
 * kernel, initrd, firmware or not, disk, consoles), the technique it runs under, and its
 * scheduling weight (a weight-2 domain gets twice the time slices of a weight-1 one).
 *
 * <p>The guest board's firmware choice decides how the kernel starts: with {@code builtin}
 * the hypervisor plays the SBI firmware and the kernel starts in S-mode; with {@code none} the
 * kernel starts in M-mode at its entry with no firmware, as xv6-riscv does.
 */
public record DomainSpec(String name, BoardConfig guest, Technique technique, int weight) {
    public DomainSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("a domain needs a name");
        if (guest == null) throw new IllegalArgumentException("domain " + name + " needs a guest board");
        if (technique == null) throw new IllegalArgumentException("domain " + name + " needs a technique");
        if (weight < 1 || weight > 64) throw new IllegalArgumentException("domain weight must be 1..64, not " + weight);
        if (guest.firmware() == BoardConfig.Firmware.EXTERNAL)
            throw new IllegalArgumentException("domain " + name + ": the hypervisor provides the guest's SBI itself;"
                    + " use --bios builtin (an SBI kernel) or --bios none (a kernel that starts in M-mode)");
    }
}
