package org.virtlab.engine.board;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The committed hv-test guests (guests/hv-tests, built into src/test/resources/hv-tests): the
 * reference programs a trap-and-emulate hypervisor is compared against on the bare board.
 * Their console is recorded with {@link BoardGuests.Console}.
 */
final class HvGuests {
    private HvGuests() { }

    static byte[] load(String name) {
        try (InputStream in = HvGuests.class.getResourceAsStream("/hv-tests/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource hv-tests/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
