package io.stratadb.storage;

/** What an acknowledged commit survives. */
public enum Durability {
    /** No WAL: nothing survives close or a crash. */
    IN_MEMORY,
    /** WAL with group commit, fsync at least every 100 ms: a crash loses at most the last ~100 ms. */
    BUFFERED,
    /** A commit returns only after its WAL record is fsynced; concurrent committers share one fsync. */
    STRICT
}
