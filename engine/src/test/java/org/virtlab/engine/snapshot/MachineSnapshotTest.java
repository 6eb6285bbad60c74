package org.virtlab.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineSnapshot;
import org.virtlab.engine.machine.RunResult;
import org.virtlab.engine.machine.StopReason;

/**
 * A bare machine (the quick S-mode CPU workload: Sv39, traps, HTIF) restored from a snapshot
 * goes on exactly as the original; forks share RAM until they write.
 */
class MachineSnapshotTest {
    private static final long BEFORE = 3_000_000, AFTER = 2_000_000;

    @Test
    void aRestoredMachineEndsInTheSameStateAsTheOriginalAfterNInstructions() throws Exception {
        Machine original = Guests.cpuWorkload(32);
        original.run(BEFORE);
        MachineSnapshot saved = original.save();
        String atSave = StateHash.of(saved);

        Machine inMemory = new Machine(saved.config(), saved);
        Machine fromFile = new Machine(saved.config(),
                SnapshotFormat.decode(SnapshotFormat.encode(saved), "test").machine());
        assertEquals(atSave, StateHash.of(inMemory));
        assertEquals(atSave, StateHash.of(fromFile));

        original.run(AFTER);
        inMemory.run(AFTER);
        fromFile.run(AFTER);
        String expected = StateHash.of(original);
        assertNotEquals(atSave, expected, "the workload moved on");
        assertEquals(expected, StateHash.of(inMemory));
        assertEquals(expected, StateHash.of(fromFile));
        assertEquals(original.hart(0).pc(), fromFile.hart(0).pc());
        assertEquals(original.time(), fromFile.time());

        RunResult a = original.runToCompletion(100_000_000);
        RunResult b = fromFile.runToCompletion(100_000_000);
        assertEquals(StopReason.POWER_OFF, b.reason());
        assertEquals(0, b.exitCode(), "the workload's own checks pass after a restore");
        assertEquals(a.instructions(), b.instructions());
        assertEquals(StateHash.of(original), StateHash.of(fromFile));
    }

    @Test
    void forksShareRamUntilTheyWriteAndDoNotSeeEachOthersWrites() {
        Machine booted = Guests.cpuWorkload(128);
        booted.run(BEFORE);
        MachineSnapshot saved = booted.save();
        String atSave = StateHash.of(saved);

        Machine first = new Machine(saved.config(), saved);
        Machine second = new Machine(saved.config(), saved);
        int pages = saved.ram().pageCount();
        assertEquals(pages, first.ram().sharedPages());
        assertEquals(0, first.ram().copiedPages());

        RunResult done = first.runToCompletion(100_000_000);
        assertEquals(0, done.exitCode());
        assertTrue(first.ram().copiedPages() > 0, "the workload writes");
        assertTrue(first.ram().copiedPages() <= pages, "only written pages are copied");
        assertEquals(atSave, StateHash.of(second), "one fork's writes are invisible to the other");
        assertEquals(0, second.ram().copiedPages());
        assertEquals(atSave, StateHash.of(saved), "and to the snapshot");
        assertEquals(0, second.runToCompletion(100_000_000).exitCode());
    }

    @Test
    void aForkOfABooted128MiBMachineCostsWellUnderOneMiBOfHeap() {
        Machine booted = Guests.cpuWorkload(128);
        booted.run(BEFORE);
        MachineSnapshot saved = booted.save();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        int forks = 30;
        List<Machine> all = new ArrayList<>();
        long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < forks; i++) all.add(new Machine(saved.config(), saved));
        long perFork = (threads.getThreadAllocatedBytes(tid) - before) / forks;
        assertTrue(perFork < 512 * 1024, "a fork allocated " + perFork + " bytes");
        for (Machine m : all) {
            assertEquals(0, m.ram().copiedPages());
            assertSame(saved.ram().page(0), m.ram().page(saved.ram().base() + ((long) saved.ram().index(0) << 12)).data);
        }
    }
}
