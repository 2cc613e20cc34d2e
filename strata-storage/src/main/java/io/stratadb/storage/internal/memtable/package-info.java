/**
 * Read sources: the {@link io.stratadb.storage.internal.memtable.VersionedSource} SPI that the memtable
 * and the LSM tables implement, the {@link io.stratadb.storage.internal.memtable.SourceSet} the read
 * path merges, and the lock-free {@link io.stratadb.storage.internal.memtable.Memtable}.
 */
package io.stratadb.storage.internal.memtable;
