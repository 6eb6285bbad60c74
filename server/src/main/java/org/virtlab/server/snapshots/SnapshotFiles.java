package org.virtlab.server.snapshots;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The durable half of the snapshot store: one immutable file per snapshot,
 * {@code DIR/ID.vlsnap}, in the engine's snapshot format (so a downloaded file runs with
 * {@code virtlab run --restore}).
 *
 * <p>Crash safety: a file is written to a temporary file beside its final name
 * ({@code .ID.vlsnap.*.tmp}), forced to disk, renamed (atomically where the file system can),
 * and the directory is forced so that the rename survives a power cut. A file is never
 * rewritten in place: a new state is a new file with a new id. So a crash at any point leaves
 * every earlier snapshot whole; what it can leave behind — a temporary file, or a finished file
 * whose database row was never written — is removed by {@link #recover}.
 */
final class SnapshotFiles {
    static final String SUFFIX = ".vlsnap";
    static final String TEMPORARY_SUFFIX = ".tmp";
    private static final Pattern ID = Pattern.compile("[a-z0-9]{1,32}");

    /** Called while a file is being written, after its first part: tests stop the JVM there. */
    interface WriteHook {
        void partWritten(Path temporary, long written, long total);

        WriteHook NONE = (temporary, written, total) -> { };
    }

    /** What {@link #recover} found: temporary files and files without a row, both removed. */
    record Recovery(List<Path> temporaryFiles, List<Path> orphans, Set<String> present) { }

    private final Path dir;
    private final WriteHook hook;

    SnapshotFiles(Path dir, WriteHook hook) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.hook = hook;
    }

    Path dir() {
        return dir;
    }

    Path path(String id) {
        if (!ID.matcher(id).matches()) throw new IllegalArgumentException("not a snapshot id: " + id);
        return dir.resolve(id + SUFFIX);
    }

    /** Writes the snapshot's file: temporary file, force, rename, force the directory. */
    void write(String id, byte[] bytes) throws IOException {
        Path target = path(id);
        Path tmp = Files.createTempFile(dir, "." + id + SUFFIX + ".", TEMPORARY_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                int half = bytes.length / 2;
                writeFully(ch, ByteBuffer.wrap(bytes, 0, half));
                hook.partWritten(tmp, half, bytes.length);
                writeFully(ch, ByteBuffer.wrap(bytes, half, bytes.length - half));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target);
            }
            forceDirectory();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    /** Makes the directory entry durable (POSIX); file systems that cannot do this are left as they are. */
    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its rename is already durable enough.
        }
    }

    byte[] read(String id) throws IOException {
        return Files.readAllBytes(path(id));
    }

    boolean exists(String id) {
        return Files.isRegularFile(path(id));
    }

    void delete(String id) throws IOException {
        Files.deleteIfExists(path(id));
    }

    /**
     * After a crash (or at every open): removes temporary files and snapshot files no row knows
     * ({@code known}: the ids in the database); returns what was removed and which known files exist.
     */
    Recovery recover(Set<String> known) throws IOException {
        List<Path> temporary = new ArrayList<>();
        List<Path> orphans = new ArrayList<>();
        Set<String> present = new java.util.HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(TEMPORARY_SUFFIX)) {
                    Files.deleteIfExists(f);
                    temporary.add(f);
                } else if (name.endsWith(SUFFIX)) {
                    String id = name.substring(0, name.length() - SUFFIX.length());
                    if (known.contains(id)) {
                        present.add(id);
                    } else {
                        Files.deleteIfExists(f);
                        orphans.add(f);
                    }
                }
            }
        }
        if (!temporary.isEmpty() || !orphans.isEmpty()) forceDirectory();
        return new Recovery(temporary, orphans, present);
    }
}
