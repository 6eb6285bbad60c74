package org.virtlab.server.labs;

/**
 * Where a lab continues when it is started again: its <em>resume point</em>, the state saved when
 * it was suspended or when the server shut down (docs/snapshots.md, "Server"). Implemented by the
 * snapshot service; {@link #NONE} when the server keeps no snapshots (every start boots).
 */
public interface ResumePoints {
    /** Whether the lab has a resume point (it shows as {@code suspended}). */
    boolean has(String labId);

    /**
     * The lab's resume point, removed from the store: the caller is about to continue from it.
     * Null when there is none.
     *
     * @throws org.virtlab.server.web.ApiError the saved state cannot be read (it is discarded)
     */
    LabSnapshot consume(Lab lab);

    /** The lab was deleted: forget its resume point. */
    void labDeleted(String labId);

    ResumePoints NONE = new ResumePoints() {
        @Override public boolean has(String labId) { return false; }
        @Override public LabSnapshot consume(Lab lab) { return null; }
        @Override public void labDeleted(String labId) { }
    };
}
