package org.virtlab.engine.devices.finisher;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.board.VirtMemoryMap;
import org.virtlab.engine.devices.GuestGarbage;
import org.virtlab.engine.devices.PowerControl;

class TestFinisherTest {

    private final List<String> events = new ArrayList<>();
    private final TestFinisher finisher = new TestFinisher(new PowerControl() {
        @Override public void powerOff(int exitCode) { events.add("off " + exitCode); }
        @Override public void reset() { events.add("reset"); }
    });

    @Test
    void passFailReset() {
        finisher.write(0, 4, 0x5555);
        finisher.write(0, 4, (42 << 16) | 0x3333);
        finisher.write(0, 4, 0x7777);
        assertEquals(List.of("off 0", "off 42", "reset"), events);
        assertEquals(2, finisher.metrics().powerOffs());
        assertEquals(1, finisher.metrics().resets());
    }

    @Test
    void failCodeUsesAllSixteenBits() {
        finisher.write(0, 4, 0xffff_3333L);
        assertEquals(List.of("off 65535"), events);
    }

    @Test
    void otherValuesOffsetsAndSizesDoNothing() {
        finisher.write(0, 4, 0x1234);
        finisher.write(4, 4, 0x5555);
        finisher.write(0, 1, 0x55);
        assertEquals(0, finisher.read(0, 4));
        assertTrue(events.isEmpty());
        finisher.write(0, 8, 0xdead_beef_0000_5555L);          // only the low 32 bits count
        assertEquals(List.of("off 0"), events);
    }

    @Test
    void guestGarbageNeverThrows() {
        TestFinisher quiet = new TestFinisher(new PowerControl() {
            @Override public void powerOff(int exitCode) { }
            @Override public void reset() { }
        });
        GuestGarbage.hammer(quiet, VirtMemoryMap.TEST_SIZE, 5, 100_000);
        assertEquals(new TestFinisherState(), quiet.save());
    }
}
