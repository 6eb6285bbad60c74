package org.virtlab.engine.board.fdt;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Serializes a {@link DeviceTree} as an FDT version 17 blob (Devicetree Specification v0.4,
 * chapter 5). Layout, every block aligned as the specification requires:
 *
 * <pre>
 *   header (40 bytes)  magic 0xd00dfeed, totalsize, off_dt_struct, off_dt_strings,
 *                      off_mem_rsvmap, version 17, last_comp_version 16,
 *                      boot_cpuid_phys, size_dt_strings, size_dt_struct
 *   memory reservations   (address, size) u64 pairs ending with (0, 0); 8-byte aligned
 *   structure block       BEGIN_NODE name / PROP len nameoff value / END_NODE ... END
 *   strings block         property names, NUL-terminated, each stored once
 * </pre>
 * All integers big-endian.
 */
final class FdtWriter {

    static final int MAGIC = 0xd00dfeed;
    static final int VERSION = 17;
    static final int LAST_COMPATIBLE_VERSION = 16;
    static final int HEADER_SIZE = 40;
    static final int FDT_BEGIN_NODE = 1, FDT_END_NODE = 2, FDT_PROP = 3, FDT_NOP = 4, FDT_END = 9;

    private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new HashMap<>();

    private FdtWriter() { }

    static byte[] write(DeviceTree tree) {
        FdtWriter w = new FdtWriter();
        w.node(tree.root());
        w.u32(FDT_END);
        byte[] structBytes = w.struct.toByteArray();
        byte[] stringBytes = w.strings.toByteArray();

        int rsvOffset = HEADER_SIZE;                                  // already 8-byte aligned
        int rsvSize = 16 * (tree.reservations().size() + 1);
        int structOffset = rsvOffset + rsvSize;
        int stringsOffset = structOffset + structBytes.length;
        int total = stringsOffset + stringBytes.length;

        ByteBuffer b = ByteBuffer.allocate(total);
        b.putInt(MAGIC).putInt(total).putInt(structOffset).putInt(stringsOffset).putInt(rsvOffset)
                .putInt(VERSION).putInt(LAST_COMPATIBLE_VERSION).putInt(tree.bootCpu())
                .putInt(stringBytes.length).putInt(structBytes.length);
        for (DeviceTree.Reservation r : tree.reservations()) b.putLong(r.address()).putLong(r.size());
        b.putLong(0).putLong(0);
        b.put(structBytes).put(stringBytes);
        return b.array();
    }

    private void node(DtNode n) {
        u32(FDT_BEGIN_NODE);
        bytesPadded(n.name().getBytes(StandardCharsets.UTF_8), true);
        for (Map.Entry<String, byte[]> p : n.properties().entrySet()) {
            u32(FDT_PROP);
            u32(p.getValue().length);
            u32(stringOffset(p.getKey()));
            bytesPadded(p.getValue(), false);
        }
        for (DtNode c : n.children()) node(c);
        u32(FDT_END_NODE);
    }

    private int stringOffset(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.UTF_8));
            strings.write(0);
            return off;
        });
    }

    private void u32(int v) {
        struct.write(v >>> 24);
        struct.write(v >>> 16);
        struct.write(v >>> 8);
        struct.write(v);
    }

    private void bytesPadded(byte[] data, boolean nulTerminate) {
        struct.writeBytes(data);
        int len = data.length;
        if (nulTerminate) {
            struct.write(0);
            len++;
        }
        while (len % 4 != 0) {
            struct.write(0);
            len++;
        }
    }
}
