package org.virtlab.engine.hypervisor.para;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * How a kernel says it speaks the VirtLab PV ABI: an ELF note (name "VirtLab", type 1, a 4-byte
 * descriptor holding the ABI version) in a PT_NOTE segment, as Xen PV kernels announce
 * themselves with their XEN_ELFNOTE_* notes. An unmodified kernel has none, and the para
 * technique refuses it: it would execute privileged instructions that nothing emulates.
 *
 * <p>ELF-64 layout per the System V ABI, "Program Header" and "Note Section"; the reader checks
 * every offset against the file, so a hostile image is merely "not a PV kernel".
 */
public final class PvKernelNote {
    /** The note's type for the PV ABI version. */
    public static final int NT_VIRTLAB_PV_ABI = 1;
    private static final int PT_NOTE = 4;
    private static final String NAME = "VirtLab";

    private PvKernelNote() {
    }

    /** The PV ABI version {@code elf} announces, or -1 when it is not an ELF PV kernel. */
    public static int abiVersion(byte[] elf) {
        if (elf == null || elf.length < 64 || elf[0] != 0x7F || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F'
                || elf[4] != 2 || elf[5] != 1) return -1;
        ByteBuffer b = ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = b.getShort(0x36) & 0xFFFF, phnum = b.getShort(0x38) & 0xFFFF;
        if (phentsize < 56 || phoff < 0 || phoff + (long) phentsize * phnum > elf.length) return -1;
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (b.getInt(ph) != PT_NOTE) continue;
            long off = b.getLong(ph + 8), size = b.getLong(ph + 32);
            if (off < 0 || size < 0 || off + size > elf.length) continue;
            int v = findNote(b, (int) off, (int) (off + size));
            if (v >= 0) return v;
        }
        return -1;
    }

    /** Whether {@code elf} is a kernel built for the para technique. */
    public static boolean isParavirtual(byte[] elf) {
        return abiVersion(elf) >= 0;
    }

    private static int findNote(ByteBuffer b, int at, int end) {
        while (at + 12 <= end) {
            long namesz = b.getInt(at) & 0xFFFF_FFFFL, descsz = b.getInt(at + 4) & 0xFFFF_FFFFL;
            int type = b.getInt(at + 8);
            long name = at + 12, desc = name + align4(namesz), next = desc + align4(descsz);
            if (next > end) return -1;
            if (type == NT_VIRTLAB_PV_ABI && namesz == NAME.length() + 1 && descsz == 4
                    && NAME.equals(new String(b.array(), (int) name, NAME.length(), StandardCharsets.US_ASCII)))
                return b.getInt((int) desc);
            at = (int) next;
        }
        return -1;
    }

    private static long align4(long n) {
        return (n + 3) & ~3L;
    }
}
