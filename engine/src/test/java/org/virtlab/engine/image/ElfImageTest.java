package org.virtlab.engine.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.memory.Ram;

/**
 * Parsing and loading of ELF64 executables (System V ABI "ELF-64 Object File Format", RISC-V
 * ELF psABI). The files are built by {@link Elf} so each broken field is explicit.
 */
class ElfImageTest {
    static final long DRAM = 0x8000_0000L;
    static final int PT_LOAD = 1, PT_NOTE = 4;

    // Offsets of fields patched by the refusal tests.
    static final int E_PHOFF = 32, E_SHOFF = 40;
    static final int PH_SIZE = 56, P_OFFSET = 8, P_PADDR = 24, P_FILESZ = 32, P_MEMSZ = 40;
    static final int SH_SIZE = 64, SH_OFFSET = 24;

    /**
     * A tiny ELF64 writer: header, program headers, segment data, then (when there are symbols)
     * .symtab and .strtab contents and three section headers (null, .symtab, .strtab).
     */
    static final class Elf {
        int elfClass = 2, dataEncoding = 1, machine = 243;
        long entry = DRAM;
        final List<long[]> segments = new ArrayList<>();      // {type, paddr, memsz}
        final List<byte[]> segmentData = new ArrayList<>();
        final Map<String, Long> symbols = new LinkedHashMap<>();

        Elf segment(int type, long paddr, byte[] data, long memsz) {
            segments.add(new long[] {type, paddr, memsz});
            segmentData.add(data);
            return this;
        }

        Elf load(long paddr, byte[] data) {
            return segment(PT_LOAD, paddr, data, data.length);
        }

        Elf symbol(String name, long value) {
            symbols.put(name, value);
            return this;
        }

        byte[] build() {
            int phoff = 64;
            int dataStart = phoff + PH_SIZE * segments.size();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            long[] offsets = new long[segments.size()];
            for (int i = 0; i < segments.size(); i++) {
                offsets[i] = dataStart + body.size();
                body.writeBytes(segmentData.get(i));
            }
            ByteBuffer ph = le(PH_SIZE * segments.size());
            for (int i = 0; i < segments.size(); i++) {
                long[] s = segments.get(i);
                int at = PH_SIZE * i;
                ph.putInt(at, (int) s[0]);
                ph.putInt(at + 4, 7);                            // flags RWX
                ph.putLong(at + P_OFFSET, offsets[i]);
                ph.putLong(at + 16, s[1]);                       // vaddr
                ph.putLong(at + P_PADDR, s[1]);
                ph.putLong(at + P_FILESZ, segmentData.get(i).length);
                ph.putLong(at + P_MEMSZ, s[2]);
                ph.putLong(at + 48, 8);
            }
            long shoff = 0;
            int shnum = 0;
            byte[] sections = new byte[0];
            if (!symbols.isEmpty()) {
                ByteArrayOutputStream strtab = new ByteArrayOutputStream();
                strtab.write(0);
                ByteBuffer symtab = le(24 * (symbols.size() + 1));   // entry 0 is the null symbol
                int n = 1;
                for (Map.Entry<String, Long> e : symbols.entrySet()) {
                    symtab.putInt(24 * n, strtab.size());
                    symtab.put(24 * n + 4, (byte) 0x10);            // STB_GLOBAL, STT_NOTYPE
                    symtab.putLong(24 * n + 8, e.getValue());
                    strtab.writeBytes(e.getKey().getBytes(StandardCharsets.UTF_8));
                    strtab.write(0);
                    n++;
                }
                long symOff = dataStart + body.size();
                body.writeBytes(symtab.array());
                long strOff = dataStart + body.size();
                body.writeBytes(strtab.toByteArray());
                while (body.size() % 8 != 0) body.write(0);
                shoff = dataStart + body.size();
                shnum = 3;
                ByteBuffer sh = le(SH_SIZE * 3);
                sh.putInt(SH_SIZE + 4, 2);                          // SHT_SYMTAB
                sh.putLong(SH_SIZE + SH_OFFSET, symOff);
                sh.putLong(SH_SIZE + 32, symtab.capacity());
                sh.putInt(SH_SIZE + 40, 2);                         // sh_link: .strtab
                sh.putLong(SH_SIZE + 56, 24);
                sh.putInt(2 * SH_SIZE + 4, 3);                      // SHT_STRTAB
                sh.putLong(2 * SH_SIZE + SH_OFFSET, strOff);
                sh.putLong(2 * SH_SIZE + 32, strtab.size());
                sections = sh.array();
            }
            ByteBuffer h = le(64);
            h.put(0, (byte) 0x7F).put(1, (byte) 'E').put(2, (byte) 'L').put(3, (byte) 'F');
            h.put(4, (byte) elfClass).put(5, (byte) dataEncoding).put(6, (byte) 1);
            h.putShort(16, (short) 2);                              // ET_EXEC
            h.putShort(18, (short) machine);
            h.putInt(20, 1);
            h.putLong(24, entry);
            h.putLong(E_PHOFF, phoff);
            h.putLong(E_SHOFF, shoff);
            h.putShort(52, (short) 64);
            h.putShort(54, (short) PH_SIZE);
            h.putShort(56, (short) segments.size());
            h.putShort(58, (short) SH_SIZE);
            h.putShort(60, (short) shnum);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(h.array());
            out.writeBytes(ph.array());
            out.writeBytes(body.toByteArray());
            out.writeBytes(sections);
            return out.toByteArray();
        }

        private static ByteBuffer le(int size) {
            return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed + i * 13);
        return b;
    }

    static void putLong(byte[] file, int offset, long value) {
        ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
    }

    static long getLong(byte[] file, int offset) {
        return ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong(offset);
    }

    /** Parses and expects a refusal whose message names the file and contains every fragment. */
    static void assertRefused(byte[] file, String... fragments) {
        ImageException e = assertThrows(ImageException.class, () -> ElfImage.parse(file, "prog.elf"));
        assertTrue(e.getMessage().startsWith("prog.elf: "), e.getMessage());
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
    }

    static Elf valid() {
        return new Elf().load(DRAM, bytes(100, 1)).load(DRAM + 0x2000, bytes(16, 2));
    }

    // ---- a valid image ---------------------------------------------------------------------------

    @Test
    void validImageGivesSegmentsEntryAndSymbols() {
        Elf elf = new Elf()
                .load(DRAM, bytes(100, 1))
                .segment(PT_NOTE, 0, bytes(8, 0), 8)
                .segment(PT_LOAD, DRAM + 0x2000, bytes(16, 2), 0x1000)     // .data + .bss
                .symbol("tohost", DRAM + 0x1000)
                .symbol("fromhost", DRAM + 0x1040);
        elf.entry = DRAM + 0x40;
        ElfImage image = ElfImage.parse(elf.build(), "prog.elf");
        assertEquals("prog.elf", image.name());
        assertEquals(DRAM + 0x40, image.entry());
        assertEquals(2, image.segments().size(), "only PT_LOAD segments");
        assertEquals(DRAM, image.segments().get(0).address());
        assertArrayEquals(bytes(100, 1), image.segments().get(0).data());
        assertEquals(100, image.segments().get(0).memorySize());
        assertEquals(DRAM + 0x2000, image.segments().get(1).address());
        assertEquals(16, image.segments().get(1).data().length);
        assertEquals(0x1000, image.segments().get(1).memorySize());
        assertEquals(DRAM + 0x1000, image.symbol("tohost"));
        assertEquals(DRAM + 0x1040, image.symbol("fromhost"));
        assertNull(image.symbol("begin_signature"));
    }

    @Test
    void imageWithoutSectionsHasNoSymbols() {
        ElfImage image = ElfImage.parse(valid().build(), "prog.elf");
        assertNull(image.symbol("tohost"));
    }

    @Test
    void emptySegmentsAreSkipped() {
        Elf elf = valid().segment(PT_LOAD, DRAM + 0x10, new byte[0], 0);   // would overlap, but is empty
        assertEquals(2, ElfImage.parse(elf.build(), "prog.elf").segments().size());
    }

    @Test
    void segmentsSharingOnlyABoundaryDoNotOverlap() {
        Elf elf = new Elf().load(DRAM, bytes(0x10, 1)).load(DRAM + 0x10, bytes(0x10, 2));
        assertEquals(2, ElfImage.parse(elf.build(), "prog.elf").segments().size());
    }

    // ---- refusals ------------------------------------------------------------------------------

    @Test
    void refusesAFileThatIsNotElf() {
        assertRefused("#!/bin/sh\necho hello\n".getBytes(StandardCharsets.US_ASCII), "not an ELF file");
        assertRefused(new byte[0], "not an ELF file");
    }

    @Test
    void refuses32BitElf() {
        Elf elf = valid();
        elf.elfClass = 1;
        assertRefused(elf.build(), "not a 64-bit ELF", "RV64");
    }

    @Test
    void refusesBigEndianElf() {
        Elf elf = valid();
        elf.dataEncoding = 2;
        assertRefused(elf.build(), "not little-endian");
    }

    @Test
    void refusesWrongMachine() {
        Elf elf = valid();
        elf.machine = 62;                                   // EM_X86_64
        assertRefused(elf.build(), "machine 62", "not RISC-V");
    }

    @Test
    void refusesTruncatedHeader() {
        assertRefused(Arrays.copyOf(valid().build(), 40), "truncated ELF header");
    }

    @Test
    void refusesProgramHeadersBeyondTheFile() {
        byte[] file = valid().build();
        putLong(file, E_PHOFF, file.length - 10);
        assertRefused(file, "program headers", "outside");
        putLong(file, E_PHOFF, -1L);                        // a hostile offset: negative as a long
        assertRefused(file, "program headers");
        assertRefused(Arrays.copyOf(valid().build(), 64 + PH_SIZE + 10), "program headers");
    }

    @Test
    void refusesSegmentDataBeyondTheFile() {
        byte[] file = valid().build();
        putLong(file, 64 + PH_SIZE + P_OFFSET, file.length - 4);      // segment 1: 16 bytes from 4 before the end
        assertRefused(file, "segment 1", "outside");
        byte[] huge = valid().build();
        putLong(huge, 64 + P_FILESZ, 1L << 40);
        putLong(huge, 64 + P_MEMSZ, 1L << 40);
        assertRefused(huge, "segment 0", "outside");
    }

    @Test
    void refusesFileSizeLargerThanMemorySize() {
        byte[] file = valid().build();
        putLong(file, 64 + P_MEMSZ, 99);
        assertRefused(file, "segment 0", "more file bytes (100) than memory bytes (99)");
    }

    /** The parser's own wrap check: address + memsz must not pass 2^64 (compared unsigned). */
    @Test
    void refusesSegmentThatWrapsTheAddressSpace() {
        byte[] file = valid().build();
        putLong(file, 64 + P_PADDR, -16L);                  // 0xFFFF_FFFF_FFFF_FFF0 + 100 bytes
        assertRefused(file, "segment 0", "wraps");
    }

    @Test
    void refusesOverlappingSegments() {
        Elf elf = new Elf().load(DRAM, bytes(0x100, 1)).segment(PT_LOAD, DRAM + 0x80, bytes(4, 2), 0x1000);
        assertRefused(elf.build(), "overlap", "0x80000000", "0x80000080");
        Elf bss = new Elf().segment(PT_LOAD, DRAM, bytes(4, 1), 0x2000).load(DRAM + 0x1000, bytes(4, 2));
        assertRefused(bss.build(), "overlap");
    }

    @Test
    void refusesImageWithoutLoadableSegments() {
        assertRefused(new Elf().segment(PT_NOTE, 0, bytes(8, 0), 8).build(), "no loadable segments");
        assertRefused(new Elf().build(), "no program headers");
    }

    @Test
    void refusesSymbolTableOutOfRange() {
        byte[] file = valid().symbol("tohost", DRAM + 0x1000).build();
        long shoff = getLong(file, E_SHOFF);
        putLong(file, (int) shoff + SH_SIZE + SH_OFFSET, file.length - 8);
        assertRefused(file, "symbol table", "outside");
    }

    @Test
    void refusesStringTableOutOfRange() {
        byte[] file = valid().symbol("tohost", DRAM + 0x1000).build();
        long shoff = getLong(file, E_SHOFF);
        putLong(file, (int) shoff + 2 * SH_SIZE + SH_OFFSET, 1L << 33);
        assertRefused(file, "string table", "outside");
    }

    @Test
    void refusesSectionHeadersBeyondTheFile() {
        byte[] file = valid().symbol("tohost", DRAM + 0x1000).build();
        putLong(file, E_SHOFF, file.length - SH_SIZE);
        assertRefused(file, "section headers", "outside");
    }

    // ---- loading into a machine ----------------------------------------------------------------

    @Test
    void loadElfCopiesSegmentsZeroFillsAndStartsHartsAtTheEntry() {
        Machine m = new Machine(MachineConfig.builder().harts(2).memoryMiB(1).build());
        m.ram().write(DRAM + 0x2010, 8, -1L);              // stale data where .bss goes
        Elf elf = new Elf().load(DRAM, bytes(100, 1)).segment(PT_LOAD, DRAM + 0x2000, bytes(16, 2), 0x100);
        elf.entry = DRAM + 0x20;
        m.loadElf(ElfImage.parse(elf.build(), "prog.elf"));
        byte[] text = new byte[100];
        m.ram().readBytes(DRAM, text, 0, 100);
        assertArrayEquals(bytes(100, 1), text);
        assertEquals(0, m.ram().read(DRAM + 0x2010, 8), "memsz beyond filesz is zeroed");
        for (int i = 0; i < 2; i++) {
            assertEquals(DRAM + 0x20, m.hart(i).pc());
            assertEquals(i, m.hart(i).x(10), "a0 = hart id");
        }
    }

    @Test
    void loadElfRefusesASegmentOutsideRamAndChangesNothing() {
        Machine m = new Machine(MachineConfig.builder().memoryMiB(1).build());
        Ram ram = m.ram();
        ram.write(DRAM, 8, 0x5A5A_5A5AL);
        int pagesBefore = ram.allocatedPages();
        Elf elf = new Elf().load(DRAM, bytes(64, 1)).load(DRAM + (1 << 20) - 8, bytes(16, 2));   // runs past the end
        ElfImage image = ElfImage.parse(elf.build(), "big.elf");
        ImageException e = assertThrows(ImageException.class, () -> m.loadElf(image));
        assertTrue(e.getMessage().contains("big.elf") && e.getMessage().contains("outside RAM"), e.getMessage());
        assertEquals(pagesBefore, ram.allocatedPages(), "no page was touched");
        assertEquals(0x5A5A_5A5AL, ram.read(DRAM, 8), "the first segment was not copied either");
        assertEquals(DRAM, m.hart(0).pc());

        ElfImage low = ElfImage.parse(new Elf().load(0x1000, bytes(4, 1)).build(), "low.elf");
        assertThrows(ImageException.class, () -> m.loadElf(low));
        assertEquals(pagesBefore, ram.allocatedPages());
    }
}
