package org.virtlab.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code virtlab serve}'s account flags: the named admin and the default quotas. */
class ServeAccountFlagsTest {
    @Test
    void adminAndQuotasFromFlagsAndEnvironment() {
        Config c = ServeCommand.parse(new String[] {"--memory-per-lab", "256", "--cpu-share", "3"},
                Map.of("VIRTLAB_ADMIN", "carol", "VIRTLAB_MEMORY_PER_LAB", "64"));
        assertEquals("carol", c.accounts().adminName());
        assertEquals(256, c.accounts().memoryPerLabMiB(), "a flag beats the environment");
        assertEquals(3, c.accounts().cpuShare());
        assertEquals("dave", ServeCommand.parse(new String[] {"--admin", "dave"}, Map.of("VIRTLAB_ADMIN", "carol")).accounts().adminName());
        Config d = ServeCommand.parse(new String[0], Map.of());
        assertNull(d.accounts().adminName());
        assertEquals(512, d.accounts().memoryPerLabMiB());
        assertEquals(1, d.accounts().cpuShare());
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--cpu-share", "0"}, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.parse(new String[] {"--memory-per-lab", "x"}, Map.of()));
    }
}
