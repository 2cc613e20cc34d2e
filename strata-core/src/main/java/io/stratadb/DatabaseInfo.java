package io.stratadb;

import java.util.List;

/**
 * What {@code Strata.info()} reports: real figures from the storage at the time of the call. Immutable.
 *
 * @param version        the Strata library version
 * @param path           the database directory, or null for {@code Strata.cache()}
 * @param durability     the durability mode in force: {@code in_memory}, {@code buffered} or {@code strict}
 * @param persistent     whether data survives close (false for {@code in_memory})
 * @param readOnly       whether the database was opened read-only
 * @param latestVersion  the newest commit version
 * @param branches       live branches
 * @param spaces         spaces of the session's current branch
 * @param keys           distinct live storage keys over all branches and primitives (a branch's own writes;
 *                       keys a fork inherits are not counted again)
 * @param versions       stored versions, tombstones included (what retention and compaction shrink)
 * @param memtableBytes  bytes held in memtables (not yet in tables)
 * @param bytesPerLevel  bytes of sorted tables on disk per LSM level, level 0 first (empty in memory)
 * @param blobBytes      bytes of blob files on disk: older versions' values that compaction moved out of the
 *                       tables, which refer to them (0 in memory)
 * @param walBytes       bytes of write-ahead log segments recovery may still read (from the segment that was
 *                       current at the last flush on; a segment is deleted once a later flush no longer needs it)
 * @param cacheHitRate   block cache hit rate in [0, 1] since open (0 when unused)
 * @param state          storage lifecycle state: {@code OPEN}, or {@code DEGRADED} after a background failure
 *                       (writes then fail with the cause, reads keep working; reopen to recover)
 * @param recovery       what the last open recovered
 * @param currentBranch  the session's current branch
 * @param currentSpace   the session's current space
 */
public record DatabaseInfo(String version, String path, String durability, boolean persistent, boolean readOnly,
                           long latestVersion, int branches, int spaces, long keys, long versions,
                           long memtableBytes, List<Long> bytesPerLevel, long blobBytes, long walBytes, double cacheHitRate,
                           String state, RecoveryHealth recovery, String currentBranch, String currentSpace) {
    public DatabaseInfo {
        bytesPerLevel = List.copyOf(bytesPerLevel == null ? List.of() : bytesPerLevel);
    }

    /** Bytes of sorted tables on disk over all levels. */
    public long tableBytes() {
        return bytesPerLevel.stream().mapToLong(Long::longValue).sum();
    }

    /** {@code healthy} or {@code degraded: ...} (see {@link #recovery()}). */
    public String health() {
        return recovery == null ? "unknown" : recovery.describe();
    }
}
