package org.virtlab.engine.image;

import java.util.List;
import java.util.Map;

/**
 * A kernel or firmware image as the board will place it in memory: its pieces at their
 * physical addresses, where it starts executing and the span it claims.
 *
 * <p>An ELF image sits at the addresses it was linked for. A Linux {@code Image} or a raw
 * binary can sit anywhere: {@link ImageLoader} parses it at address 0 and the board moves it
 * with {@link #at} to where it belongs (shared/DESIGN.md section 2; QEMU's {@code virt} does
 * the same).
 *
 * @param name     the file name, for messages
 * @param format   what kind of file it was
 * @param segments the bytes to write; each is zero-filled up to its memory size
 * @param entry    where execution starts
 * @param start    the lowest address the image claims
 * @param end      the first address after it (an Image claims its header's image_size, which
 *                 covers the kernel's bss; an ELF its highest segment end)
 * @param symbols  ELF symbols the board cares about ({@code tohost}, {@code fromhost}); empty otherwise
 */
public record BootImage(String name, Format format, List<ElfImage.Segment> segments, long entry, long start, long end,
        Map<String, Long> symbols) {

    public enum Format {
        ELF("ELF executable"),
        LINUX_IMAGE("Linux RISC-V Image"),
        RAW("raw binary");

        private final String description;

        Format(String description) { this.description = description; }

        @Override
        public String toString() { return description; }
    }

    public BootImage {
        segments = List.copyOf(segments);
        symbols = Map.copyOf(symbols);
    }

    /** Whether the image may be placed anywhere ({@link #at}) rather than where it was linked. */
    public boolean relocatable() {
        return format != Format.ELF;
    }

    /** Bytes the image claims in memory. */
    public long size() {
        return end - start;
    }

    /** The same relocatable image moved so that it starts at {@code base}. */
    public BootImage at(long base) {
        if (!relocatable()) throw new IllegalStateException(name + " is an ELF file and loads where it was linked");
        long delta = base - start;
        List<ElfImage.Segment> moved = segments.stream()
                .map(s -> new ElfImage.Segment(s.address() + delta, s.data(), s.memorySize()))
                .toList();
        return new BootImage(name, format, moved, entry + delta, base, end + delta, symbols);
    }

    /** Whether [start, end) and [otherStart, otherEnd) share a byte. */
    public boolean overlaps(long otherStart, long otherEnd) {
        return Long.compareUnsigned(start, otherEnd) < 0 && Long.compareUnsigned(otherStart, end) < 0;
    }

    /** The ELF symbol's value, or null. */
    public Long symbol(String symbolName) {
        return symbols.get(symbolName);
    }
}
