package org.virtlab.engine.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.BootLayout;
import org.virtlab.engine.board.VirtMemoryMap;

/**
 * One memory map (STYLE.md, "What that means here" 3): the guest kernel's
 * guests/os/include/memlayout.h and the engine's {@link VirtMemoryMap} agree.
 */
class MemoryMapTest {
    private static final Path MEMLAYOUT = Path.of("..", "guests", "os", "include", "memlayout.h");

    private static Map<String, Long> defines() throws Exception {
        Map<String, Long> values = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(0x[0-9A-Fa-f]+|\\d+)\\s*(?:/\\*.*)?$")
                .matcher(Files.readString(MEMLAYOUT));
        while (m.find()) values.put(m.group(1), Long.decode(m.group(2)));
        return values;
    }

    @Test
    void theGuestKernelsMemoryMapIsTheBoards() throws Exception {
        Map<String, Long> h = defines();
        Map<String, Long> board = Map.ofEntries(
                Map.entry("TEST_FINISHER_BASE", VirtMemoryMap.TEST_BASE),
                Map.entry("CLINT_BASE", VirtMemoryMap.CLINT_BASE),
                Map.entry("PLIC_BASE", VirtMemoryMap.PLIC_BASE),
                Map.entry("PLIC_SIZE", VirtMemoryMap.PLIC_SIZE),
                Map.entry("UART0_BASE", VirtMemoryMap.UART0_BASE),
                Map.entry("UART0_IRQ", (long) VirtMemoryMap.UART0_IRQ),
                Map.entry("VIRTIO_BASE", VirtMemoryMap.VIRTIO_BASE),
                Map.entry("VIRTIO_STRIDE", VirtMemoryMap.VIRTIO_STRIDE),
                Map.entry("VIRTIO_SLOTS", (long) VirtMemoryMap.VIRTIO_SLOTS),
                Map.entry("VIRTIO_FIRST_IRQ", (long) VirtMemoryMap.VIRTIO_FIRST_IRQ),
                Map.entry("DRAM_BASE", VirtMemoryMap.DRAM_BASE),
                Map.entry("KERNEL_BASE", VirtMemoryMap.DRAM_BASE + BootLayout.KERNEL_ALIGN),
                Map.entry("TIMEBASE_HZ", VirtMemoryMap.TIMEBASE_HZ));
        for (Map.Entry<String, Long> e : board.entrySet()) {
            assertTrue(h.containsKey(e.getKey()), "memlayout.h lacks " + e.getKey());
            assertEquals(e.getValue(), h.get(e.getKey()), () -> String.format("%s: memlayout.h 0x%x, board 0x%x",
                    e.getKey(), h.get(e.getKey()), e.getValue()));
        }
    }
}
