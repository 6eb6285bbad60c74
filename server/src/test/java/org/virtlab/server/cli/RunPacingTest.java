package org.virtlab.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Guest time is paced at a terminal unless asked otherwise, and deterministic everywhere else. */
class RunPacingTest {

    private static RunOptions parse(String... args) throws UsageException {
        return RunOptions.parse(args);
    }

    @Test
    void aTerminalGetsWallClockTimeByDefault() throws UsageException {
        assertTrue(RunCommand.pacing(parse("--kernel", "k.elf"), true));
    }

    @Test
    void pipesAndScriptsGetDeterministicTimeByDefault() throws UsageException {
        assertFalse(RunCommand.pacing(parse("--kernel", "k.elf"), false));
    }

    @Test
    void eachDefaultCanBeOverridden() throws UsageException {
        assertFalse(RunCommand.pacing(parse("--kernel", "k.elf", "--no-pacing"), true));
        assertTrue(RunCommand.pacing(parse("--kernel", "k.elf", "--pacing"), false));
    }

    @Test
    void contradictoryFlagsAreRefused() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--kernel", "k.elf", "--pacing", "--no-pacing"));
        assertEquals("run: --pacing and --no-pacing contradict each other; give one", e.getMessage());
    }
}
