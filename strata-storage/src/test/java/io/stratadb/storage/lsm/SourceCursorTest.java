package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.LevelOptions;
import io.stratadb.storage.internal.lsm.LsmTree;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.VersionFilter;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceCursor;
import io.stratadb.storage.internal.memtable.SourceEntry;
import io.stratadb.storage.internal.memtable.VersionedSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The scan path's in-place cursors ({@link VersionedSource#cursor}) of the memtable, of L0 tables
 * and compacted levels, and the SPI's iterator-backed default, walk and re-seek (forward and back)
 * exactly like the sources' materializing iterators.
 */
class SourceCursorTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);
    private final String msg = "seed=" + seed;

    private byte[] randomKey(long version) {
        long branch = 1 + rnd.nextInt(3);
        byte[] user = ("u" + rnd.nextInt(300)).getBytes();
        if (rnd.nextInt(10) == 0) {
            user[0] = 0;
        }
        return InternalKeyCodec.encode(branch, Key.of(rnd.nextBoolean() ? "default" : "s1", 1 + rnd.nextInt(2), user),
                version);
    }

    @Test
    void cursorsMatchIterators() throws Exception {
        Memtable reference = new Memtable();
        LevelOptions levels = new LevelOptions(4, 2, 8, 16 * 1024, 4, 8 * 1024);
        AtomicLong ids = new AtomicLong();
        try (LsmTree tree = new LsmTree(new MemoryTableStore(), new BlockCache(64 * 1024), TableSet.empty(4),
                new TableOptions(512, 4, 10), levels, ids::incrementAndGet)) {
            long version = 0;
            for (int flush = 0; flush < 9; flush++) {
                Memtable m = new Memtable();
                for (int i = 0; i < 250; i++) {
                    version++;
                    byte[] k = randomKey(version);
                    byte[] v = rnd.nextInt(6) == 0 ? null : ("value-" + version).repeat(rnd.nextInt(4) + 1).getBytes();
                    m.put(k, v, 1_000L * version);
                    reference.put(k, v, 1_000L * version);
                }
                tree.apply(TableEdit.flush(tree.flush(m)));
                if (flush % 3 == 2) {
                    var p = tree.pickCompaction();
                    if (p.isPresent()) {
                        var r = tree.compact(p.get(), VersionFilter.keepEverything());
                        tree.apply(r.edit());
                        tree.retire(r.obsolete());
                    }
                }
            }
            TableSet set = tree.acquire();
            try {
                List<VersionedSource> sources = new ArrayList<>(Arrays.asList(tree.sources(set)));
                assertTrue(sources.size() >= 2, msg);
                sources.add(reference);
                for (VersionedSource s : sources) {
                    check(s, s::cursor);
                    check(s, from -> SourceCursor.overIterator(s, from));
                }
            } finally {
                tree.release(set);
            }
        }
    }

    private void check(VersionedSource s, java.util.function.Function<byte[], SourceCursor> open) {
        List<SourceEntry> all = new ArrayList<>();
        s.iterator(new byte[0]).forEachRemaining(all::add);
        for (int walk = 0; walk < 40; walk++) {
            byte[] from = rnd.nextInt(8) == 0 ? new byte[0] : randomKey(rnd.nextInt(3000));
            SourceCursor c = open.apply(from);
            int at = ceilingIndex(all, from);
            for (int step = 0; step < 60; step++) {
                same(all, at, c);
                if (at >= all.size()) {
                    break;
                }
                if (rnd.nextInt(10) == 0) {
                    byte[] target = rnd.nextBoolean() ? randomKey(rnd.nextInt(3000))
                            : all.get(Math.max(0, at - rnd.nextInt(5))).internalKey();
                    c.seek(target);
                    at = ceilingIndex(all, target);
                } else {
                    c.next();
                    at++;
                }
            }
            c.close();
            c.close();
        }
    }

    private static int ceilingIndex(List<SourceEntry> all, byte[] key) {
        int i = 0;
        while (i < all.size() && InternalKeyCodec.compare(all.get(i).internalKey(), key) < 0) {
            i++;
        }
        return i;
    }

    private void same(List<SourceEntry> all, int at, SourceCursor c) {
        if (at >= all.size()) {
            assertEquals(false, c.valid(), msg);
            return;
        }
        assertTrue(c.valid(), msg);
        SourceEntry want = all.get(at);
        byte[] key = Arrays.copyOfRange(c.keyArray(), c.keyOffset(), c.keyOffset() + c.keyLength());
        assertArrayEquals(want.internalKey(), key, msg);
        assertEquals(want.isTombstone(), c.tombstone(), msg);
        assertArrayEquals(want.value(), c.value(), msg);
        assertEquals(want.timestampMicros(), c.timestampMicros(), msg);
    }
}
