/**
 * L5, the table half of the LSM: immutable sorted tables, the block cache, the level structure
 * and leveled compaction. The memtable and the read path live in {@code internal.memtable} and
 * {@code internal.mvcc}; backend I/O, the manifest and lifecycle wiring live in the durable layer.
 *
 * <h2>Table format</h2>
 * See {@link io.stratadb.storage.internal.lsm.TableFormat}: common {@code FormatHeader}, ~4 KiB
 * data blocks (prefix-compressed keys, restart points, tombstone flag, commit timestamp, CRC32C
 * per block, a compression byte: none or LZ4 block format via {@link io.stratadb.storage.internal.lsm.Lz4Block},
 * no third-party code), value blocks holding older versions' values (entries refer to them), a prefix bloom filter
 * (internal key minus version, so any-version point lookups use it), properties (key and version
 * range, counts), block index and a checksummed footer. Readers verify every byte they use and
 * raise {@code CorruptionException} naming the object and offset;
 * {@code UnsupportedFormatException} for an unknown format version.
 *
 * <h2>Entry points for the runtime</h2>
 * One {@link io.stratadb.storage.internal.lsm.LsmTree} per database (all branches share it):
 * <pre>{@code
 * TableStore store = new BackendTableStore(backend);                  // names: Layout.table(id)
 * TableSet set = manifestSnapshot == null ? TableSet.empty(levels.levelCount())
 *                                         : TableSet.decode(bytes, name);  // or replay TableEdits
 * LsmTree tree = new LsmTree(store, new BlockCache(options.blockCacheBytes()), set,
 *                            TableOptions.defaults(), LevelOptions.defaults(), manifest::nextTableId);
 *
 * // flush (scheduler.submitFlush): frozen memtable -> L0
 * TableMeta t = tree.flush(frozenMemtable);           // durable, not yet visible; null if empty
 * TableEdit edit = TableEdit.flush(t);
 * manifest.log(edit.encode(), flushedUpToVersion);    // then WAL before that point may go
 * tree.apply(edit);                                   // atomic swap of the TableSet
 * // ... and then drop the frozen memtable from the SourceSet
 *
 * // compaction (scheduler.submitCompaction): one at a time
 * tree.pickCompaction().ifPresent(plan -> {
 *     CompactionResult r = tree.compact(plan, filter); // outputs durable, not visible
 *     manifest.log(r.edit().encode());
 *     tree.apply(r.edit());
 *     tree.retire(r.obsolete());                      // deleted now, or once no pinned set uses them
 * });
 *
 * // reads: SourceSet.acquire() = memtables + tree.sources(tree.acquire()); release() -> tree.release(set)
 * // (release never deletes; call tree.collectObsolete() after background jobs to delete unpinned ones)
 * }</pre>
 * The {@link io.stratadb.storage.internal.lsm.VersionFilter} is built per compaction by
 * {@link io.stratadb.storage.internal.lsm.RetentionFilter} from the {@code RetentionPolicy}
 * (timestamps come with each entry), the branch catalog's fork pins, whether a key's branch
 * inherits from a parent (then its bottom-level tombstones must stay) and which branches are
 * unreachable (all their versions go); open snapshots can add pins with
 * {@link io.stratadb.storage.internal.lsm.VersionFilter#withPins}. {@code VersionFilter.keepEverything()}
 * makes compaction a pure merge.
 * {@link io.stratadb.storage.internal.lsm.LsmTree#shouldStallWrites()} tells the commit path to
 * slow writers while L0 is too deep; {@link io.stratadb.storage.internal.lsm.TableSet#bytesPerLevel()}
 * and {@link io.stratadb.storage.internal.lsm.BlockCache#hitRate()} feed {@code StorageStats}.
 *
 * <h2>Invariants</h2>
 * For one key, versions in L0 (newest table first) are newer than in L1, L1 newer than L2, and
 * so on; deeper levels never split one key's versions across two tables. Compaction keeps the
 * newest version of every key among its inputs and drops other versions only with the filter's
 * consent. Table ids are never reused.
 */
package io.stratadb.storage.internal.lsm;
