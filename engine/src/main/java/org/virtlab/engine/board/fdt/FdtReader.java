package org.virtlab.engine.board.fdt;

import static org.virtlab.engine.board.fdt.FdtWriter.FDT_BEGIN_NODE;
import static org.virtlab.engine.board.fdt.FdtWriter.FDT_END;
import static org.virtlab.engine.board.fdt.FdtWriter.FDT_END_NODE;
import static org.virtlab.engine.board.fdt.FdtWriter.FDT_NOP;
import static org.virtlab.engine.board.fdt.FdtWriter.FDT_PROP;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a flattened device tree blob (version 16 or later; Devicetree Specification v0.4,
 * chapter 5) back into a {@link DeviceTree}: to check what the board generated, or to look at
 * a blob a user supplies.
 */
public final class FdtReader {

    private FdtReader() { }

    /**
     * Parses {@code blob}.
     *
     * @throws IllegalArgumentException saying what is wrong when the blob is not a valid FDT
     */
    public static DeviceTree read(byte[] blob) {
        try {
            return parse(ByteBuffer.wrap(blob));
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("device tree blob is truncated or has offsets outside it", e);
        }
    }

    private static DeviceTree parse(ByteBuffer b) {
        if (b.getInt(0) != FdtWriter.MAGIC)
            throw new IllegalArgumentException("not a device tree blob: magic 0x" + Integer.toHexString(b.getInt(0)));
        int total = b.getInt(4);
        int structOff = b.getInt(8);
        int stringsOff = b.getInt(12);
        int rsvOff = b.getInt(16);
        int version = b.getInt(20);
        int lastCompatible = b.getInt(24);
        int bootCpu = b.getInt(28);
        int stringsSize = b.getInt(32);
        int structSize = b.getInt(36);
        if (total > b.capacity())
            throw new IllegalArgumentException("device tree blob says it is " + total + " bytes but has " + b.capacity());
        if (lastCompatible > 17 || version < 16)
            throw new IllegalArgumentException("device tree blob version " + version + " (compatible with " + lastCompatible + ") is not supported");

        DeviceTree tree = new DeviceTree().bootCpu(bootCpu);
        for (int p = rsvOff; ; p += 16) {
            long address = b.getLong(p), size = b.getLong(p + 8);
            if (address == 0 && size == 0) break;
            tree.reserveMemory(address, size);
        }

        ByteBuffer s = b.duplicate();
        s.position(structOff).limit(structOff + structSize);
        byte[] strings = Arrays.copyOfRange(b.array(), stringsOff, stringsOff + stringsSize);
        DtNode current = null;
        boolean done = false;
        while (!done) {
            int token = s.getInt();
            switch (token) {
                case FDT_BEGIN_NODE -> {
                    String name = cString(s);
                    align(s);
                    if (current == null) {
                        if (!name.isEmpty()) throw new IllegalArgumentException("device tree root node is named '" + name + "'");
                        current = tree.root();
                    } else {
                        if (current.child(name) != null)
                            throw new IllegalArgumentException("device tree node " + current.path() + " has two children named " + name);
                        current = current.node(name);
                    }
                }
                case FDT_PROP -> {
                    if (current == null) throw new IllegalArgumentException("device tree property outside any node");
                    int len = s.getInt();
                    int nameOff = s.getInt();
                    byte[] value = new byte[len];
                    s.get(value);
                    align(s);
                    String propName = stringAt(strings, nameOff);
                    current.propBytes(propName, value);
                    if (propName.equals("phandle") && len == 4) tree.notePhandle(ByteBuffer.wrap(value).getInt());
                }
                case FDT_END_NODE -> {
                    if (current == null) throw new IllegalArgumentException("device tree END_NODE without a node");
                    current = current.parent();
                }
                case FDT_NOP -> { }
                case FDT_END -> {
                    if (current != null) throw new IllegalArgumentException("device tree ends inside node " + current.path());
                    done = true;
                }
                default -> throw new IllegalArgumentException("device tree structure block: unknown token 0x" + Integer.toHexString(token)
                        + " at offset " + (s.position() - 4));
            }
        }
        return tree;
    }

    private static String cString(ByteBuffer s) {
        int start = s.position();
        while (s.get() != 0) { }
        return new String(s.array(), start, s.position() - 1 - start, StandardCharsets.UTF_8);
    }

    private static String stringAt(byte[] strings, int off) {
        if (off < 0 || off >= strings.length) throw new IllegalArgumentException("device tree property name offset " + off + " is outside the strings block");
        int end = off;
        while (end < strings.length && strings[end] != 0) end++;
        return new String(strings, off, end - off, StandardCharsets.UTF_8);
    }

    private static void align(ByteBuffer s) {
        s.position((s.position() + 3) & ~3);
    }
}
