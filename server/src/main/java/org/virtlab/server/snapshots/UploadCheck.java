package org.virtlab.server.snapshots;

import java.util.List;
import org.virtlab.engine.board.BoardConfig;
import org.virtlab.engine.board.BoardSnapshot;
import org.virtlab.engine.board.VirtBoard;
import org.virtlab.engine.hypervisor.DomainSnapshot;
import org.virtlab.engine.hypervisor.DomainSpec;
import org.virtlab.engine.hypervisor.Technique;
import org.virtlab.engine.snapshot.Snapshot;
import org.virtlab.engine.snapshot.SnapshotException;
import org.virtlab.engine.snapshot.SnapshotFormat;
import org.virtlab.server.labs.Preset;
import org.virtlab.server.web.ApiError;

/**
 * An uploaded snapshot file is bad input until proven otherwise (docs/snapshots.md, "Ownership,
 * quotas and uploads"): the format's own checks, then a board that a lab can run, then a trial
 * restore. A snapshot is restored into labs of one preset, so an upload is given the preset its
 * <em>shape</em> matches: a bare board is a {@code virtlab-os-bare} lab's; a hypervisor board is
 * the lab of the preset whose domains run the same techniques in the same order (domains
 * {@code full, full} is {@code hypervisor-full-2}). Anything else is refused, saying why.
 */
final class UploadCheck {
    /** The most an uploaded snapshot's board may have: more than any preset, less than a server. */
    static final int MAX_HARTS = 4;
    static final long MAX_MEMORY = 256L << 20;

    /** A snapshot that passed, and the preset of the labs it restores into. */
    record Accepted(BoardSnapshot board, Preset preset) { }

    private UploadCheck() { }

    /** Checks {@code bytes}; a refusal is a 400 {@code bad_snapshot} that says what is wrong. */
    static Accepted check(byte[] bytes) {
        BoardSnapshot board;
        try {
            Snapshot s = SnapshotFormat.decode(bytes, "the uploaded file");
            board = s.requireBoard("the uploaded file");
        } catch (SnapshotException e) {
            throw refused(e.getMessage());
        }
        BoardConfig c = board.config();
        if (board.disk() != null)
            throw refused("the uploaded snapshot has a disk (" + board.disk().name() + "); labs have none: take the snapshot without --disk");
        if (c.harts() > MAX_HARTS || c.memoryBytes() > MAX_MEMORY)
            throw refused("the uploaded snapshot's machine is too large for a lab (" + c.harts() + " harts, "
                    + SnapshotSettings.human(c.memoryBytes()) + "); labs have at most " + MAX_HARTS + " harts and "
                    + SnapshotSettings.human(MAX_MEMORY));
        Preset preset = c.hypervisor() == null ? Preset.VIRTLAB_OS_BARE : hypervisorPreset(board);
        try {
            VirtBoard.restore(board, b -> { });       // builds it (copy-on-write, cheap) to refuse what cannot run now, not later
        } catch (RuntimeException e) {
            throw refused("the uploaded snapshot cannot be restored: " + e.getMessage());
        }
        return new Accepted(board, preset);
    }

    /** The hypervisor preset whose domains' techniques are the snapshot's booted domains' techniques. */
    private static Preset hypervisorPreset(BoardSnapshot board) {
        for (DomainSnapshot d : board.hypervisor().domains()) {
            if (d.disk() != null)
                throw refused("the uploaded snapshot's domain " + d.spec().name() + " has a disk (" + d.disk().name()
                        + "); labs have none: take the snapshot without --disk");
            if (d.spec().guest().harts() > MAX_HARTS)
                throw refused("the uploaded snapshot's domain " + d.spec().name() + " has " + d.spec().guest().harts()
                        + " vCPUs; lab domains have at most " + MAX_HARTS);
        }
        List<Technique> techniques = board.config().hypervisor().domains().stream().map(DomainSpec::technique).toList();
        for (Preset p : Preset.all()) {
            if (p.isHypervisor() && p.techniques().equals(techniques)) return p;
        }
        throw refused("the uploaded snapshot runs the hypervisor stack with " + describe(techniques)
                + ", and no lab here has those domains; labs on the hypervisor stack run "
                + String.join("; ", Preset.all().stream().filter(Preset::isHypervisor)
                        .map(p -> describe(p.techniques()) + " (" + p.id() + ")").toList())
                + ". Take the snapshot with the same techniques, e.g. virtlab run --stack hypervisor --domains 2 --technique full");
    }

    /** "domains full, hw" or "one domain, para". */
    private static String describe(List<Technique> techniques) {
        String list = String.join(", ", techniques.stream().map(Technique::cliName).toList());
        return techniques.size() == 1 ? "one domain, " + list : "domains " + list;
    }

    private static ApiError refused(String why) {
        return new ApiError(400, "bad_snapshot", why);
    }
}
