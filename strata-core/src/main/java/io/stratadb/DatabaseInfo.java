package io.stratadb;

/**
 * What {@code Strata.info()} reports. Immutable.
 *
 * @param version        the Strata library version
 * @param path           the database directory, or null for an in-memory database
 * @param durability     the durability mode in force: {@code in_memory}, {@code buffered} or {@code strict}
 * @param persistent     whether data survives close: false for in-memory databases, including a
 *                       directory database that fell back to memory (see {@code notice})
 * @param readOnly       whether the database was opened read-only
 * @param latestVersion  the newest commit version
 * @param branches       number of live branches
 * @param keys           live storage keys over all branches (all primitives)
 * @param currentBranch  the session's current branch
 * @param currentSpace   the session's current space
 * @param health         recovery health ({@code healthy} or {@code degraded: ...})
 * @param notice         a warning the user must see (e.g. "NOT PERSISTENT: ..."), or null
 */
public record DatabaseInfo(String version, String path, String durability, boolean persistent, boolean readOnly,
                           long latestVersion, int branches, long keys, String currentBranch, String currentSpace,
                           String health, String notice) {
}
