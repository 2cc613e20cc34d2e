package io.stratadb.storage.internal.lifecycle;

/** L8 states of a storage instance. */
public enum LifecycleState {
    /** Recovery is running; nothing is served yet. */
    OPENING,
    /** Reads and writes are served. */
    OPEN,
    /** A background failure happened: reads are served, writes fail with the cause. */
    DEGRADED,
    /** {@code close()} is flushing and releasing; new calls fail. */
    CLOSING,
    /** Everything released; every call fails. */
    CLOSED
}
