package org.virtlab.engine.board.fdt;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTreeTest {

    private static DeviceTree sample() {
        DeviceTree dt = new DeviceTree().bootCpu(1).reserveMemory(0x8000_0000L, 0x20_0000);
        DtNode root = dt.root().propU32("#address-cells", 2).propU32("#size-cells", 1).prop("compatible", "a", "bc");
        DtNode dev = root.node("dev@1000").reg(0x1000, 0x100).flag("interrupt-controller");
        dev.propU64("big", 0x1122_3344_5566_7788L);
        root.node("other").propU32("interrupt-parent", dev.phandle()).prop("compatible", "x");
        return dt;
    }

    @Test
    void headerAndBlocksFollowTheSpecification() {
        byte[] blob = sample().toDtb();
        ByteBuffer b = ByteBuffer.wrap(blob);
        assertEquals(0xd00dfeed, b.getInt(0));
        assertEquals(blob.length, b.getInt(4), "totalsize");
        int structOff = b.getInt(8), stringsOff = b.getInt(12), rsvOff = b.getInt(16);
        assertEquals(17, b.getInt(20));
        assertEquals(16, b.getInt(24));
        assertEquals(1, b.getInt(28), "boot_cpuid_phys");
        assertEquals(0, rsvOff % 8, "reservation block 8-byte aligned");
        assertEquals(0, structOff % 4);
        assertEquals(0x8000_0000L, b.getLong(rsvOff));
        assertEquals(0x20_0000L, b.getLong(rsvOff + 8));
        assertEquals(0, b.getLong(rsvOff + 16));
        assertEquals(0, b.getLong(rsvOff + 24));
        assertEquals(stringsOff, structOff + b.getInt(36), "strings follow the structure");
        assertEquals(blob.length, stringsOff + b.getInt(32));
        assertEquals(1, b.getInt(structOff), "FDT_BEGIN_NODE of the root");
        assertEquals(0, b.getInt(structOff + 4), "root's empty name, padded");
        assertEquals(9, b.getInt(stringsOff - 4), "FDT_END last");
        String strings = new String(blob, stringsOff, b.getInt(32), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(strings.indexOf("compatible"), strings.lastIndexOf("compatible"), "each name stored once");
    }

    @Test
    void roundTripsThroughTheReader() {
        DeviceTree original = sample();
        DeviceTree back = FdtReader.read(original.toDtb());
        assertEquals(1, back.bootCpu());
        assertEquals(List.of(new DeviceTree.Reservation(0x8000_0000L, 0x20_0000)), back.reservations());
        assertEquals(List.of("a", "bc"), back.root().strings("compatible"));
        DtNode dev = back.find("/dev@1000");
        assertNotNull(dev);
        assertArrayEquals(new int[] {0, 0x1000, 0x100}, dev.cells("reg"), "2 address cells, 1 size cell");
        assertArrayEquals(new byte[0], dev.property("interrupt-controller"));
        assertArrayEquals(new int[] {0x1122_3344, 0x5566_7788}, dev.cells("big"));
        assertEquals(dev.phandle(), back.find("/other").cells("interrupt-parent")[0]);
        assertArrayEquals(original.toDtb(), back.toDtb(), "writing what was read gives the same blob");
        assertNotEquals(dev.phandle(), back.find("/other").phandle(), "new phandles avoid ones read back");
    }

    @Test
    void phandlesAreStableAndDistinct() {
        DeviceTree dt = new DeviceTree();
        DtNode a = dt.root().node("a"), b = dt.root().node("b");
        int pa = a.phandle();
        assertEquals(pa, a.phandle());
        assertNotEquals(pa, b.phandle());
        assertNotEquals(0, pa);
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        assertThrows(IllegalArgumentException.class, () -> new DeviceTree().root().node("a/b"));
        assertThrows(IllegalArgumentException.class, () -> new DeviceTree().root().node("a").reg(1, 2, 3));
        DtNode oneCell = new DeviceTree().root().propU32("#address-cells", 1).node("x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> oneCell.reg(1L << 40, 1));
        assertTrue(e.getMessage().contains("/x"));
        byte[] blob = sample().toDtb();
        assertThrows(IllegalArgumentException.class, () -> FdtReader.read(new byte[40]));
        assertThrows(IllegalArgumentException.class, () -> FdtReader.read(java.util.Arrays.copyOf(blob, blob.length - 20)));
    }
}
