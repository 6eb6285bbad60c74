package org.virtlab.engine.firmware;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often the supervisor called each SBI function, and what else reached the firmware: calls
 * to functions that do not exist, traps redirected to the supervisor, fatal traps. For the lab's
 * measurements (shared/DESIGN.md section 4, "hypercalls by number"). Single-threaded, like the
 * machine it belongs to.
 */
public final class SbiCounters {
    private final List<SbiExtension> extensions;
    private final long[][] calls;
    private long unsupported;
    private long redirected;
    private long fatal;

    SbiCounters(List<SbiExtension> extensions) {
        this.extensions = extensions;
        this.calls = new long[extensions.size()][];
        for (int i = 0; i < calls.length; i++) calls[i] = new long[extensions.get(i).functionNames().length];
    }

    void countCall(int extension, int function) {
        calls[extension][function]++;
    }

    void countUnsupported() {
        unsupported++;
    }

    void countRedirected() {
        redirected++;
    }

    void countFatal() {
        fatal++;
    }

    /** Calls of one function, e.g. {@code calls("HSM", "hart_start")}; 0 for unknown names. */
    public long calls(String extension, String function) {
        Long n = snapshot().get(extension + "." + function);
        return n == null ? 0 : n;
    }

    /** Every function's call count, keyed "EXTENSION.function" (legacy calls as "LEGACY.name"). */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int e = 0; e < calls.length; e++) {
            String[] names = extensions.get(e).functionNames();
            for (int f = 0; f < names.length; f++) m.put(extensions.get(e).name() + "." + names[f], calls[e][f]);
        }
        return m;
    }

    /** All calls to existing functions. */
    public long totalCalls() {
        long t = 0;
        for (long[] ext : calls) for (long n : ext) t += n;
        return t;
    }

    /** Ecalls with an unknown EID or FID (answered SBI_ERR_NOT_SUPPORTED). */
    public long unsupportedCalls() {
        return unsupported;
    }

    /** Traps other than SBI calls that the firmware handed to the supervisor. */
    public long redirectedTraps() {
        return redirected;
    }

    /** Traps the firmware could not handle (each one powered the machine off). */
    public long fatalTraps() {
        return fatal;
    }
}
