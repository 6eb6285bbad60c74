package org.virtlab.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineSnapshot;
import org.virtlab.engine.memory.RamImage;

/** The file format: what is written reads back equal; damaged, cut, foreign and newer files are refused. */
class SnapshotFormatTest {
    private static MachineSnapshot saved;
    private static byte[] file;

    @BeforeAll
    static void takeOne() {
        Machine m = Guests.cpuWorkload(32);
        m.run(1_000_000);
        saved = m.save();
        file = SnapshotFormat.encode(saved);
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(SnapshotException.class, () -> SnapshotFormat.decode(bytes, "lab.vlsnap")).getMessage();
    }

    @Test
    void whatIsWrittenReadsBackEqual(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("lab.vlsnap");
        SnapshotFormat.write(path, saved);
        Snapshot back = SnapshotFormat.read(path);
        assertEquals(StateHash.of(saved), StateHash.of(back.machine()));
        assertEquals(saved.ram().deduplicated().pageCount(), back.machine().ram().pageCount(), "the file holds the non-zero pages");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        assertTrue(refusalOf(() -> back.requireBoard("lab.vlsnap")).contains("bare machine"));
    }

    private static String refusalOf(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(SnapshotException.class, e).getMessage();
    }

    @ParameterizedTest(name = "byte {0} of every 1000")
    @ValueSource(ints = {30, 200, 500, 999})
    void aFlippedByteAnywhereAfterTheMagicIsRefused(int permille) {
        int at = SnapshotFormat.MAGIC.length + (int) ((long) (file.length - SnapshotFormat.MAGIC.length - 1) * permille / 1000);
        byte[] bad = file.clone();
        bad[at] ^= 0x10;
        String message = refusal(bad);
        assertTrue(message.startsWith("lab.vlsnap is damaged") || message.contains("truncated"), message);
    }

    @Test
    void aFlippedByteInTheBodyIsReportedAsDamage() {
        byte[] bad = file.clone();
        bad[SnapshotFormat.HEADER + 100] ^= 1;
        assertEquals("lab.vlsnap is damaged: its SHA-256 checksum does not match its contents", refusal(bad));
    }

    @Test
    void aTruncatedFileIsRefused() {
        assertTrue(refusal(Arrays.copyOf(file, file.length - 1)).contains("is truncated"));
        assertTrue(refusal(Arrays.copyOf(file, file.length / 2)).contains("is truncated"));
        assertTrue(refusal(Arrays.copyOf(file, 12)).contains("is truncated"));
        assertTrue(refusal(new byte[0]).contains("not a VirtLab snapshot"));
    }

    @Test
    void aForeignFileIsRefused() {
        byte[] elf = Guests.load("/bench/cpu-s-quick.elf");
        assertEquals("lab.vlsnap is not a VirtLab snapshot (it does not start with the snapshot magic)", refusal(elf));
        byte[] bad = file.clone();
        bad[0] = 'X';
        assertTrue(refusal(bad).contains("not a VirtLab snapshot"));
    }

    @Test
    void aFileFromANewerFormatIsRefusedWithAnUpgradeHint() throws Exception {
        byte[] future = file.clone();
        ByteBuffer.wrap(future).putInt(8, SnapshotFormat.VERSION + 1);
        resign(future);
        String message = refusal(future);
        assertTrue(message.contains("newer VirtLab") && message.contains("upgrade"), message);
    }

    @Test
    void aWellSignedButInconsistentBodyIsRefusedWithoutBuildingAnything() throws Exception {
        byte[] odd = file.clone();
        ByteBuffer.wrap(odd).putInt(12, SnapshotFormat.KIND_BOARD);     // claims to be a board
        resign(odd);
        assertTrue(refusal(odd).contains("damaged or inconsistent"), refusal(odd));
    }

    /** Recomputes the trailing SHA-256, as a (future or buggy) writer would have. */
    private static void resign(byte[] bytes) throws Exception {
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, bytes.length - SnapshotFormat.TRAILER));
        System.arraycopy(sum, 0, bytes, bytes.length - SnapshotFormat.TRAILER, SnapshotFormat.TRAILER);
    }

    @Test
    void equalPagesAreStoredOnceAndZeroPagesNotAtAll() throws Exception {
        Machine m = new Machine(org.virtlab.engine.machine.MachineConfig.builder().memoryMiB(64).build());
        for (int p = 0; p < 1000; p++) m.ram().write(Machine.DRAM_BASE + p * 4096L, 8, 0x5A5A);   // 1000 equal pages
        m.ram().read(Machine.DRAM_BASE + 2000 * 4096L, 8);                                      // a zero page
        MachineSnapshot s = m.save();
        assertEquals(1001, s.ram().pageCount(), "the capture holds every touched page");
        byte[] file = SnapshotFormat.encode(s);
        assertTrue(file.length < 20_000, "1000 equal pages cost one page and the index");
        RamImage back = SnapshotFormat.decode(file, "test").anyMachine().ram();
        assertEquals(1000, back.pageCount());
        assertEquals(1, back.distinctPages());
    }

    @Test
    void aMissingFileSaysSo(@TempDir Path dir) {
        assertTrue(refusalOf(() -> SnapshotFormat.read(dir.resolve("nope.vlsnap"))).endsWith("no such file"));
    }
}
