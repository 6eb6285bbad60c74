package org.virtlab.engine.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.virtlab.engine.image.ElfImage;
import org.virtlab.engine.machine.Machine;
import org.virtlab.engine.machine.MachineConfig;

/** The committed test guests used by the snapshot tests. */
final class Guests {
    private Guests() { }

    static byte[] load(String resource) {
        try (InputStream in = Guests.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing test resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A one-hart machine of {@code mib} MiB running the quick S-mode CPU workload (HTIF exit, about 2e7 instructions). */
    static Machine cpuWorkload(long mib) {
        Machine m = new Machine(MachineConfig.builder().memoryMiB(mib).build());
        m.setHtifConsole(c -> { });
        m.loadElf(ElfImage.parse(load("/bench/cpu-s-quick.elf"), "cpu-s-quick.elf"));
        return m;
    }
}
