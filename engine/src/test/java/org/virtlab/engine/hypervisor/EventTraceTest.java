package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTraceTest {
    @Test
    void keepsTheLastEventsInOrderAndFiltersByKind() {
        EventTrace t = new EventTrace(3);
        for (int i = 0; i < 5; i++) t.record(i, 0, 0, 0x1000 + 4 * i, "csrw sstatus, a0", i % 2 == 0 ? "emulate" : "mmio", "e" + i);
        List<TraceEvent> all = t.events(null);
        assertEquals(List.of("e2", "e3", "e4"), all.stream().map(TraceEvent::action).toList());
        assertEquals(List.of(2L, 3L, 4L), all.stream().map(TraceEvent::seq).toList());
        assertEquals(List.of("e2", "e4"), t.events("emulate").stream().map(TraceEvent::action).toList());
        assertEquals(5, t.recorded());
    }

    @Test
    void recordsNothingWhilePaused() {
        EventTrace t = new EventTrace(4);
        t.setPaused(true);
        t.record(1, 0, 0, 0, "", "emulate", "dropped");
        t.setPaused(false);
        t.record(2, 0, 0, 0, "", "emulate", "kept");
        assertEquals(List.of("kept"), t.events(null).stream().map(TraceEvent::action).toList());
    }
}
