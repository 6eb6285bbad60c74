package org.virtlab.engine.board.fdt;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A device tree under construction (or read back from a blob): a root node, the memory
 * reservation list and the boot CPU, serialized by {@link #toDtb} as a flattened device tree
 * (Devicetree Specification v0.4, chapter 5 "Flattened Devicetree (DTB) Format").
 *
 * <pre>{@code
 * DeviceTree dt = new DeviceTree();
 * DtNode root = dt.root().propU32("#address-cells", 2).propU32("#size-cells", 2);
 * DtNode intc = root.node("cpus").node("cpu@0").node("interrupt-controller");
 * int ph = intc.phandle();
 * byte[] blob = dt.toDtb();
 * }</pre>
 */
public final class DeviceTree {

    /** A /memreserve/ entry: firmware or other memory the OS must not touch. */
    public record Reservation(long address, long size) { }

    private final DtNode root = new DtNode(this, null, "");
    private final List<Reservation> reservations = new ArrayList<>();
    private int bootCpu;
    private int nextPhandle = 1;

    public DtNode root() { return root; }

    /** The node at {@code path} ("/soc/serial@10000000"), or null. */
    public DtNode find(String path) {
        if (!path.startsWith("/")) return null;
        DtNode n = root;
        for (String part : path.substring(1).split("/")) {
            if (part.isEmpty()) continue;
            n = n.child(part);
            if (n == null) return null;
        }
        return n;
    }

    public DeviceTree reserveMemory(long address, long size) {
        reservations.add(new Reservation(address, size));
        return this;
    }

    public List<Reservation> reservations() { return Collections.unmodifiableList(reservations); }

    /** The header's boot_cpuid_phys: the hart that boots (default 0). */
    public DeviceTree bootCpu(int hartId) {
        this.bootCpu = hartId;
        return this;
    }

    public int bootCpu() { return bootCpu; }

    /** The blob: header, memory reservation block, structure block, strings block. */
    public byte[] toDtb() {
        return FdtWriter.write(this);
    }

    int allocatePhandle() {
        return nextPhandle++;
    }

    /** Keeps later allocations clear of a phandle already present (blobs read back). */
    void notePhandle(int phandle) {
        if (phandle >= nextPhandle) nextPhandle = phandle + 1;
    }
}
