package org.virtlab.engine.hypervisor.para;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One ABI: every constant of {@link ParaAbi} has the value guests/os/kernel/arch-pv/pv.h gives it. */
class ParaAbiTest {
    private static final Path PV_H = Path.of("..", "guests", "os", "kernel", "arch-pv", "pv.h");

    @Test
    void theHypervisorAndTheGuestHeaderAgree() throws Exception {
        Map<String, Long> h = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^#define\\s+(\\w+)\\s+(0x[0-9A-Fa-f]+|\\d+)\\b").matcher(Files.readString(PV_H));
        while (m.find()) h.put(m.group(1), Long.parseUnsignedLong(m.group(2).replace("0x", ""), m.group(2).startsWith("0x") ? 16 : 10));
        int compared = 0;
        for (Field f : ParaAbi.class.getFields()) {
            if (!Modifier.isStatic(f.getModifiers())) continue;
            String name = f.getName();
            String guest = name.startsWith("HC_") ? name : name.equals("VERSION") ? "PV_ABI_VERSION" : "PV_" + name;
            assertTrue(h.containsKey(guest), "pv.h lacks " + guest + " (ParaAbi." + name + ")");
            assertEquals(h.get(guest).longValue(), ((Number) f.get(null)).longValue(), "ParaAbi." + name + " vs pv.h " + guest);
            compared++;
        }
        assertTrue(compared > 40, "compared " + compared);
        for (int nr = 0; nr < ParaAbi.HC_COUNT; nr++) assertTrue(ParaAbi.hypercallName(nr) != null, "no name for hypercall " + nr);
    }
}
