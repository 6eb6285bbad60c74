package org.virtlab.engine.hypervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

class DomainConsolesTest {
    private static void write(IntConsumer c, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) c.accept(b & 0xFF);
    }

    @Test
    void prefixesEveryLineAndEndsALineAnotherDomainInterrupts() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DomainConsoles consoles = new DomainConsoles(out::write, true);
        IntConsumer a = consoles.forDomain(0, "dom0"), b = consoles.forDomain(1, "dom1");
        write(a, "hello\n$ ");
        write(b, "booting\n");
        write(a, "ls\n");
        assertEquals("[dom0] hello\n[dom0] $ \n[dom1] booting\n[dom0] ls\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void passesBytesThroughWithOneDomain() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(new DomainConsoles(out::write, false).forDomain(0, "dom0"), "$ ls\n");
        assertEquals("$ ls\n", out.toString(StandardCharsets.UTF_8));
    }
}
