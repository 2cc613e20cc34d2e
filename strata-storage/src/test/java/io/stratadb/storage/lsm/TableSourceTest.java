package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.VersionFilter;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceCursor;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The tables behind the runtime's read-source SPI answer exactly like the memtable they were
 * flushed from: ceiling, newest-at-or-below and iteration, for L0 tables and compacted levels.
 */
class TableSourceTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);
    private final String msg = "seed=" + seed;

    private byte[] randomKey(long version) {
        long branch = 1 + rnd.nextInt(3);
        String space = rnd.nextBoolean() ? "default" : "s" + rnd.nextInt(3);
        byte[] user = ("u" + rnd.nextInt(400)).getBytes();
        if (rnd.nextInt(10) == 0) {
            user[0] = 0;
        }
        return InternalKeyCodec.encode(branch, Key.of(space, 1 + rnd.nextInt(3), user), version);
    }

    @Test
    void tablesAnswerLikeTheMemtable() throws Exception {
        Memtable reference = new Memtable();
        LevelOptions levels = new LevelOptions(4, 2, 8, 16 * 1024, 4, 8 * 1024);
        AtomicLong ids = new AtomicLong();
        long dropped = 0;
        try (LsmTree tree = new LsmTree(new MemoryTableStore(), new BlockCache(1 << 20), TableSet.empty(4),
                new TableOptions(1024, 16, 10), levels, ids::incrementAndGet)) {
            long version = 0;
            List<byte[]> written = new ArrayList<>();
            for (int flush = 0; flush < 12; flush++) {
                Memtable m = new Memtable();
                for (int i = 0; i < 300; i++) {
                    version++;
                    byte[] k = randomKey(version);
                    byte[] v = rnd.nextInt(6) == 0 ? null : ("value-" + version).getBytes();
                    m.put(k, v, 1_000L * version);
                    reference.put(k, v, 1_000L * version);
                    written.add(k);
                }
                TableMeta t = tree.flush(m);
                tree.apply(TableEdit.flush(t));
                if (flush % 3 == 2) {
                    tree.pickCompaction().ifPresent(p -> {
                        try {
                            var r = tree.compact(p, VersionFilter.keepEverything());
                            tree.apply(r.edit());
                            tree.retire(r.obsolete());
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
            }
            TableSet set = tree.acquire();
            try {
                VersionedSource[] sources = tree.sources(set);
                // the union of sources equals the reference
                List<SourceEntry> all = new ArrayList<>();
                for (VersionedSource s : sources) {
                    s.iterator(new byte[0]).forEachRemaining(all::add);
                }
                assertEquals(reference.entryCount(), all.size(), msg);
                for (int i = 0; i < 2000; i++) {
                    byte[] probe = i % 2 == 0 ? written.get(rnd.nextInt(written.size())).clone() : randomKey(0);
                    InternalKeyCodec.setVersion(probe, (long) (rnd.nextDouble() * (version + 2)));
                    SourceEntry want = reference.newestAtOrBelow(probe);
                    SourceEntry got = newest(sources, probe);
                    same(want, got);
                    same(reference.ceiling(probe), ceiling(sources, probe));
                }
                // ordered iteration from a seek key, merged over sources, equals the memtable's
                byte[] from = randomKey(rnd.nextInt((int) version));
                Iterator<SourceEntry> want = reference.iterator(from);
                List<SourceEntry> got = new ArrayList<>();
                for (VersionedSource s : sources) {
                    s.iterator(from).forEachRemaining(got::add);
                }
                got.sort((a, b) -> InternalKeyCodec.compare(a.internalKey(), b.internalKey()));
                for (SourceEntry g : got) {
                    same(want.next(), g);
                }
                assertEquals(false, want.hasNext(), msg);
                dropped += capCursorsShowTheNewestAtOrBelowTheCap(sources, version);
            } finally {
                tree.release(set);
            }
        }
        assertTrue(dropped > 0, "some cap cursor showed a table's newest entries only, " + msg);
    }

    /**
     * A cursor for reads at or below a cap ({@link VersionedSource#cursor(byte[], long)}), started where its
     * contract allows, shows entries of the full iteration, in order, and never leaves out a key's newest version
     * at or below the cap. Returns how many
     * entries the cursors left out (tables at or below the cap show only each key's newest entry).
     */
    private long capCursorsShowTheNewestAtOrBelowTheCap(VersionedSource[] sources, long maxVersion) {
        long dropped = 0;
        for (int i = 0; i < 40; i++) {
            long cap = i % 4 == 0 ? Long.MAX_VALUE : (long) (rnd.nextDouble() * (maxVersion + 2));
            // the contract's seek targets: no version (empty), or a key at or above the cap
            byte[] from = i % 8 == 1 ? new byte[0] : randomKey(cap == Long.MAX_VALUE ? cap : cap + rnd.nextInt(3));
            for (VersionedSource s : sources) {
                List<SourceEntry> full = new ArrayList<>();
                s.iterator(from).forEachRemaining(full::add);
                List<byte[]> shown = new ArrayList<>();
                SourceCursor c = s.cursor(from, cap);
                try {
                    for (; c.valid(); c.next()) {
                        shown.add(Arrays.copyOfRange(c.keyArray(), c.keyOffset(), c.keyOffset() + c.keyLength()));
                    }
                } finally {
                    c.close();
                }
                int j = 0;
                java.util.Set<String> shownKeys = new java.util.HashSet<>();
                for (byte[] k : shown) {
                    while (j < full.size() && !Arrays.equals(full.get(j).internalKey(), k)) {
                        j++;
                    }
                    assertTrue(j < full.size(), "a cap cursor showed a key out of order or not held, cap " + cap
                            + ", " + msg);
                    j++;
                    shownKeys.add(HexFormat.of().formatHex(k));
                }
                byte[] found = null;
                for (SourceEntry e : full) {
                    byte[] k = e.internalKey();
                    if (found != null && InternalKeys.samePrefix(found, k)) {
                        continue;
                    }
                    if (InternalKeyCodec.versionOf(k) <= cap) {
                        assertTrue(shownKeys.contains(HexFormat.of().formatHex(k)), "cap " + cap
                                + ": the newest version at or below it was left out, " + msg);
                        found = k;
                    }
                }
                dropped += full.size() - shown.size();
            }
        }
        return dropped;
    }

    private static SourceEntry newest(VersionedSource[] sources, byte[] seek) {
        SourceEntry best = null;
        for (VersionedSource s : sources) {
            SourceEntry e = s.newestAtOrBelow(seek);
            if (e != null && (best == null || InternalKeyCodec.compare(e.internalKey(), best.internalKey()) < 0)) {
                best = e;
            }
        }
        return best;
    }

    private static SourceEntry ceiling(VersionedSource[] sources, byte[] seek) {
        SourceEntry best = null;
        for (VersionedSource s : sources) {
            SourceEntry e = s.ceiling(seek);
            if (e != null && (best == null || InternalKeyCodec.compare(e.internalKey(), best.internalKey()) < 0)) {
                best = e;
            }
        }
        return best;
    }

    private void same(SourceEntry want, SourceEntry got) {
        if (want == null) {
            assertNull(got, msg);
            return;
        }
        assertArrayEquals(want.internalKey(), got.internalKey(), msg);
        assertArrayEquals(want.value(), got.value(), msg);
        assertEquals(want.timestampMicros(), got.timestampMicros(), msg);
    }
}
