package org.virtlab.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardRunner;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.Technique;

/**
 * The hypervisor's sections of the snapshot file (format 2): what is written reads back to the
 * same state; a bare board is still written as format 1; images shared by domains are stored
 * once; cut and damaged files are refused; and a well-signed body with any one byte changed in
 * the hypervisor's sections is refused cleanly or restores — never another exception.
 */
class HypervisorSnapshotFormatTest {
    private static BoardSnapshot saved;
    private static byte[] file;

    private static BoardConfig guest(String dir, String image) {
        return BoardConfig.builder().kernel(Guests.load("/" + dir + "/" + image), image).memoryMiB(16).builtinFirmware().build();
    }

    @BeforeAll
    static void takeOne() throws InterruptedException {
        HypervisorConfig hc = HypervisorConfig.of(List.of(
                new DomainSpec("full", guest("hv-tests", "priv-mix.elf"), Technique.FULL, 1),
                new DomainSpec("hw", guest("hv-tests", "priv-mix.elf"), Technique.HW, 1),
                new DomainSpec("para", guest("pv-tests", "pv-hostile.elf"), Technique.PARA, 1)));
        BoardConfig board = BoardConfig.builder().harts(2).memoryBytes(hc.hostMemoryBytes()).hypervisor(hc).build();
        BoardRunner runner = new BoardRunner(board, b -> { }, null);
        runner.run(30_000);
        saved = runner.board().save();
        file = SnapshotFormat.encode(saved);
    }

    @Test
    void aHypervisorBoardIsFormat2AndReadsBackToTheSameState() throws Exception {
        assertEquals(2, ByteBuffer.wrap(file).getInt(8));
        BoardSnapshot back = SnapshotFormat.decode(file, "lab.vlsnap").requireBoard("lab.vlsnap");
        assertEquals(StateHash.of(saved), StateHash.of(back));
        assertEquals(StateHash.of(saved), StateHash.of(VirtBoard.restore(back, b -> { })));
        // One copy of priv-mix.elf serves both domains and the configuration they were booted from.
        assertSame(back.hypervisor().domain(0).spec().guest().kernel(), back.hypervisor().domain(1).spec().guest().kernel());
        assertSame(back.config().hypervisor().domains().get(0).guest().kernel(),
                back.hypervisor().domain(1).spec().guest().kernel());
    }

    @Test
    void aBoardOnTheBareStackIsStillFormat1() {
        BoardConfig bare = BoardConfig.builder().noFirmware().kernel(Guests.load("/board-tests/m-hello.elf"), "m-hello.elf").build();
        byte[] bytes = SnapshotFormat.encode(VirtBoard.boot(bare, b -> { }).save());
        assertEquals(1, ByteBuffer.wrap(bytes).getInt(8));
    }

    @Test
    void cutAndDamagedFilesAreRefused() {
        for (int len : new int[] {file.length - 1, file.length - 40, file.length / 2, 30})
            assertTrue(refusal(Arrays.copyOf(file, len)).contains("is truncated"), "cut to " + len);
        for (int permille : new int[] {10, 300, 600, 990}) {
            byte[] bad = file.clone();
            bad[8 + (int) ((long) (file.length - 9) * permille / 1000)] ^= 0x40;
            String m = refusal(bad);
            assertTrue(m.contains("is damaged") || m.contains("newer VirtLab") || m.contains("unknown"), m);
        }
    }

    /**
     * Bytes spread over HCFG and HYPV (every field kind: counts, enums, addresses, registers,
     * flags) changed in turn, the file well signed: a SnapshotException, or a board that
     * restores and runs, or an IllegalArgumentException from the restore — nothing else.
     */
    @Test
    void anyChangedByteInTheHypervisorSectionsIsRefusedCleanlyOrRestores() throws Exception {
        byte[] body = inflate(file);
        int from = indexOf(body, "HCFG"), to = indexOf(body, "PAGE");
        int hypv = indexOf(body, "HYPV");
        assertTrue(from > 0 && hypv > from && to > hypv, "the sections are there");
        int refused = 0, restored = 0;
        // The images (kernels) in HCFG are plain bytes: a coarse step there, a fine one in HYPV.
        int coarse = Math.max(1, (hypv - from) / 40), fine = Math.max(1, (to - hypv) / 260);
        for (int at = from; at < to; at += at < hypv ? coarse : fine) {
            byte[] changed = body.clone();
            changed[at] ^= (byte) (at % 2 == 0 ? 0x01 : 0x80);
            BoardSnapshot s;
            try {
                s = SnapshotFormat.decode(resigned(changed), "lab.vlsnap").requireBoard("lab.vlsnap");
            } catch (SnapshotException e) {
                assertTrue(e.getMessage().startsWith("lab.vlsnap is damaged"), e.getMessage());
                refused++;
                continue;
            }
            try {
                new BoardRunner(s, b -> { }, null).run(2_000);
                restored++;
            } catch (IllegalArgumentException e) {
                refused++;
            } catch (RuntimeException e) {
                fail("byte " + (at - hypv) + " of HYPV changed: " + e, e);
            }
        }
        assertTrue(refused > 50 && restored > 50, refused + " refused, " + restored + " restored");
    }

    private static String refusal(byte[] bytes) {
        try {
            SnapshotFormat.decode(bytes, "lab.vlsnap");
        } catch (SnapshotException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted a damaged file");
    }

    private static byte[] inflate(byte[] f) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(f, SnapshotFormat.HEADER, f.length - SnapshotFormat.HEADER - SnapshotFormat.TRAILER);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!inflater.finished()) out.write(buf, 0, inflater.inflate(buf));
        inflater.end();
        return out.toByteArray();
    }

    /** The file with this body, its header and checksum made to fit, as a buggy writer would. */
    private static byte[] resigned(byte[] body) throws Exception {
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        deflater.setInput(body);
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!deflater.finished()) z.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        byte[] out = new byte[SnapshotFormat.HEADER + z.size() + SnapshotFormat.TRAILER];
        System.arraycopy(file, 0, out, 0, SnapshotFormat.HEADER);
        System.arraycopy(z.toByteArray(), 0, out, SnapshotFormat.HEADER, z.size());
        ByteBuffer.wrap(out).putLong(16, z.size());
        byte[] sum = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(out, out.length - SnapshotFormat.TRAILER));
        System.arraycopy(sum, 0, out, out.length - SnapshotFormat.TRAILER, SnapshotFormat.TRAILER);
        return out;
    }

    private static int indexOf(byte[] hay, String tag) {
        byte[] needle = tag.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
