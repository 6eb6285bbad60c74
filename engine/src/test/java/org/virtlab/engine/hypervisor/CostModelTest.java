package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CostModelTest {
    @Test
    void pricesEventsByTheirKindAndAddsThemToTheInstructions() {
        CostModel m = CostModel.defaults().with("trap", 1000, "test").with("emulate", 10, "test");
        long cycles = m.modeledCycles(500, Map.of("trap.illegal_instruction", 3L, "emulate.csr.sstatus", 3L, "unknown", 9L));
        assertEquals(500 + 3 * 1000 + 3 * 10, cycles);
    }

    @Test
    void everyDefaultPriceNamesItsSource() {
        for (Map.Entry<String, CostModel.Price> e : CostModel.defaults().prices().entrySet())
            assertFalse(e.getValue().source().isBlank(), e.getKey() + " has no source");
    }
}
