/**
 * Strata's storage substrate: a branch-aware, MVCC, log-structured key space.
 * Only the L9 API package is exported; every layer below it is internal.
 * No third-party runtime dependencies.
 */
module io.stratadb.storage {
    exports io.stratadb.storage;
}
