package org.virtlab.engine.hypervisor.sbi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often a domain's guest called each SBI function, and how often it called one that does
 * not exist: the "hypercalls by number" of the lab's measurements (shared/DESIGN.md section 4).
 * Keys are "EXTENSION.function" as in the machine firmware's {@code SbiCounters} ("TIME.set_timer",
 * "LEGACY.console_putchar"), in a fixed order: extension by extension, functions by ID.
 * Single-threaded, like the domain it belongs to.
 */
public final class GuestSbiCounters {
    private final List<GuestExtension> extensions;
    private final long[][] calls;
    private long unsupported;

    GuestSbiCounters(List<GuestExtension> extensions) {
        this.extensions = extensions;
        this.calls = new long[extensions.size()][];
        for (int i = 0; i < calls.length; i++) calls[i] = new long[extensions.get(i).functionCount()];
    }

    void countCall(int extension, int function) {
        calls[extension][function]++;
    }

    void countUnsupported() {
        unsupported++;
    }

    /** Calls of one function, e.g. {@code calls("HSM", "hart_start")}; 0 for unknown names. */
    public long calls(String extension, String function) {
        for (int e = 0; e < calls.length; e++) {
            GuestExtension ext = extensions.get(e);
            if (!ext.name().equals(extension)) continue;
            for (int f = 0; f < calls[e].length; f++) if (ext.functionName(f).equals(function)) return calls[e][f];
        }
        return 0;
    }

    /** Every function's call count (zeros included), keyed "EXTENSION.function", in a fixed order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int e = 0; e < calls.length; e++) {
            GuestExtension ext = extensions.get(e);
            for (int f = 0; f < calls[e].length; f++) m.put(ext.name() + "." + ext.functionName(f), calls[e][f]);
        }
        return m;
    }

    /** All calls to existing functions (the sum of {@link #snapshot}). */
    public long totalCalls() {
        long t = 0;
        for (long[] ext : calls) for (long n : ext) t += n;
        return t;
    }

    /** Calls with an unknown EID or FID (answered SBI_ERR_NOT_SUPPORTED). */
    public long unsupportedCalls() {
        return unsupported;
    }
}
