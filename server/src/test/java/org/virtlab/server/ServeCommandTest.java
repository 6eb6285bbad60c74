package org.virtlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServeCommandTest {
    @Test
    void flagsOverrideTheEnvironment() {
        Config c = ServeCommand.parse(new String[] {"--port", "8080", "--data", "/tmp/d", "--no-signup", "--runners", "3"},
                Map.of("VIRTLAB_PORT", "9000", "VIRTLAB_DB", "jdbc:h2:mem:x"));
        assertEquals(8080, c.port());
        assertEquals(Path.of("/tmp/d"), c.dataDir());
        assertEquals("jdbc:h2:mem:x", c.jdbcUrl());
        assertFalse(c.signUp());
        assertEquals(3, c.runnerThreads());
        assertEquals(9000, ServeCommand.parse(new String[0], Map.of("VIRTLAB_PORT", "9000")).port());
        assertEquals(Config.DEFAULT_PORT, ServeCommand.parse(new String[0], Map.of()).port());
    }

    @Test
    void badFlagsAndHelp() {
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--port", "x"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--port"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--port", "70000"}, Map.of()));
        assertNull(ServeCommand.parse(new String[] {"--help"}, Map.of()));
    }

    @Test
    void snapshotQuotasCacheAndUploadLimit() {
        Config c = ServeCommand.parse(new String[] {"--snapshots-per-user", "4", "--snapshot-cache", "1g", "--snapshot-upload-max", "8m"},
                Map.of("VIRTLAB_SNAPSHOT_BYTES_PER_USER", "512MiB", "VIRTLAB_SNAPSHOT_CACHE", "64m"));
        assertEquals(new org.virtlab.server.snapshots.SnapshotSettings(4, 512L << 20, 1L << 30, 8L << 20), c.snapshots());
        assertEquals(org.virtlab.server.snapshots.SnapshotSettings.defaults(), ServeCommand.parse(new String[0], Map.of()).snapshots());
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--snapshot-cache", "lots"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--snapshots-per-user", "-1"}, Map.of()));
    }
}
