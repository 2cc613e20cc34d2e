package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.CompactionPlan;
import io.stratadb.storage.internal.lsm.CompactionResult;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.VersionFilter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Compaction against a model: every version ever written is in {@code model}; the filter keeps
 * exactly the versions some retained read point needs; after any number of flushes and
 * compactions, reads at every retained point equal the model, and nothing was dropped that the
 * filter did not approve.
 */
class CompactionTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);
    private final String msg = "seed=" + seed;

    private final TreeMap<byte[], TableEntry> model = new TreeMap<>(Arrays::compareUnsigned);
    private final Set<String> approved = new HashSet<>();
    private long version;

    /** Small tree so a few hundred KB of data spread over 4 levels. */
    private static final LevelOptions SMALL = new LevelOptions(4, 2, 8, 16 * 1024, 4, 8 * 1024);

    private static String id(byte[] prefix, long v) {
        return HexFormat.of().formatHex(prefix) + "@" + v;
    }

    /** Drop anything no retained read point needs; record every approval. */
    private VersionFilter recording(long[] readPoints, boolean dropBottomTombstones) {
        VersionFilter dropAll = new VersionFilter() {
            @Override
            public boolean mayDrop(byte[] p, long v, long next, int newer, long ts, boolean tomb) {
                approved.add(id(p, v));
                return true;
            }

            @Override
            public boolean mayDropBottomTombstone(byte[] p, long v) {
                if (dropBottomTombstones) {
                    approved.add(id(p, v));
                }
                return dropBottomTombstones;
            }
        };
        return dropAll.withPins(p -> readPoints);
    }

    /** One flush worth of commits: sorted entries with fresh versions. */
    private List<TableEntry> commits(int n, int keySpace) {
        TreeMap<byte[], TableEntry> batch = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < n; i++) {
            version++;
            byte[] p = Keys.prefix("key-" + rnd.nextInt(keySpace));
            byte[] k = InternalKeys.of(p, version);
            long ts = 1_000_000L * version;
            TableEntry e = rnd.nextInt(5) == 0 ? TableEntry.delete(k, ts)
                    : TableEntry.put(k, ("v" + version + "-" + "x".repeat(rnd.nextInt(60))).getBytes(), ts);
            batch.put(k, e);
            model.put(k, e);
        }
        return new ArrayList<>(batch.values());
    }

    private static byte[] modelRead(TreeMap<byte[], TableEntry> m, byte[] prefix, long cap) {
        Map.Entry<byte[], TableEntry> e = m.ceilingEntry(InternalKeys.of(prefix, cap));
        if (e == null || !InternalKeys.hasPrefix(e.getKey(), prefix) || e.getValue().tombstone()) {
            return null;
        }
        return e.getValue().value();
    }

    private Set<String> prefixes() {
        Set<String> s = new HashSet<>();
        for (byte[] k : model.keySet()) {
            s.add(HexFormat.of().formatHex(InternalKeys.prefix(k)));
        }
        return s;
    }

    private void checkVisibleState(LsmTree tree, long[] readPoints) throws Exception {
        TableSet set = tree.acquire();
        try {
            for (String hp : prefixes()) {
                byte[] p = HexFormat.of().parseHex(hp);
                for (long r : readPoints) {
                    TableEntry got = tree.get(set, p, r);
                    byte[] gotValue = got == null || got.tombstone() ? null : got.value();
                    byte[] want = modelRead(model, p, r);
                    assertTrue(Arrays.equals(want, gotValue), "read of " + hp + " at " + r + " differs, " + msg);
                }
            }
        } finally {
            tree.release(set);
        }
    }

    /** Everything the tree holds is in the model; everything missing was approved. */
    private List<TableEntry> checkOnlyApprovedDrops(LsmTree tree) throws Exception {
        TableSet set = tree.acquire();
        List<TableEntry> all = new ArrayList<>();
        try (EntryCursor c = tree.cursor(set)) {
            byte[] prev = null;
            for (c.seekToFirst(); c.valid(); c.next()) {
                if (prev != null) {
                    assertTrue(InternalKeys.compare(prev, c.key()) < 0, "tree order, " + msg);
                }
                prev = c.key();
                TableEntry e = c.entry();
                assertEquals(model.get(e.key()), e, "tree holds an entry the model does not, " + msg);
                all.add(e);
            }
        } finally {
            tree.release(set);
        }
        Set<byte[]> present = new java.util.TreeSet<>(Arrays::compareUnsigned);
        all.forEach(e -> present.add(e.key()));
        for (byte[] k : model.keySet()) {
            if (!present.contains(k)) {
                assertTrue(approved.contains(id(InternalKeys.prefix(k), InternalKeys.version(k))),
                        "version " + id(InternalKeys.prefix(k), InternalKeys.version(k)) + " dropped without approval, "
                                + msg);
            }
        }
        return all;
    }

    private long[] randomReadPoints(int n) {
        long[] r = new long[n + 1];
        for (int i = 0; i < n; i++) {
            r[i] = 1 + (long) (rnd.nextDouble() * version);
        }
        r[n] = Long.MAX_VALUE;
        return r;
    }

    @Test
    void leveledCompactionKeepsVisibleStateAtRetainedVersions() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = new LsmTree(store, new BlockCache(1 << 20), TableSet.empty(SMALL.levelCount()),
                new TableOptions(512, 8, 10), SMALL, ids::incrementAndGet)) {
            long[] readPoints = new long[] {Long.MAX_VALUE};
            int compactions = 0;
            for (int flush = 0; flush < 40; flush++) {
                List<TableEntry> batch = commits(100 + rnd.nextInt(200), 300);
                TableMeta t = tree.writeTable(batch.iterator());
                tree.apply(TableEdit.flush(t));
                if (flush % 4 == 0) {
                    // a new snapshot at the current version (retained read points only ever grow here:
                    // a version dropped for lack of readers can never be needed again)
                    readPoints = Arrays.copyOf(readPoints, readPoints.length + 1);
                    readPoints[readPoints.length - 1] = version - rnd.nextInt(50);
                }
                VersionFilter filter = recording(readPoints, true);
                long before = tree.current().generation();
                Compactions.untilQuiet(tree, filter);
                compactions += (int) (tree.current().generation() - before);
                checkVisibleState(tree, readPoints);
            }
            checkOnlyApprovedDrops(tree);
            TableSet set = tree.current();
            System.out.println("after 40 flushes, " + compactions + " compactions: " + set + ", model versions "
                    + model.size());
            assertTrue(compactions > 5, "the small tree must compact, " + msg);
            int deepLevels = 0;
            for (int i = 1; i < set.levelCount(); i++) {
                if (!set.level(i).isEmpty()) {
                    deepLevels++;
                }
            }
            assertTrue(deepLevels >= 2, "data should reach several levels: " + set + ", " + msg);
            // obsolete tables are gone from the store, live ones are present
            assertEquals(set.tableCount(), store.count(), msg);
            assertEquals(0, tree.pendingDeletions());
        }
    }

    @Test
    void keepAllPreservesEveryVersion() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = new LsmTree(store, new BlockCache(1 << 20), TableSet.empty(SMALL.levelCount()),
                new TableOptions(512, 8, 10), SMALL, ids::incrementAndGet)) {
            for (int flush = 0; flush < 20; flush++) {
                tree.apply(TableEdit.flush(tree.writeTable(commits(150, 200).iterator())));
                Compactions.untilQuiet(tree, VersionFilter.keepEverything());
            }
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), VersionFilter.keepEverything());
            List<TableEntry> all = checkOnlyApprovedDrops(tree);
            assertEquals(new ArrayList<>(model.values()), all, msg);
            for (int lvl = 0; lvl < tree.current().levelCount() - 1; lvl++) {
                assertTrue(tree.current().level(lvl).isEmpty(), "full compaction leaves one sorted run, " + msg);
            }
        }
    }

    @Test
    void fullCompactionRemovesTombstonesAndDroppableVersions() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = new LsmTree(store, new BlockCache(1 << 20), TableSet.empty(SMALL.levelCount()),
                new TableOptions(512, 8, 10), SMALL, ids::incrementAndGet)) {
            for (int flush = 0; flush < 15; flush++) {
                tree.apply(TableEdit.flush(tree.writeTable(commits(150, 100).iterator())));
                Compactions.untilQuiet(tree, VersionFilter.keepEverything());
            }
            long[] readPoints = randomReadPoints(3);
            CompactionResult r = Compactions.run(tree, tree.fullCompaction().orElseThrow(), recording(readPoints, true));
            System.out.println("full compaction: " + r.entriesIn() + " -> " + r.entriesOut() + " entries, "
                    + r.versionsDropped() + " versions and " + r.tombstonesDropped() + " tombstones dropped");
            assertTrue(r.versionsDropped() > 0, msg);
            checkVisibleState(tree, readPoints);
            List<TableEntry> all = checkOnlyApprovedDrops(tree);
            // per key, the oldest remaining version is never a tombstone at the bottom
            for (int i = 0; i < all.size(); i++) {
                boolean last = i + 1 == all.size() || !InternalKeys.samePrefix(all.get(i).key(), all.get(i + 1).key());
                if (last) {
                    assertFalse(all.get(i).tombstone(), "tombstone left at the bottom: " + all.get(i) + ", " + msg);
                }
            }
            for (int lvl = 0; lvl < tree.current().levelCount() - 1; lvl++) {
                assertTrue(tree.current().level(lvl).isEmpty(), msg);
            }
            // nothing needed at all beyond the latest state: only newest live versions survive
            long[] latestOnly = {Long.MAX_VALUE};
            Compactions.run(tree, tree.fullCompaction().orElseThrow(), recording(latestOnly, true));
            checkVisibleState(tree, latestOnly);
            List<TableEntry> after = checkOnlyApprovedDrops(tree);
            for (int i = 1; i < after.size(); i++) {
                assertFalse(InternalKeys.samePrefix(after.get(i - 1).key(), after.get(i).key()),
                        "a shadowed version survived although nobody reads it, " + msg);
            }
            assertTrue(after.stream().noneMatch(TableEntry::tombstone), msg);
        }
    }

    @Test
    void tombstonesStayWhenNotBottommostOrNotAllowed() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = new LsmTree(store, new BlockCache(1 << 20), TableSet.empty(SMALL.levelCount()),
                new TableOptions(512, 8, 10), SMALL, ids::incrementAndGet)) {
            byte[] p = Keys.prefix("gone");
            byte[] k1 = InternalKeys.of(p, 1);
            byte[] k2 = InternalKeys.of(p, 2);
            // old value deep down, tombstone on top
            TableMeta bottom = tree.writeTable(List.of(TableEntry.put(k1, new byte[] {1}, 10)).iterator());
            tree.apply(new TableEdit(List.of(new TableEdit.Added(3, bottom)), List.of()));
            TableMeta top = tree.writeTable(List.of(TableEntry.delete(k2, 20)).iterator());
            tree.apply(TableEdit.flush(top));
            CompactionPlan toL1 = new CompactionPlan(0, List.of(top), 1, List.of(), false, "test");
            CompactionResult r = Compactions.run(tree, toL1, VersionFilter.keepAll());
            assertEquals(0, r.tombstonesDropped(), "not bottommost: the tombstone hides k1, " + msg);
            assertEquals(null, valueAt(tree, p, 5));
            // the full compaction may drop k1 (approved) and then the tombstone
            CompactionResult full = Compactions.run(tree, tree.fullCompaction().orElseThrow(), VersionFilter.keepAll());
            assertEquals(0, full.versionsDropped());
            assertEquals(0, full.tombstonesDropped(), "tombstone still hides k1");
            CompactionResult gc = Compactions.run(tree, tree.fullCompaction().orElseThrow(), recording(new long[0], true));
            assertEquals(1, gc.versionsDropped());
            assertEquals(1, gc.tombstonesDropped());
            assertEquals(0, tree.current().tableCount(), "everything gone");
        }
    }

    @Test
    void unreachableKeysLoseEveryVersion() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = new LsmTree(store, new BlockCache(1 << 20), TableSet.empty(SMALL.levelCount()),
                new TableOptions(512, 8, 10), SMALL, ids::incrementAndGet)) {
            for (int flush = 0; flush < 5; flush++) {
                tree.apply(TableEdit.flush(tree.writeTable(commits(100, 50).iterator())));
            }
            byte[] dead = Keys.prefix("key-7");
            VersionFilter filter = new VersionFilter() {
                @Override
                public boolean mayDrop(byte[] p, long v, long n, int c, long ts, boolean t) {
                    return false;
                }

                @Override
                public boolean mayDropBottomTombstone(byte[] p, long v) {
                    return false;
                }

                @Override
                public boolean mayDropKey(byte[] p) {
                    return Arrays.equals(p, dead);
                }
            };
            long deadVersions = model.keySet().stream().filter(k -> InternalKeys.hasPrefix(k, dead)).count();
            CompactionResult r = Compactions.run(tree, tree.fullCompaction().orElseThrow(), filter);
            assertEquals(deadVersions, r.versionsDropped(), msg);
            assertEquals(model.size() - deadVersions, r.entriesOut(), msg);
            assertEquals(null, valueAt(tree, dead, Long.MAX_VALUE), msg);
            model.keySet().removeIf(k -> InternalKeys.hasPrefix(k, dead));
            assertEquals(new ArrayList<>(model.values()), checkOnlyApprovedDrops(tree), msg);
        }
    }

    private static byte[] valueAt(LsmTree tree, byte[] p, long cap) throws Exception {
        TableSet s = tree.acquire();
        try {
            TableEntry e = tree.get(s, p, cap);
            return e == null || e.tombstone() ? null : e.value();
        } finally {
            tree.release(s);
        }
    }
}
