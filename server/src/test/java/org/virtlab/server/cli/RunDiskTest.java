package org.virtlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.virtlab.server.Main;

/** {@code virtlab run --disk}: the virtio-blk guest (guests/board-tests/src/virtio-blk.c) against an image file. */
class RunDiskTest {
    private static final String GUEST = Path.of("..", "engine", "src", "test", "resources", "board-tests",
            "virtio-blk.elf").toString();

    private record Result(int status, String out, String err) { }

    private static Result virtlab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true),
                new PrintStream(err, true), false);
        return new Result(status, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    /** The pattern the guest checks: byte i of sector s is (s * 7 + i * 13 + 1) & 0xff. */
    private static Path image(Path dir) throws Exception {
        byte[] d = new byte[64 * 512];
        for (int s = 0; s < 64; s++) for (int i = 0; i < 512; i++) d[s * 512 + i] = (byte) (s * 7 + i * 13 + 1);
        Path p = dir.resolve("disk.img");
        Files.write(p, d);
        return p;
    }

    @Test
    void byDefaultTheGuestWritesIntoMemoryAndTheFileNeverChanges(@TempDir Path dir) throws Exception {
        Path img = image(dir);
        byte[] before = Files.readAllBytes(img);
        Result r = virtlab("run", "--bios", "none", "--kernel", GUEST, "--disk", img.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().endsWith("virtio-blk: all checks passed\n"), r.out());
        assertTrue(r.out().contains("virtio-blk: id disk.img\n"), r.out());
        assertArrayEquals(before, Files.readAllBytes(img));
    }

    @Test
    void writableWritesThroughToTheFile(@TempDir Path dir) throws Exception {
        Path img = image(dir);
        Result r = virtlab("run", "--bios", "none", "--kernel", GUEST, "--disk=" + img + ",writable", "--virtio-console");
        assertEquals(0, r.status(), r.out() + r.err());
        byte[] after = Files.readAllBytes(img);
        for (int i = 0; i < 512; i++) assertEquals((byte) ~(5 * 7 + i * 13 + 1), after[5 * 512 + i]);
    }

    @Test
    void readonlyShowsTheGuestARefusingDisk(@TempDir Path dir) throws Exception {
        Result r = virtlab("run", "--bios", "none", "--kernel", GUEST, "--disk", image(dir) + ",readonly");
        assertEquals(30, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL write failed"), r.out());
    }

    @Test
    void unusableDisksAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path tiny = dir.resolve("tiny.img");
        Files.write(tiny, new byte[100]);
        Result r = virtlab("run", "--bios", "none", "--kernel", GUEST, "--disk", tiny.toString());
        assertEquals(2, r.status());
        assertEquals("virtlab: run: --disk " + tiny + ": 100 bytes is less than one 512-byte sector; a disk image"
                + " holds whole sectors\n", r.err());
        Result d = virtlab("run", "--bios", "none", "--kernel", GUEST, "--disk", dir.toString());
        assertEquals(2, d.status());
        assertEquals("virtlab: run: --disk " + dir + ": is a directory, not a disk image\n", d.err());
    }
}
