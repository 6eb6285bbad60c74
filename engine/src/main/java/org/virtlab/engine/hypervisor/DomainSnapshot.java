package org.virtlab.engine.hypervisor;

import java.util.List;
import java.util.Map;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.devices.virtio.blk.BlockBackend;

/**
 * One domain in a {@link HypervisorSnapshot}: its spec as it was created (the guest's board
 * configuration with its images, so a reboot after a restore boots as the original would; the
 * images are not loaded again on restore), where it lives in host RAM, its lifecycle state and
 * counters, its vCPUs, its virtual board's devices and its technique's state.
 *
 * @param spec          the spec, its guest configuration without a live disk ({@code guest().disk()} is null)
 * @param disk          what the guest's disk held, or null without one
 * @param diskBase      the image under the saved disk overlay: the live one when saved from a
 *                      running hypervisor, the one the user names when read from a file
 *                      ({@link HypervisorSnapshot#withDiskBase}); never written to a file
 * @param hostStart     the first byte of the domain's host range (its RAM, then its pool)
 * @param hostSize      the host range's size
 * @param poolBase      the first byte of its pool (shadow tables, G-stage tables, PV boot map and views)
 * @param poolPages     the pool's size in 4 KiB pages
 * @param rebootAt      machine time at which a requested reset rebuilds the domain, or -1
 * @param counters      the domain's {@link EventCounters}
 */
public record DomainSnapshot(int id, DomainSpec spec, BoardSnapshot.Disk disk, BlockBackend diskBase, long hostStart,
        long hostSize, long poolBase, int poolPages, Domain.State state, int exitCode, long rebootAt,
        Map<String, Long> counters, List<VcpuSnapshot> vcpus, VirtualBoardState board, TechniqueState technique) {

    public DomainSnapshot {
        String who = "domain " + id;
        if (id < 0) throw new IllegalArgumentException(who + ": a negative id");
        if (spec == null || state == null || board == null || technique == null)
            throw new IllegalArgumentException(who + ": spec, state, board and technique are required");
        if (spec.guest().disk() != null) throw new IllegalArgumentException(who + ": the spec must not hold a live disk");
        if ((disk == null) != (board.blk() == null))
            throw new IllegalArgumentException(who + ": a virtio-blk device needs a disk and a disk needs the device");
        if (disk == null && diskBase != null) throw new IllegalArgumentException(who + ": a disk image but no disk");
        vcpus = List.copyOf(vcpus);
        if (vcpus.size() != spec.guest().harts())
            throw new IllegalArgumentException(who + ": " + vcpus.size() + " vCPUs, its board has " + spec.guest().harts());
        for (int i = 0; i < vcpus.size(); i++)
            if (vcpus.get(i).index() != i) throw new IllegalArgumentException(who + ": vCPU " + i + " is numbered " + vcpus.get(i).index());
        if (board.clint().harts() != vcpus.size())
            throw new IllegalArgumentException(who + ": its CLINT serves " + board.clint().harts() + " vCPUs, not " + vcpus.size());
        if (technique.technique() != spec.technique())
            throw new IllegalArgumentException(who + ": runs " + spec.technique().cliName() + " but the saved state is "
                    + technique.technique().cliName() + "'s");
        if (hostSize <= 0 || poolPages < 0 || poolBase < hostStart || poolBase + ((long) poolPages << 12) > hostStart + hostSize)
            throw new IllegalArgumentException(who + ": its pool lies outside its host range");
        counters = Map.copyOf(counters);
    }

    /** The same domain over {@code base}, the disk image to put its saved overlay on (kept if it has one). */
    public DomainSnapshot withDiskBase(BlockBackend base) {
        if (disk == null || diskBase != null) return this;
        return new DomainSnapshot(id, spec, disk, base, hostStart, hostSize, poolBase, poolPages, state, exitCode,
                rebootAt, counters, vcpus, board, technique);
    }
}
