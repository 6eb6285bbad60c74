package org.virtlab.server.labs;

import java.util.Locale;
import org.virtlab.engine.hypervisor.Domain;
import org.virtlab.engine.hypervisor.Hypervisor;

/**
 * What a hypervisor lab's owner can do to one domain (docs/hypervisor.md section 2): pause it
 * (its vCPUs stop where they are and keep their state), resume it, or destroy it (its vCPUs stop
 * for good and its memory is freed; destroying the last live domain powers the machine off).
 *
 * <p>The engine's {@code Hypervisor.pause/resume/destroy} may only run on the machine thread, so
 * the server hands them over with {@code Hypervisor.submit} ({@link LabDomains#submit}) and they
 * take effect at the next slice boundary (STYLE.md rule 8). Pausing a paused domain, resuming a
 * running one and destroying a destroyed one change nothing and succeed; pausing or resuming a
 * domain that is off or destroyed is refused.
 */
public enum DomainCommand {
    PAUSE, RESUME, DESTROY;

    /** What became of a command: the domain's counters after it, or why it was refused. */
    public record Result(DomainReport report, String code, String message) {
        static Result done(DomainReport r) {
            return new Result(r, null, null);
        }

        static Result refused(String code, String message) {
            return new Result(null, code, message);
        }

        public boolean refused() {
            return code != null;
        }
    }

    /** The path segment that names the command ("pause"), or null for an unknown one. */
    public static DomainCommand of(String name) {
        for (DomainCommand c : values()) if (c.id().equals(name)) return c;
        return null;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Applies the command to domain {@code id}. Machine thread only. */
    Result apply(Hypervisor hv, int id) {
        Domain d;
        try {
            d = hv.domain(id);
        } catch (IllegalArgumentException e) {
            return Result.refused("no_domain", "the machine has no domain " + id);
        }
        Domain.State s = d.state();
        switch (this) {
            case PAUSE -> {
                if (s == Domain.State.RUNNING) hv.pause(id);
                else if (s != Domain.State.PAUSED) return notLive(d);
            }
            case RESUME -> {
                if (s == Domain.State.PAUSED) hv.resume(id);
                else if (s != Domain.State.RUNNING) return notLive(d);
            }
            case DESTROY -> hv.destroy(id);
        }
        hv.sync();
        return Result.done(DomainReport.of(hv.domain(id), hv.costModel()));
    }

    private Result notLive(Domain d) {
        String state = d.state().name().toLowerCase(Locale.ROOT);
        return Result.refused("domain_" + state, d.name() + " is " + state + ": only a running or paused domain can be "
                + (this == PAUSE ? "paused" : "resumed") + "; reset the lab to boot it again");
    }
}
