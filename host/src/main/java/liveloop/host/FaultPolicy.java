package liveloop.host;

/** What the host does when a behaviour throws during a tick. */
public enum FaultPolicy {
    /** Pause the machine in its state until the code changes or the user resumes it. */
    PAUSE,
    /**
     * Roll the failing behaviour back to its newest other version that completed ticks without
     * error, announce it, and run on; pause as {@link #PAUSE} does if there is none.
     */
    ROLLBACK
}
