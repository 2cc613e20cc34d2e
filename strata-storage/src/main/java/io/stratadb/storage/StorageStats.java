package io.stratadb.storage;

import java.util.List;

/**
 * Figures for {@code info()}: counts are over the live key space of all branches.
 *
 * @param keys            distinct live keys over all branches (own writes only; inherited keys not recounted)
 * @param versions        stored versions, tombstones included
 * @param branches        live branches
 * @param latestVersion   newest commit version
 * @param memtableBytes   bytes held by memtables
 * @param bytesPerLevel   bytes on disk per LSM level (empty in memory)
 * @param blobBytes       bytes of the blob files the tables refer to (older versions' values compaction moved; 0 in memory)
 * @param walBytes        bytes of WAL not yet covered by a flush
 * @param walSyncs        WAL fsyncs since this open (0 in memory); commits / walSyncs is the group-commit factor
 * @param cacheHitRate    block cache hit rate in [0,1] (0 when unused)
 * @param health          recovery health of this open
 * @param state           lifecycle state name
 */
public record StorageStats(long keys, long versions, int branches, long latestVersion, long memtableBytes,
                           List<Long> bytesPerLevel, long blobBytes, long walBytes, long walSyncs, double cacheHitRate, RecoveryHealth health,
                           String state) {
    public StorageStats {
        bytesPerLevel = List.copyOf(bytesPerLevel);
    }
}
