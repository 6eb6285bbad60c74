package org.virtlab.engine.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.hypervisor.HypervisorConfig;
import org.virtlab.engine.hypervisor.HypervisorSnapshot;
import org.virtlab.engine.machine.MachineConfig;
import org.virtlab.engine.machine.MachineSnapshot;

/**
 * The snapshot file (docs/snapshots.md, "File format"):
 *
 * <pre>
 *   offset  size  field
 *        0     8  magic "VLSNAP\r\n" (catches text-mode mangling, as PNG's does)
 *        8     4  format version (1, or 2 for the hypervisor stack), independent of VirtLab's version
 *       12     4  kind: 1 = bare machine, 2 = virt board
 *       16     8  body length in bytes
 *       24     n  body: Deflate stream of the state ({@link StateCodec}):
 *                 machine config, [format 2: hypervisor flag, hypervisor config], [board config],
 *                 machine + harts, [devices], [format 2: hypervisor state], RAM pages, END;
 *                 format 2 stores each boot image once ({@link ImageTable})
 *     24+n    32  SHA-256 of bytes 0 .. 24+n
 * </pre>
 *
 * All integers big-endian. Versions to come keep the first 24 bytes and the trailing SHA-256,
 * so any VirtLab can tell a damaged file from a newer one. Reading checks, in order: magic,
 * length, checksum, version, kind, then parses the whole body before anything is built; any
 * failure is a {@link SnapshotException} that says what is wrong.
 *
 * <p>Compression: {@link Deflater} at {@link Deflater#BEST_SPEED} from the JDK, no native
 * library to ship. RAM pages (already deduplicated and without zero pages) dominate the body;
 * level 1 compresses them within a few percent of the default level at several times the speed.
 * zstd-jni would be faster still, at the cost of a native dependency per platform; the
 * measurements in docs/performance.md ("Snapshots") show save time is not the bottleneck.
 */
public final class SnapshotFormat {
    public static final byte[] MAGIC = {'V', 'L', 'S', 'N', 'A', 'P', '\r', '\n'};
    /**
     * The newest format this VirtLab reads. It writes the oldest format that holds the snapshot:
     * 1 for a bare machine or a board on the bare stack (so older VirtLabs read those), 2 for a
     * board on the hypervisor stack (format 1 has no hypervisor sections; an older VirtLab
     * refuses it with its "newer VirtLab" message).
     */
    public static final int VERSION = 2;
    /** The format of a board on the bare stack and of a bare machine. */
    static final int VERSION_BARE = 1;
    public static final int KIND_MACHINE = 1, KIND_BOARD = 2;
    static final int HEADER = 24;
    static final int TRAILER = 32;

    private SnapshotFormat() { }

    /** The file bytes of a board snapshot. */
    public static byte[] encode(BoardSnapshot b) {
        boolean hv = b.hypervisor() != null;
        return encode(hv ? VERSION : VERSION_BARE, KIND_BOARD, out -> writeBoard(out, b, b.machine(), hv));
    }

    /**
     * A board's body: MCFG, then in format 2 a flag and HCFG, BCFG, MACH + HART, DEVS, in format 2
     * HYPV, then PAGE. {@code machine} is the board's machine (normalized by {@link StateHash}).
     */
    static void writeBoard(DataOutputStream out, BoardSnapshot b, MachineSnapshot machine, boolean format2)
            throws IOException {
        ImageTable images = format2 ? new ImageTable() : null;
        StateCodec.writeMachineConfig(out, machine.config());
        if (format2) {
            out.writeBoolean(b.hypervisor() != null);
            if (b.hypervisor() != null) HypervisorCodec.writeConfig(out, b.config().hypervisor(), images);
        }
        StateCodec.writeBoardConfig(out, b.config(), b.disk(), images);
        StateCodec.writeMachineState(out, machine);
        StateCodec.writeDevices(out, b);
        if (b.hypervisor() != null) HypervisorCodec.writeState(out, b.hypervisor(), images);
        StateCodec.writePages(out, machine.ram());
    }

    /** The file bytes of a bare-machine snapshot. */
    public static byte[] encode(MachineSnapshot m) {
        return encode(VERSION_BARE, KIND_MACHINE, out -> {
            StateCodec.writeMachineConfig(out, m.config());
            StateCodec.writeMachineState(out, m);
            StateCodec.writePages(out, m.ram());
        });
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] encode(int version, int kind, Body body) {
        try {
            ByteArrayOutputStream file = new ByteArrayOutputStream(1 << 16);
            DataOutputStream header = new DataOutputStream(file);
            header.write(MAGIC);
            header.writeInt(version);
            header.writeInt(kind);
            header.writeLong(0);                              // body length, patched below
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try {
                DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(file, deflater, 1 << 16));
                body.write(out);
                out.writeInt(StateCodec.TAG_END);
                out.close();
            } finally {
                deflater.end();
            }
            byte[] bytes = Arrays.copyOf(file.toByteArray(), file.size() + TRAILER);
            ByteBuffer.wrap(bytes).putLong(16, bytes.length - HEADER - TRAILER);
            byte[] sum = sha256().digest(Arrays.copyOf(bytes, bytes.length - TRAILER));
            System.arraycopy(sum, 0, bytes, bytes.length - TRAILER, TRAILER);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /**
     * Writes a board snapshot to {@code path} safely: into a temporary file beside it, forced to
     * disk, then renamed over {@code path}, so a crash never leaves a half-written snapshot.
     */
    public static void write(Path path, BoardSnapshot b) throws IOException {
        writeFile(path, encode(b));
    }

    /** Like {@link #write(Path, BoardSnapshot)}, for a bare machine. */
    public static void write(Path path, MachineSnapshot m) throws IOException {
        writeFile(path, encode(m));
    }

    private static void writeFile(Path path, byte[] bytes) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and checks a snapshot file. */
    public static Snapshot read(Path path) throws SnapshotException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SnapshotException(path + ": no such file");
        } catch (IOException e) {
            throw new SnapshotException(path + ": cannot read it (" + e.getMessage() + ")", e);
        }
        return decode(bytes, path.toString());
    }

    /**
     * Checks and parses a snapshot file's bytes; {@code source} names it in messages.
     *
     * @throws SnapshotException not a snapshot, truncated, damaged, newer, or inconsistent
     */
    public static Snapshot decode(byte[] bytes, String source) throws SnapshotException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw new SnapshotException(source + " is not a VirtLab snapshot (it does not start with the snapshot magic)");
        if (bytes.length < HEADER + TRAILER)
            throw new SnapshotException(source + " is truncated: " + bytes.length + " bytes is shorter than any snapshot");
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER);
        int version = header.getInt(8);
        int kind = header.getInt(12);
        long bodyLength = header.getLong(16);
        long expected = HEADER + bodyLength + TRAILER;
        if (bodyLength < 0 || expected != bytes.length) {
            if (bodyLength >= 0 && bytes.length < expected)
                throw new SnapshotException(source + " is truncated: it has " + bytes.length + " bytes, the snapshot "
                        + expected + "; the copy or the save was cut short");
            throw new SnapshotException(source + " is damaged: its length (" + bytes.length
                    + " bytes) does not match its header");
        }
        byte[] sum = sha256().digest(Arrays.copyOf(bytes, bytes.length - TRAILER));
        if (!Arrays.equals(sum, 0, TRAILER, bytes, bytes.length - TRAILER, bytes.length))
            throw new SnapshotException(source + " is damaged: its SHA-256 checksum does not match its contents");
        if (version > VERSION)
            throw new SnapshotException(source + " was written by a newer VirtLab (snapshot format " + version
                    + "; this one reads format " + VERSION + "); upgrade VirtLab to restore it");
        if (version < 1) throw new SnapshotException(source + ": unknown snapshot format " + version);
        if (kind != KIND_MACHINE && kind != KIND_BOARD)
            throw new SnapshotException(source + ": unknown kind of snapshot " + kind);
        Inflater inflater = new Inflater();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(
                new ByteArrayInputStream(bytes, HEADER, (int) bodyLength), inflater, 1 << 16))) {
            Snapshot s = kind == KIND_BOARD ? readBoard(in, version) : Snapshot.of(readMachine(in));
            StateCodec.expect(in, StateCodec.TAG_END, "end");
            if (in.read() != -1) throw new IOException("data after the end marker");
            return s;
        } catch (EOFException e) {
            throw new SnapshotException(source + " is damaged: its state ends early", e);
        } catch (ZipException e) {
            throw new SnapshotException(source + " is damaged: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SnapshotException(source + " is damaged or inconsistent: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static MachineSnapshot readMachine(DataInputStream in) throws IOException {
        MachineConfig config = StateCodec.readMachineConfig(in);
        StateCodec.MachineParts parts = StateCodec.readMachineState(in, config);
        return parts.with(StateCodec.readPages(in, config));
    }

    private static Snapshot readBoard(DataInputStream in, int version) throws IOException {
        ImageTable images = version >= 2 ? new ImageTable() : null;
        MachineConfig config = StateCodec.readMachineConfig(in);
        HypervisorConfig hc = version >= 2 && in.readBoolean() ? HypervisorCodec.readConfig(in, images) : null;
        StateCodec.BoardParts board = StateCodec.readBoardConfig(in, config, hc, images);
        StateCodec.MachineParts parts = StateCodec.readMachineState(in, config);
        StateCodec.DeviceParts devices = StateCodec.readDevices(in, config);
        HypervisorSnapshot hypervisor = hc == null ? null : HypervisorCodec.readState(in, config, images);
        return Snapshot.of(devices.with(board, parts.with(StateCodec.readPages(in, config)), hypervisor));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
