package org.virtlab.engine.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MachineConfig.Builder#build} refuses impossible machines with a message that says why. */
class MachineConfigTest {

    static String refusal(MachineConfig.Builder b) {
        return assertThrows(IllegalArgumentException.class, b::build).getMessage();
    }

    @Test
    void defaultsDescribeAWorkingMachine() {
        MachineConfig c = MachineConfig.builder().build();
        assertEquals(1, c.harts());
        assertEquals(128L << 20, c.memoryBytes());
        assertTrue(c.hExtension());
        assertTrue(c.sliceInstructions() >= 1);
        assertTrue(c.instructionsPerTick() >= 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 17, -1})
    void hartCountOutOfRange(int harts) {
        String m = refusal(MachineConfig.builder().harts(harts));
        assertEquals("harts must be between 1 and 16, not " + harts, m);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16})
    void hartCountLimitsAreAllowed(int harts) {
        assertEquals(harts, MachineConfig.builder().harts(harts).build().harts());
    }

    @Test
    void memoryTooSmall() {
        String m = refusal(MachineConfig.builder().memoryBytes(4096));
        assertTrue(m.contains("between 1 MiB and 16 GiB") && m.contains("not 4096 bytes"), m);
    }

    @Test
    void memoryTooLarge() {
        String m = refusal(MachineConfig.builder().memoryMiB(17L << 10));
        assertTrue(m.contains("between 1 MiB and 16 GiB"), m);
    }

    @Test
    void memoryNotAMultipleOfFourKilobytes() {
        long bytes = (1L << 20) + 100;
        String m = refusal(MachineConfig.builder().memoryBytes(bytes));
        assertEquals("memory must be a multiple of 4 KiB, not " + bytes + " bytes", m);
    }

    @Test
    void sliceOfZeroInstructions() {
        String m = refusal(MachineConfig.builder().sliceInstructions(0));
        assertEquals("slice must be at least one instruction, not 0", m);
    }

    @Test
    void zeroInstructionsPerTick() {
        String m = refusal(MachineConfig.builder().instructionsPerTick(0));
        assertTrue(m.contains("instructions per tick"), m);
    }

    @Test
    void toBuilderCopiesEveryField() {
        MachineConfig c = MachineConfig.builder().harts(3).memoryMiB(64).hExtension(false)
                .sliceInstructions(77).instructionsPerTick(5).build();
        MachineConfig d = c.toBuilder().build();
        assertEquals(3, d.harts());
        assertEquals(64L << 20, d.memoryBytes());
        assertFalse(d.hExtension());
        assertEquals(77, d.sliceInstructions());
        assertEquals(5, d.instructionsPerTick());
        assertEquals("3 hart(s), 64 MiB, no H extension", d.toString());
    }
}
