package org.virtlab.engine.hypervisor.para;

import java.util.List;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.hypervisor.TechniqueState;

/**
 * A paravirtualized domain in a snapshot (docs/hypercalls.md): what the hypervisor keeps in Java
 * beside the guest's RAM. Everything else is in RAM and comes back with it: the guest's page
 * tables, its info pages, and in the pool the boot map and the user views (whose places follow
 * from the pool, as the booting constructor allocated them, so they are not in the record).
 *
 * @param vcpus           each vCPU's PV state, vCPU 0 first
 * @param poolFree        the pool's free pages, in the order they are handed out
 * @param userSlotFirst   the first user slot of every root (HC_SET_USER_SLOTS)
 * @param userSlotCount   how many user slots
 * @param views           (pinned root, its user view) pairs, ordered by root
 * @param pinned          (frame, level) pairs of the pinned page tables, ordered by frame; the
 *                        validator's reference counts are recounted from them and RAM on restore
 * @param refusal         why the validator refused the last refused request ("" if none)
 * @param writableDropped a writable mapping was removed since the last check (stale TLB entries may exist)
 * @param eventLines      the device interrupt levels the event channels saw last, by channel (32)
 * @param killReason      why the domain was killed, or null
 */
public record ParaSnapshot(List<ParaVcpuState> vcpus, long[] poolFree, int userSlotFirst, int userSlotCount, long[] views,
        int[] pinned, String refusal, boolean writableDropped, boolean[] eventLines, String killReason)
        implements TechniqueState {

    public ParaSnapshot {
        vcpus = List.copyOf(vcpus);
        poolFree = poolFree.clone();
        views = views.clone();
        pinned = pinned.clone();
        eventLines = eventLines.clone();
        if (views.length % 2 != 0 || pinned.length % 2 != 0)
            throw new IllegalArgumentException("para snapshot: views and pinned tables come in pairs");
        if (eventLines.length != 32) throw new IllegalArgumentException("para snapshot: " + eventLines.length + " event lines");
        if (refusal == null) throw new IllegalArgumentException("para snapshot: no refusal text");
    }

    @Override public long[] poolFree() { return poolFree.clone(); }

    @Override public long[] views() { return views.clone(); }

    @Override public int[] pinned() { return pinned.clone(); }

    @Override public boolean[] eventLines() { return eventLines.clone(); }

    @Override
    public Technique technique() {
        return Technique.PARA;
    }
}
