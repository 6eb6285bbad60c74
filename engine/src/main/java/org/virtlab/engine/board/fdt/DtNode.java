package org.virtlab.engine.board.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a {@link DeviceTree}: a name ("cpu@0"), properties in insertion order, and
 * children. The {@code prop...} methods encode values as the Devicetree Specification v0.4,
 * section 2.2.4 "Property Values" says: strings NUL-terminated, cells 32-bit big-endian.
 * Setting a property again replaces it. Every builder method returns this node, so a node
 * reads as one chain:
 *
 * <pre>{@code
 * soc.node("serial@10000000")
 *    .prop("compatible", "ns16550a")
 *    .reg(0x1000_0000L, 0x100)
 *    .propU32("interrupts", 10);
 * }</pre>
 */
public final class DtNode {

    private final DeviceTree tree;
    private final DtNode parent;
    private final String name;
    private final Map<String, byte[]> props = new LinkedHashMap<>();
    private final List<DtNode> children = new ArrayList<>();

    DtNode(DeviceTree tree, DtNode parent, String name) {
        if (name.indexOf('/') >= 0 || (parent != null && name.isEmpty()))
            throw new IllegalArgumentException("device tree node name '" + name + "' is not valid");
        this.tree = tree;
        this.parent = parent;
        this.name = name;
    }

    public String name() { return name; }

    /** The parent node, or null for the root. */
    public DtNode parent() { return parent; }

    /** The full path, "/" for the root. */
    public String path() {
        if (parent == null) return "/";
        String p = parent.path();
        return (p.equals("/") ? "" : p) + "/" + name;
    }

    /** The child called {@code childName}, created (as the last child) if it does not exist. */
    public DtNode node(String childName) {
        DtNode existing = child(childName);
        if (existing != null) return existing;
        DtNode child = new DtNode(tree, this, childName);
        children.add(child);
        return child;
    }

    /** The child called {@code childName}, or null. */
    public DtNode child(String childName) {
        for (DtNode c : children) if (c.name.equals(childName)) return c;
        return null;
    }

    public List<DtNode> children() { return Collections.unmodifiableList(children); }

    /** Property names and raw values, in order. */
    public Map<String, byte[]> properties() { return Collections.unmodifiableMap(props); }

    /** The raw value of property {@code propName}, or null. */
    public byte[] property(String propName) {
        byte[] v = props.get(propName);
        return v == null ? null : v.clone();
    }

    public boolean hasProperty(String propName) { return props.containsKey(propName); }

    /** A string or string-list property: each value NUL-terminated. */
    public DtNode prop(String propName, String... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String v : values) {
            if (v.indexOf('\0') >= 0) throw new IllegalArgumentException(propName + ": a string cannot contain NUL");
            out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return propBytes(propName, out.toByteArray());
    }

    /** An empty property, true by being there ("interrupt-controller", "ranges", "no-map"). */
    public DtNode flag(String propName) {
        return propBytes(propName, new byte[0]);
    }

    /** A property of 32-bit cells ("<1 2 3>"). */
    public DtNode propU32(String propName, int... cells) {
        ByteBuffer b = ByteBuffer.allocate(4 * cells.length);
        for (int c : cells) b.putInt(c);
        return propBytes(propName, b.array());
    }

    /** A property of 64-bit values, each as two cells, high first ("/bits/ 64 <...>"). */
    public DtNode propU64(String propName, long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length);
        for (long v : values) b.putLong(v);
        return propBytes(propName, b.array());
    }

    /**
     * A {@code reg} property of (address, size) pairs, each encoded in as many cells as the
     * parent's {@code #address-cells} and {@code #size-cells} say (default 2 and 1,
     * Devicetree Specification 2.3.5).
     */
    public DtNode reg(long... addressSizePairs) {
        if (addressSizePairs.length % 2 != 0)
            throw new IllegalArgumentException(path() + ": reg needs (address, size) pairs");
        int ac = parent == null ? 2 : parent.cellCount("#address-cells", 2);
        int sc = parent == null ? 1 : parent.cellCount("#size-cells", 1);
        ByteBuffer b = ByteBuffer.allocate(4 * (ac + sc) * (addressSizePairs.length / 2));
        for (int i = 0; i < addressSizePairs.length; i += 2) {
            putCells(b, addressSizePairs[i], ac, "address");
            putCells(b, addressSizePairs[i + 1], sc, "size");
        }
        return propBytes("reg", b.array());
    }

    /** A property with a raw value. */
    public DtNode propBytes(String propName, byte[] value) {
        if (propName.isEmpty() || propName.length() > 31)
            throw new IllegalArgumentException(path() + ": property name '" + propName + "' must be 1..31 characters");
        props.put(propName, value.clone());
        return this;
    }

    /**
     * This node's phandle, allocated from the tree on first use (and recorded as the node's
     * {@code phandle} property) so other nodes can refer to it.
     */
    public int phandle() {
        byte[] v = props.get("phandle");
        if (v != null && v.length == 4) return ByteBuffer.wrap(v).getInt();
        int p = tree.allocatePhandle();
        propU32("phandle", p);
        return p;
    }

    /** Property {@code propName} as a string list (empty when absent). */
    public List<String> strings(String propName) {
        byte[] v = props.get(propName);
        List<String> out = new ArrayList<>();
        if (v == null) return out;
        int start = 0;
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) {
                out.add(new String(v, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return out;
    }

    /** Property {@code propName} as 32-bit cells (empty when absent). */
    public int[] cells(String propName) {
        byte[] v = props.get(propName);
        if (v == null) return new int[0];
        ByteBuffer b = ByteBuffer.wrap(v);
        int[] out = new int[v.length / 4];
        for (int i = 0; i < out.length; i++) out[i] = b.getInt();
        return out;
    }

    private int cellCount(String propName, int dflt) {
        int[] c = cells(propName);
        return c.length == 1 ? c[0] : dflt;
    }

    private void putCells(ByteBuffer b, long value, int cells, String what) {
        if (cells == 1 && (value >>> 32) != 0)
            throw new IllegalArgumentException(path() + ": reg " + what + " 0x" + Long.toHexString(value) + " does not fit one cell");
        if (cells == 2) b.putLong(value);
        else if (cells == 1) b.putInt((int) value);
        else if (cells != 0) throw new IllegalArgumentException(path() + ": " + cells + "-cell reg values are not supported");
    }
}
