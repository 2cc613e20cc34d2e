package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.VersionFilter;
import io.stratadb.storage.internal.record.CorruptionException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Blob files: compaction moves the values of older versions to blob files once, later compactions copy the
 * references without rewriting the values, every version stays readable, a blob file is deleted with the last
 * table that refers to it, and a damaged blob file is reported as corruption.
 */
class BlobFilesTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);
    private final String msg = "seed=" + seed;
    private static final LevelOptions SMALL = new LevelOptions(4, 2, 8, 32 * 1024, 4, 16 * 1024);
    private final TreeMap<byte[], TableEntry> model = new TreeMap<>(Arrays::compareUnsigned);
    private long version;

    private static final VersionFilter KEEP_ALL = VersionFilter.keepEverything();
    private static final VersionFilter LATEST_ONLY = Compactions.dropping(v -> true);

    private static LsmTree tree(MemoryTableStore store, TableSet set, AtomicLong ids) {
        return new LsmTree(store, new BlockCache(1 << 20), set, new TableOptions(1024, 8, 10), SMALL, ids::incrementAndGet);
    }

    private List<TableEntry> commits(int n, int keySpace) {
        TreeMap<byte[], TableEntry> batch = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < n; i++) {
            version++;
            byte[] k = InternalKeys.of(Keys.prefix("key-" + rnd.nextInt(keySpace)), version);
            byte[] v = new byte[rnd.nextInt(10) == 0 ? rnd.nextInt(64) : 64 + rnd.nextInt(400)];
            rnd.nextBytes(v);
            TableEntry e = TableEntry.put(k, v, version * 1000);
            batch.put(k, e);
            model.put(k, e);
        }
        return new ArrayList<>(batch.values());
    }

    /** Every version of the model reads back (at its own version) with its value. */
    private void checkEveryVersion(LsmTree tree) throws Exception {
        TableSet set = tree.acquire();
        try {
            for (TableEntry want : model.values()) {
                TableEntry got = tree.get(set, InternalKeys.prefix(want.key()), want.version());
                assertNotNull(got, msg);
                assertEquals(want.version(), got.version(), msg);
                assertArrayEquals(want.value(), got.value(), "value of version " + want.version() + ", " + msg);
            }
        } finally {
            tree.release(set);
        }
    }

    /** The blob files in the store are exactly those the live set refers to. */
    private static void checkNoStrayBlobs(LsmTree tree, MemoryTableStore blobs) {
        Set<Long> referred = tree.current().referencedBlobs();
        assertEquals(referred.size(), blobs.count(), "blob files " + blobs.count() + ", referred to " + referred);
        for (long id : referred) {
            assertNotNull(blobs.bytes(id), "blob file " + id + " is referred to but missing");
        }
    }

    /** A version of every key {@code key-0 .. key-(keySpace-1)}, with values of {@code size} random bytes. */
    private List<TableEntry> everyKey(int keySpace, int size) {
        TreeMap<byte[], TableEntry> batch = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < keySpace; i++) {
            version++;
            byte[] k = InternalKeys.of(Keys.prefix("key-" + i), version);
            byte[] v = new byte[size];
            rnd.nextBytes(v);
            TableEntry e = TableEntry.put(k, v, version * 1000);
            batch.put(k, e);
            model.put(k, e);
        }
        return new ArrayList<>(batch.values());
    }

    /** {@code flushes} flushes of {@code n} commits over {@code keySpace} keys, then one full compaction. */
    private void flushThenCompactFully(LsmTree tree, int flushes, int n, int keySpace) throws Exception {
        for (int flush = 0; flush < flushes; flush++) {
            tree.apply(TableEdit.flush(tree.writeTable(commits(n, keySpace).iterator())));
        }
        Compactions.run(tree, tree.fullCompaction().orElseThrow(), KEEP_ALL);
    }

    private static boolean inRange(byte[] prefix, byte[][] range) {
        return Arrays.compareUnsigned(prefix, range[0]) >= 0 && Arrays.compareUnsigned(prefix, range[1]) <= 0;
    }

    /** Takes out of the model the older versions (a key's newest always stays) that retention dropped. */
    private void forgetOlderVersions(java.util.function.Predicate<byte[]> dropped) {
        byte[] prev = null; // versions sort newest first within a key
        for (java.util.Iterator<byte[]> it = model.keySet().iterator(); it.hasNext(); ) {
            byte[] k = it.next();
            boolean older = prev != null && InternalKeys.samePrefix(prev, k);
            prev = k;
            if (older && dropped.test(k)) {
                it.remove();
            }
        }
    }

    @Test
    void olderValuesAreWrittenOnceAndGoWithTheLastTableReferringToThem() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        MemoryTableStore blobs = (MemoryTableStore) store.blobs();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = tree(store, TableSet.empty(SMALL.levelCount()), ids)) {
            for (int flush = 0; flush < 30; flush++) {
                TableMeta t = tree.writeTable(commits(100 + rnd.nextInt(100), 150).iterator());
                tree.apply(TableEdit.flush(t));
                Compactions.untilQuiet(tree, KEEP_ALL);
                checkNoStrayBlobs(tree, blobs);
            }
            checkEveryVersion(tree);
            assertTrue(blobs.count() > 0, "older versions must reach blob files, " + msg);

            // a full compaction copies references: every blob file referred to before is referred to after, unchanged,
            // but for small ones, whose values it merges into its own file
            Map<Long, byte[]> before = new HashMap<>();
            for (long id : tree.current().referencedBlobs()) {
                before.put(id, blobs.bytes(id));
            }
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), KEEP_ALL);
            Set<Long> after = tree.current().referencedBlobs();
            int kept = 0;
            for (Map.Entry<Long, byte[]> e : before.entrySet()) {
                boolean small = e.getValue().length < tree.smallBlobBytes();
                assertEquals(!small, after.contains(e.getKey()), "blob file " + e.getKey() + " of " + e.getValue().length
                        + " bytes, " + msg);
                if (!small) {
                    assertArrayEquals(e.getValue(), blobs.bytes(e.getKey()), msg);
                    kept++;
                }
            }
            assertTrue(kept > 0, "some blob files must be large enough to keep, " + msg);
            checkEveryVersion(tree);
            checkNoStrayBlobs(tree, blobs);

            // keeping only the newest versions leaves no table referring to a blob file: all are deleted
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), LATEST_ONLY);
            assertEquals(Set.of(), tree.current().referencedBlobs(), msg);
            assertEquals(0, blobs.count(), msg);
            assertEquals(0, tree.pendingDeletions(), msg);
        }
    }

    @Test
    void mostlyGarbageBlobFilesAreRewrittenAndDeleted() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        MemoryTableStore blobs = (MemoryTableStore) store.blobs();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = tree(store, TableSet.empty(SMALL.levelCount()), ids)) {
            for (int flush = 0; flush < 12; flush++) {
                tree.apply(TableEdit.flush(tree.writeTable(commits(150, 60).iterator())));
                Compactions.untilQuiet(tree, KEEP_ALL);
            }
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), KEEP_ALL);
            Set<Long> before = tree.current().referencedBlobs();
            // retention now drops every older version below the cutoff: most blob bytes become garbage
            long cutoff = version * 4 / 5;
            VersionFilter dropOld = Compactions.dropping(v -> v < cutoff);
            long bytesBefore = before.stream().mapToLong(id -> blobs.bytes(id).length).sum();
            // the garbage a compaction makes is found by the next one
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), dropOld);
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), dropOld);
            Map<Long, Long> live = tree.current().blobBytes();
            for (Map.Entry<Long, Long> e : live.entrySet()) {
                long size = blobs.bytes(e.getKey()).length;
                assertTrue(e.getValue() * 2 >= size, "blob file " + e.getKey() + " keeps " + e.getValue() + " live of "
                        + size + " bytes, " + msg);
            }
            long bytesAfter = live.keySet().stream().mapToLong(id -> blobs.bytes(id).length).sum();
            assertTrue(bytesAfter < bytesBefore / 2, bytesBefore + " blob bytes before, " + bytesAfter + " after, " + msg);
            checkNoStrayBlobs(tree, blobs);
            // what retention kept still reads back
            forgetOlderVersions(k -> InternalKeys.version(k) < cutoff);
            checkEveryVersion(tree);
        }
    }

    @Test
    void aMostlyGarbageBlobFileNoCompactionMeetsIsFreedByRewritingTheTablesStillReferringToIt() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        MemoryTableStore blobs = (MemoryTableStore) store.blobs();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = tree(store, TableSet.empty(SMALL.levelCount()), ids)) {
            flushThenCompactFully(tree, 6, 300, 500);
            int last = SMALL.levelCount() - 1;
            List<TableMeta> tables = tree.current().level(last);
            Set<Long> files = tree.current().referencedBlobs();
            assertTrue(tables.size() >= 6 && !files.isEmpty(), tables.size() + " tables, blob files " + files + ", " + msg);
            assertTrue(tree.pickCompaction().isEmpty(), "everything is in the last level: nothing is due, " + msg);
            // retention drops the older versions of two thirds of the tables, each rewritten alone (as compactions
            // of a part of the key space do): their references go, the tables left still refer to the same files
            List<byte[][]> dropped = new ArrayList<>();
            for (TableMeta t : tables.subList(0, tables.size() * 2 / 3)) {
                dropped.add(new byte[][] {InternalKeys.prefix(t.smallestKey()), InternalKeys.prefix(t.largestKey())});
                Compactions.rewriteAlone(tree, last, t, LATEST_ONLY);
            }
            Map<Long, Long> live = tree.current().blobBytes();
            Set<Long> garbage = new java.util.HashSet<>();
            for (long id : files) {
                if (live.getOrDefault(id, 0L) * 2 < blobs.bytes(id).length) {
                    garbage.add(id);
                }
            }
            assertTrue(!garbage.isEmpty(), "a blob file is mostly garbage: " + live + ", " + msg);
            var plan = tree.pickCompaction().orElseThrow(() -> new AssertionError("no rewrite picked, " + msg));
            assertEquals(last, plan.inputLevel(), plan.toString());
            assertEquals(last, plan.outputLevel(), plan.toString());
            assertTrue(plan.reason().contains("mostly-garbage blob file"), plan.reason());
            Compactions.untilQuiet(tree, KEEP_ALL);
            Map<Long, Long> after = tree.current().blobBytes();
            for (Map.Entry<Long, Long> e : after.entrySet()) {
                long size = blobs.bytes(e.getKey()).length;
                assertTrue(e.getValue() * 2 >= size || size - e.getValue() < SMALL.targetTableBytes(),
                        "blob file " + e.getKey() + " keeps " + e.getValue() + " live of " + size + " bytes, " + msg);
            }
            for (long id : garbage) {
                assertTrue(!blobs.exists(id), "mostly-garbage blob file " + id + " is deleted, " + msg);
            }
            checkNoStrayBlobs(tree, blobs);
            // what retention kept still reads back, from the rewritten tables and their new blob file
            forgetOlderVersions(k -> dropped.stream().anyMatch(r -> inRange(InternalKeys.prefix(k), r)));
            checkEveryVersion(tree);
        }
    }

    @Test
    void garbageSpreadUnderLargeTablesIsLeftForTheCompactionsThatMeetThem() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        MemoryTableStore blobs = (MemoryTableStore) store.blobs();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = tree(store, TableSet.empty(SMALL.levelCount()), ids)) {
            // small older values, 2000-byte newest ones: the tables referring to the blob file dwarf its garbage
            for (int round = 0; round < 4; round++) {
                tree.apply(TableEdit.flush(tree.writeTable(everyKey(500, round < 3 ? 80 : 2000).iterator())));
            }
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), KEEP_ALL);
            int last = SMALL.levelCount() - 1;
            long file = tree.current().referencedBlobs().iterator().next();
            long size = blobs.bytes(file).length;
            for (TableMeta t : tree.current().level(last)) { // retention, one table at a time, until most is garbage
                if (tree.current().blobBytes().getOrDefault(file, 0L) * 2 < size) {
                    break;
                }
                Compactions.rewriteAlone(tree, last, t, LATEST_ONLY);
            }
            long live = tree.current().blobBytes().getOrDefault(file, 0L);
            assertTrue(live > 0 && live * 2 < size && size - live >= SMALL.targetTableBytes(),
                    "mostly garbage, and enough of it: " + live + " live of " + size + ", " + msg);
            long referring = tree.current().level(last).stream()
                    .filter(t -> Arrays.stream(t.props().blobIds()).anyMatch(b -> b == file))
                    .mapToLong(TableMeta::fileSize).sum();
            assertTrue(referring + live > 2 * (size - live), "the rewrite would write " + (referring + live)
                    + " bytes to free " + (size - live) + ", " + msg);
            assertTrue(tree.pickCompaction().isEmpty(), "not worth a rewrite: nothing is picked, " + msg);
        }
    }

    @Test
    void aBlobFileStaysWhileAPinnedSetRefersToIt() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        MemoryTableStore blobs = (MemoryTableStore) store.blobs();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = tree(store, TableSet.empty(SMALL.levelCount()), ids)) {
            flushThenCompactFully(tree, 6, 200, 50);
            int files = blobs.count();
            assertTrue(files > 0, msg);
            TableSet pinned = tree.acquire();
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), LATEST_ONLY);
            assertEquals(files, blobs.count(), "a pinned set still refers to them, " + msg);
            TableEntry oldest = model.firstEntry().getValue();
            TableEntry got = tree.get(pinned, InternalKeys.prefix(oldest.key()), oldest.version());
            assertArrayEquals(oldest.value(), got.value(), msg);
            tree.release(pinned);
            tree.collectObsolete();
            assertEquals(0, blobs.count(), msg);
        }
    }

    @Test
    void aDamagedBlobFileIsReportedAsCorruption() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        MemoryTableStore blobs = (MemoryTableStore) store.blobs();
        AtomicLong ids = new AtomicLong();
        TableSet live;
        long id;
        byte[] whole;
        try (LsmTree tree = tree(store, TableSet.empty(SMALL.levelCount()), ids)) {
            for (int flush = 0; flush < 4; flush++) {
                tree.apply(TableEdit.flush(tree.writeTable(commits(100, 20).iterator())));
            }
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), KEEP_ALL);
            id = tree.current().referencedBlobs().iterator().next();
            whole = blobs.bytes(id);
            byte[] b = whole.clone();
            for (int i = 12; i < b.length; i += 7) {
                b[i] ^= 0x5a; // every record's checksum now fails
            }
            blobs.replace(id, b);
            TableSet set = tree.acquire();
            try {
                int corrupt = 0;
                for (TableEntry want : model.values()) {
                    try {
                        TableEntry got = tree.get(set, InternalKeys.prefix(want.key()), want.version());
                        assertArrayEquals(want.value(), got.value(), msg);
                    } catch (IOException | RuntimeException e) {
                        Throwable cause = e instanceof java.io.UncheckedIOException u ? u.getCause() : e;
                        assertInstanceOf(CorruptionException.class, cause, msg);
                        corrupt++;
                    }
                }
                assertTrue(corrupt > 0, "reads from the damaged file must fail, " + msg);
            } finally {
                tree.release(set);
            }
            live = tree.current();
        }
        // a new tree opens the file again: a truncated blob file is corrupt, not an end of file
        assertTruncationIsCorruption(store, live, ids, Arrays.copyOf(whole, whole.length / 2), id, "runs past");
        assertTruncationIsCorruption(store, live, ids, Arrays.copyOf(whole, 8), id, "shorter than its header");
    }

    private void assertTruncationIsCorruption(MemoryTableStore store, TableSet live, AtomicLong ids, byte[] truncated,
                                              long id, String says) throws Exception {
        ((MemoryTableStore) store.blobs()).replace(id, truncated);
        try (LsmTree reopened = tree(store, live, ids)) {
            TableSet set = reopened.acquire();
            int corrupt = 0;
            for (TableEntry want : model.values()) {
                try {
                    reopened.get(set, InternalKeys.prefix(want.key()), want.version());
                } catch (CorruptionException e) {
                    assertTrue(e.getMessage().contains(says), e.getMessage());
                    corrupt++;
                }
            }
            reopened.release(set);
            assertTrue(corrupt > 0, says + ", " + msg);
        }
    }
}
