package org.virtlab.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recognises what a kernel or firmware file is and parses it into a {@link BootImage}:
 * <ul>
 *   <li>an ELF executable ({@link ElfImage}, which checks every header against the file);</li>
 *   <li>a Linux RISC-V {@code Image}: the 64-byte header of the kernel's
 *       Documentation/arch/riscv/boot-image-header.rst (code0, code1, text_offset at 0x08,
 *       image_size at 0x10, flags at 0x18, version at 0x20, the deprecated magic "RISCV\0\0\0"
 *       at 0x30, magic2 "RSC\x05" at 0x38);</li>
 *   <li>anything else: a raw binary, loaded byte for byte and entered at its first byte.</li>
 * </ul>
 * Every problem is an {@link ImageException} saying what is wrong; parsing has no side effects.
 */
public final class ImageLoader {

    /** Size of the Linux Image header. */
    public static final int IMAGE_HEADER_SIZE = 64;
    private static final byte[] IMAGE_MAGIC = {'R', 'I', 'S', 'C', 'V', 0, 0, 0};
    private static final byte[] IMAGE_MAGIC2 = {'R', 'S', 'C', 0x05};
    private static final int FLAG_BIG_ENDIAN = 1;

    private ImageLoader() { }

    /** Parses {@code bytes}; relocatable formats (Image, raw) come back based at address 0. */
    public static BootImage parse(byte[] bytes, String name) {
        if (bytes.length == 0) throw new ImageException(name + ": the file is empty");
        if (ElfImage.looksLikeElf(bytes)) return fromElf(ElfImage.parse(bytes, name));
        if (looksLikeLinuxImage(bytes)) return fromLinuxImage(bytes, name);
        return new BootImage(name, BootImage.Format.RAW, List.of(new ElfImage.Segment(0, bytes, bytes.length)), 0, 0,
                bytes.length, Map.of());
    }

    /** Whether {@code bytes} carry either Image magic (possibly in a truncated header). */
    public static boolean looksLikeLinuxImage(byte[] bytes) {
        return matches(bytes, 0x38, IMAGE_MAGIC2) || matches(bytes, 0x30, IMAGE_MAGIC);
    }

    private static BootImage fromElf(ElfImage elf) {
        long start = -1, end = 0;
        for (ElfImage.Segment s : elf.segments()) {
            if (start == -1 || Long.compareUnsigned(s.address(), start) < 0) start = s.address();
            long segEnd = s.address() + s.memorySize();
            if (Long.compareUnsigned(segEnd, end) > 0) end = segEnd;
        }
        Map<String, Long> symbols = new HashMap<>();
        for (String sym : new String[] {"tohost", "fromhost"}) {
            Long v = elf.symbol(sym);
            if (v != null) symbols.put(sym, v);
        }
        return new BootImage(elf.name(), BootImage.Format.ELF, elf.segments(), elf.entry(), start, end, symbols);
    }

    private static BootImage fromLinuxImage(byte[] bytes, String name) {
        if (bytes.length < IMAGE_HEADER_SIZE)
            throw new ImageException(name + ": truncated Linux Image header (" + bytes.length + " of "
                    + IMAGE_HEADER_SIZE + " bytes); the file is damaged or was cut short");
        if (!matches(bytes, 0x38, IMAGE_MAGIC2))
            throw new ImageException(name + ": Linux Image header without magic2 \"RSC\\x05\" at 0x38 (header version "
                    + "before 0.2?); rebuild the kernel or pass its ELF vmlinux");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long imageSize = b.getLong(0x10);
        long flags = b.getLong(0x18);
        if ((flags & FLAG_BIG_ENDIAN) != 0)
            throw new ImageException(name + ": a big-endian kernel (Image flags bit 0); VirtLab's harts are little-endian");
        if (imageSize == 0) imageSize = bytes.length;   // headers before 0.2 may leave it 0
        if (Long.compareUnsigned(imageSize, bytes.length) < 0)
            throw new ImageException(String.format("%s: Image header says the kernel needs %d bytes but the file has %d;"
                    + " the header is damaged", name, imageSize, bytes.length));
        if (Long.compareUnsigned(imageSize, 1L << 40) > 0)
            throw new ImageException(String.format("%s: Image header claims an impossible size of %d bytes", name, imageSize));
        return new BootImage(name, BootImage.Format.LINUX_IMAGE, List.of(new ElfImage.Segment(0, bytes, imageSize)), 0, 0,
                imageSize, Map.of());
    }

    /** The header's text_offset: where, from a 2 MiB-aligned RAM base, the kernel wants to sit. */
    public static long textOffset(byte[] linuxImage) {
        return ByteBuffer.wrap(linuxImage).order(ByteOrder.LITTLE_ENDIAN).getLong(0x08);
    }

    private static boolean matches(byte[] bytes, int offset, byte[] magic) {
        if (bytes.length < offset + magic.length) return false;
        for (int i = 0; i < magic.length; i++) if (bytes[offset + i] != magic[i]) return false;
        return true;
    }
}
