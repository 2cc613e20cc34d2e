package io.stratadb.storage.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratadb.storage.Key;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Point lookups at any cap agree with a model through puts of new and repeated versions, tombstones,
 * removals (also of a key's newest version) and index growth, across branches; and readers capped at
 * the published version always see the newest published write while a writer keeps inserting.
 */
class MemtablePointLookupTest {
    private static Key key(int k) {
        return Key.of("s", 1, ("k" + k).getBytes());
    }

    @Test
    void lookupsMatchAModel() {
        long seed = TestSeeds.seed();
        Random rnd = new Random(seed);
        Memtable m = new Memtable();
        // model: (branch, key) -> version -> value (null = tombstone)
        Map<String, NavigableMap<Long, byte[]>> model = new java.util.HashMap<>();
        long version = 0;
        for (int step = 0; step < 20_000; step++) {
            long branch = 1 + rnd.nextInt(3);
            int k = rnd.nextInt(step < 10_000 ? 50 : 3000); // later: many keys, so the index grows
            NavigableMap<Long, byte[]> versions = model.computeIfAbsent(branch + "/" + k, x -> new TreeMap<>());
            int op = rnd.nextInt(10);
            if (op < 6 || versions.isEmpty()) {
                long v = op == 0 && !versions.isEmpty() ? versions.lastKey() : ++version; // 0: same version again
                byte[] value = rnd.nextInt(8) == 0 ? null : new byte[] {(byte) rnd.nextInt(), (byte) step};
                m.put(InternalKeyCodec.encode(branch, key(k), v), value, step);
                versions.put(v, value);
            } else if (op < 8) {
                long v = rnd.nextBoolean() ? versions.lastKey() : versions.firstKey(); // newest or oldest
                m.remove(InternalKeyCodec.encode(branch, key(k), v));
                versions.remove(v);
            }
            long probeBranch = 1 + rnd.nextInt(3);
            int probeKey = rnd.nextInt(3000);
            long cap = rnd.nextInt(4) == 0 ? 1 + (long) rnd.nextInt((int) Math.max(1, version)) : version;
            check(m, model, probeBranch, probeKey, cap, seed, step);
            check(m, model, branch, k, cap, seed, step);
        }
    }

    private static void check(Memtable m, Map<String, NavigableMap<Long, byte[]>> model, long branch, int k, long cap,
                              long seed, int step) {
        NavigableMap<Long, byte[]> versions = model.getOrDefault(branch + "/" + k, new TreeMap<>());
        Map.Entry<Long, byte[]> want = versions.floorEntry(cap);
        SourceEntry got = m.newestAtOrBelow(InternalKeyCodec.encode(branch, key(k), cap));
        String where = "seed=" + seed + " step=" + step + " branch=" + branch + " key=" + k + " cap=" + cap;
        if (want == null) {
            assertNull(got, where);
            return;
        }
        assertEquals(want.getKey(), got == null ? null : InternalKeyCodec.versionOf(got.internalKey()), where);
        assertEquals(want.getValue() == null ? null : List.of(want.getValue()[0], want.getValue()[1]),
                got.value() == null ? null : List.of(got.value()[0], got.value()[1]), where);
    }

    @Test
    void readersAtThePublishedVersionSeeTheNewestWrite() throws Exception {
        Memtable m = new Memtable();
        AtomicLong published = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int keys = 5000;
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            long seed = t;
            Thread r = new Thread(() -> {
                Random rnd = new Random(seed);
                try {
                    while (!done.get()) {
                        long cap = published.get();
                        int k = rnd.nextInt(keys);
                        SourceEntry e = m.newestAtOrBelow(InternalKeyCodec.encode(1, key(k), cap));
                        // version v writes key v % keys: the newest visible version of k is known exactly
                        long want = cap - Math.floorMod(cap - k, keys);
                        if (want < 1) {
                            if (e != null) {
                                throw new AssertionError("key " + k + " at cap " + cap + ": found a version, none written");
                            }
                        } else if (e == null || InternalKeyCodec.versionOf(e.internalKey()) != want) {
                            throw new AssertionError("key " + k + " at cap " + cap + ": want version " + want + ", got "
                                    + (e == null ? "nothing" : InternalKeyCodec.versionOf(e.internalKey())));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            r.start();
            readers.add(r);
        }
        for (long v = 1; v <= 60_000 && failure.get() == null; v++) {
            m.put(InternalKeyCodec.encode(1, key((int) (v % keys)), v), new byte[] {1}, v);
            published.set(v); // the commit pipeline publishes after the memtable write
        }
        done.set(true);
        for (Thread r : readers) {
            r.join();
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
    }
}
