package org.virtlab.engine.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.devices.virtio.blk.MemoryDisk;

/** virtlab-os's virtio-blk driver against the engine's device: /dev/disk0, the disk tool, iobench. */
class VirtioBlkOsTest {
    private static final long BOOT_BUDGET = 50_000_000;
    private static final long COMMAND_BUDGET = 200_000_000;
    private static final int SECTORS = 2048;                   // 1 MiB

    private static MemoryDisk disk(boolean readOnly) {
        byte[] bytes = new byte[SECTORS * 512];
        byte[] mark = "put there by the host".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(mark, 0, bytes, 7 * 512, mark.length);
        return new MemoryDisk(bytes, readOnly, "test-disk");
    }

    private static OsSession booted(MemoryDisk disk, int harts) throws InterruptedException {
        OsSession os = new OsSession(harts, true, disk);
        String boot = os.waitFor(OsSession.PROMPT, BOOT_BUDGET * harts);
        assertTrue(boot.contains("virtlab-os: disk /dev/disk0: virtio-blk in slot 0 (IRQ 1), 2048 sectors = 1024 KiB"
                + (disk.readOnly() ? ", read-only" : "") + "\r\n"), boot);
        return os;
    }

    private static String text(MemoryDisk disk, int offset, int length) {
        return new String(disk.bytes(), offset, length, StandardCharsets.ISO_8859_1);
    }

    @Test
    void bootBannerShowsTheDiskAndItsCapacity() throws Exception {
        OsSession os = booted(disk(false), 1);
        System.out.println("virtlab-os with a disk: shell prompt after " + os.instructions() + " instructions");
        assertEquals("/dev/disk0: 2048 sectors of 512 bytes = 1024 KiB\n", os.command("disk", COMMAND_BUDGET));
        assertTrue(os.command("ls /dev", COMMAND_BUDGET).contains("disk0                blk   1048576\n"));
    }

    @Test
    void aSectorWrittenThroughDevDisk0ComesBackAndLandsInTheBackingDisk() throws Exception {
        MemoryDisk disk = disk(false);
        OsSession os = booted(disk, 1);
        // what the host put there, the guest reads
        assertTrue(os.command("disk read 7", COMMAND_BUDGET).startsWith(
                "00000e00  70 75 74 20 74 68 65 72 65 20 62 79 20 74 68 65  |put there by the|\n"));
        // whole sector: the disk tool
        assertEquals("disk: wrote 20 bytes to sector 3\n", os.command("disk write 3 hello from the guest", COMMAND_BUDGET));
        assertEquals("hello from the guest", text(disk, 3 * 512, 20));
        assertArrayEquals(new byte[512 - 20], Arrays.copyOfRange(disk.bytes(), 3 * 512 + 20, 4 * 512));
        String back = os.command("disk read 3", COMMAND_BUDGET);
        assertTrue(back.startsWith("00000600  68 65 6c 6c 6f 20 66 72 6f 6d 20 74 68 65 20 67  |hello from the g|\n"
                + "00000610  75 65 73 74 00 00 00 00 00 00 00 00 00 00 00 00  |uest............|\n*\n"), back);
        // byte offsets: a partial sector (read-modify-write) and a file of several sectors
        disk.bytes()[600] = 'Z';
        assertEquals("", os.command("echo partial > /dev/disk0", COMMAND_BUDGET));
        assertEquals("partial\n", text(disk, 0, 8));
        assertEquals('Z', disk.bytes()[600], "the rest of the sector was rewritten as read");
        assertEquals("", os.command("cp /bin/ls /dev/disk0", COMMAND_BUDGET));
        assertEquals("\u007fELF", text(disk, 0, 4));
        String head = os.command("disk read 0", COMMAND_BUDGET);
        assertTrue(head.startsWith("00000000  7f 45 4c 46"), head);
        assertEquals("", os.command("cat /dev/disk0 > /tmp/image", COMMAND_BUDGET));
        assertTrue(os.command("ls /tmp", COMMAND_BUDGET).contains("image                file  1048576\n"));
    }

    @Test
    void aReadOnlyDiskRefusesWritesWithAnError() throws Exception {
        MemoryDisk disk = disk(true);
        OsSession os = booted(disk, 1);
        assertEquals("disk: cannot write sector 3\n", os.command("disk write 3 nope", COMMAND_BUDGET));
        assertArrayEquals(new byte[512], Arrays.copyOfRange(disk.bytes(), 3 * 512, 4 * 512));
        assertTrue(os.command("disk read 7", COMMAND_BUDGET).contains("|put there by the|"));
    }

    @Test
    void iobenchPrintsSaneDiskNumbers() throws Exception {
        MemoryDisk disk = disk(false);
        OsSession os = booted(disk, 1);
        String io = os.command("iobench", 2_000_000_000L);
        System.out.print(io);
        assertTrue(io.contains("iobench: ramfs write 512 KiB") && io.contains("iobench: ramfs read 512 KiB"), io);
        Pattern line = Pattern.compile("iobench: disk0 (write|read) 512 KiB in (\\d+) us = (\\d+) KiB/s \\((\\d+)\\.\\d MB/s\\), "
                + "(4|60) KiB calls\n");
        Matcher m = line.matcher(io);
        int lines = 0;
        while (m.find()) {
            lines++;
            long us = Long.parseLong(m.group(2)), kibs = Long.parseLong(m.group(3));
            assertTrue(us > 0 && kibs > 1000 && kibs < 100_000_000, io);
            assertEquals(512L * 1_000_000 / us, kibs, io);
        }
        assertEquals(4, lines, io);
        assertTrue(!io.contains("other data"), io);
        // iobench left its last pattern (60 KiB calls) on the disk
        assertEquals((byte) 61440, disk.bytes()[0]);
        assertEquals((byte) (7 + 61440), disk.bytes()[1]);
    }

    @Test
    void requestsCompleteByInterruptOnSeveralHarts() throws Exception {
        MemoryDisk disk = disk(false);
        OsSession os = booted(disk, 2);
        String out = os.command("spin 1 & iobench 256; disk write 9 smp", 2_000_000_000L);
        assertTrue(out.contains("iobench: disk0 read 256 KiB") && out.contains("disk: wrote 3 bytes to sector 9"), out);
        assertEquals("smp", text(disk, 9 * 512, 3));
    }
}
