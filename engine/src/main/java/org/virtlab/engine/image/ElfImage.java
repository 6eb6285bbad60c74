package org.virtlab.engine.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed 64-bit little-endian RISC-V ELF executable: its loadable segments, entry point and
 * symbols. Parsing checks every offset and size against the file, so a truncated or hostile
 * file is refused with a message ({@link ImageException}) and never causes anything else.
 * Reference: the System V ABI "ELF-64 Object File Format" and the RISC-V ELF psABI.
 */
public final class ElfImage {
    private static final int EM_RISCV = 243;
    private static final int PT_LOAD = 1;
    private static final int SHT_SYMTAB = 2;

    /** A PT_LOAD segment: {@code fileSize} bytes of data at {@code address}, zero-filled to {@code memorySize}. */
    public record Segment(long address, byte[] data, long memorySize) {
    }

    private final String name;
    private final long entry;
    private final List<Segment> segments;
    private final Map<String, Long> symbols;

    private ElfImage(String name, long entry, List<Segment> segments, Map<String, Long> symbols) {
        this.name = name;
        this.entry = entry;
        this.segments = segments;
        this.symbols = symbols;
    }

    public String name() {
        return name;
    }

    public long entry() {
        return entry;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** The value of a symbol from the ELF symbol table, or null. */
    public Long symbol(String symbolName) {
        return symbols.get(symbolName);
    }

    public static boolean looksLikeElf(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 0x7F && bytes[1] == 'E' && bytes[2] == 'L' && bytes[3] == 'F';
    }

    public static ElfImage parse(byte[] bytes, String name) {
        if (!looksLikeElf(bytes)) throw new ImageException(name + ": not an ELF file (no \\x7fELF magic)");
        if (bytes.length < 64) throw new ImageException(name + ": truncated ELF header (" + bytes.length + " bytes)");
        if (bytes[4] != 2) throw new ImageException(name + ": not a 64-bit ELF (class " + bytes[4] + "); VirtLab runs RV64");
        if (bytes[5] != 1) throw new ImageException(name + ": not little-endian; RISC-V ELF files are little-endian");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int machine = b.getShort(18) & 0xFFFF;
        if (machine != EM_RISCV)
            throw new ImageException(name + ": built for machine " + machine + ", not RISC-V (" + EM_RISCV + ")");
        long entry = b.getLong(24);
        long phoff = b.getLong(32);
        long shoff = b.getLong(40);
        int phentsize = b.getShort(54) & 0xFFFF;
        int phnum = b.getShort(56) & 0xFFFF;
        int shentsize = b.getShort(58) & 0xFFFF;
        int shnum = b.getShort(60) & 0xFFFF;

        if (phnum == 0) throw new ImageException(name + ": no program headers, nothing to load");
        if (phentsize < 56) throw new ImageException(name + ": program header entries too small (" + phentsize + ")");
        requireRange(bytes, phoff, (long) phentsize * phnum, name, "program headers");
        List<Segment> segments = new ArrayList<>();
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            if (b.getInt(ph) != PT_LOAD) continue;
            long offset = b.getLong(ph + 8);
            long paddr = b.getLong(ph + 24);
            long filesz = b.getLong(ph + 32);
            long memsz = b.getLong(ph + 40);
            if (memsz == 0) continue;
            if (Long.compareUnsigned(filesz, memsz) > 0)
                throw new ImageException(name + ": segment " + i + " has more file bytes (" + filesz + ") than memory bytes (" + memsz + ")");
            if (Long.compareUnsigned(paddr + memsz, paddr) < 0 && paddr + memsz != 0)
                throw new ImageException(name + ": segment " + i + " wraps around the address space");
            requireRange(bytes, offset, filesz, name, "segment " + i);
            byte[] data = new byte[(int) filesz];
            System.arraycopy(bytes, (int) offset, data, 0, (int) filesz);
            segments.add(new Segment(paddr, data, memsz));
        }
        if (segments.isEmpty()) throw new ImageException(name + ": no loadable segments");
        for (int i = 0; i < segments.size(); i++) {
            for (int j = i + 1; j < segments.size(); j++) {
                Segment s = segments.get(i), t = segments.get(j);
                if (Long.compareUnsigned(s.address(), t.address() + t.memorySize()) < 0
                        && Long.compareUnsigned(t.address(), s.address() + s.memorySize()) < 0)
                    throw new ImageException(String.format("%s: segments at 0x%x and 0x%x overlap", name, s.address(), t.address()));
            }
        }
        Map<String, Long> symbols = shnum == 0 ? Map.of() : readSymbols(bytes, b, shoff, shentsize, shnum, name);
        return new ElfImage(name, entry, Collections.unmodifiableList(segments), symbols);
    }

    private static Map<String, Long> readSymbols(byte[] bytes, ByteBuffer b, long shoff, int shentsize, int shnum, String name) {
        if (shentsize < 64) throw new ImageException(name + ": section header entries too small (" + shentsize + ")");
        requireRange(bytes, shoff, (long) shentsize * shnum, name, "section headers");
        Map<String, Long> symbols = new HashMap<>();
        for (int i = 0; i < shnum; i++) {
            int sh = (int) (shoff + (long) i * shentsize);
            if (b.getInt(sh + 4) != SHT_SYMTAB) continue;
            long offset = b.getLong(sh + 24);
            long size = b.getLong(sh + 32);
            int link = b.getInt(sh + 40);
            requireRange(bytes, offset, size, name, "symbol table");
            if (link < 0 || link >= shnum) throw new ImageException(name + ": symbol table names a missing string table");
            int strSh = (int) (shoff + (long) link * shentsize);
            long strOff = b.getLong(strSh + 24);
            long strSize = b.getLong(strSh + 32);
            requireRange(bytes, strOff, strSize, name, "string table");
            for (long s = offset; s + 24 <= offset + size; s += 24) {
                long nameOff = b.getInt((int) s) & 0xFFFF_FFFFL;
                if (nameOff == 0 || nameOff >= strSize) continue;
                int start = (int) (strOff + nameOff);
                int end = start;
                while (end < strOff + strSize && bytes[end] != 0) end++;
                String sym = new String(bytes, start, end - start, StandardCharsets.UTF_8);
                symbols.putIfAbsent(sym, b.getLong((int) s + 8));
            }
        }
        return symbols;
    }

    private static void requireRange(byte[] bytes, long offset, long length, String name, String what) {
        if (offset < 0 || length < 0 || offset > bytes.length || length > bytes.length - offset)
            throw new ImageException(String.format("%s: %s at offset %d (%d bytes) lies outside the %d-byte file — truncated or damaged",
                    name, what, offset, length, bytes.length));
    }
}
