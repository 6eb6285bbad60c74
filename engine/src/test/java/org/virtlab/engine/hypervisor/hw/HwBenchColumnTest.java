package org.virtlab.engine.hypervisor.hw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.virtlab.engine.bench.BenchReport;
import org.virtlab.engine.bench.BenchRow;
import org.virtlab.engine.bench.VirtualizationBench;

/** {@code virtlab bench --techniques ...,hw}: the hw column runs, and its events are exits, not traps. */
class HwBenchColumnTest {

    @Test
    void theHwColumnCountsExitsAndPricesThem() throws Exception {
        BenchReport report = VirtualizationBench.run(List.of("hw"), List.of("syscallbench"), null);
        BenchRow row = report.row("syscallbench", "hw");
        assertTrue(row.output().startsWith("syscallbench: "), row.output());
        assertEquals(0, row.events("trap"), row.events().toString());
        assertEquals(0, row.events("emulate"), "system calls go to the guest kernel in hardware: " + row.events());
        assertTrue(row.events("exit") > 0, row.events().toString());
        long priced = report.costs().price("exit") * row.events("exit");
        assertTrue(row.modeledCycles() >= row.guestInstructions() + priced, row.toString());
        assertTrue(report.table().contains("exits"), report.table());
    }
}
