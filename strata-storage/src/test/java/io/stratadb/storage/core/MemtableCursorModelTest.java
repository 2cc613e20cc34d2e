package io.stratadb.storage.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceCursor;
import io.stratadb.storage.internal.memtable.SourceEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The memtable's cursors, iterators and ceiling lookups show exactly the order of whole internal keys:
 * checked against a sorted model through out-of-order versions, replacements, removals (a key's
 * newest, its last), keys that are prefixes of one another, and seeks to arbitrary byte strings from
 * any position. Concurrent writers of the same keys in scrambled version order leave every version in
 * place, and a scan running beside them always sees keys in order.
 */
class MemtableCursorModelTest {
    /** User keys that share prefixes, so terminated encodings sit next to each other. */
    private static final String[] USER = {"\u00ff", "a", "a\0", "a\0\0", "a\u0001", "ab", "abc", "b", "k1", "k10", "k2"};

    private static byte[] ik(long branch, int user, long version) {
        return InternalKeyCodec.encode(branch, Key.of("s", 1, USER[user].getBytes()), version);
    }

    @Test
    void cursorsAndLookupsMatchASortedModel() {
        for (long seed : TestSeeds.seeds(6, 60)) {
            try {
                run(seed);
            } catch (Throwable t) {
                throw TestSeeds.failure(seed, "memtable against a sorted model", t);
            }
        }
    }

    private static void run(long seed) {
        Random rnd = new Random(seed);
        Memtable m = new Memtable();
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned); // internal key -> value (null: tombstone)
        Map<byte[], Boolean> tombstones = new TreeMap<>(Arrays::compareUnsigned);
        List<byte[]> targets = new ArrayList<>();
        for (int step = 0; step < 3000; step++) {
            long branch = 1 + rnd.nextInt(3);
            int user = rnd.nextInt(USER.length);
            long version = 1 + rnd.nextInt(rnd.nextBoolean() ? 8 : 400); // out of order, with repeats
            byte[] key = ik(branch, user, version);
            int op = rnd.nextInt(10);
            if (op < 7) {
                boolean tomb = rnd.nextInt(6) == 0;
                byte[] value = tomb ? null : new byte[] {(byte) step, (byte) (step >> 8), (byte) rnd.nextInt()};
                m.put(key, value, step);
                model.put(key, value == null ? new byte[0] : value);
                tombstones.put(key, tomb);
            } else if (!model.isEmpty()) {
                byte[] victim = rnd.nextBoolean() ? key : model.floorKey(key); // often a held key
                if (victim == null) {
                    victim = model.firstKey();
                }
                boolean held = model.containsKey(victim);
                assertEquals(held, m.remove(victim), "remove of a " + (held ? "held" : "missing") + " key");
                model.remove(victim);
                tombstones.remove(victim);
            }
            if (step % 300 == 299) {
                assertEquals(model.size(), m.entryCount(), "entry count");
                checkAll(m, model, tombstones);
                targets.clear();
                for (int i = 0; i < 200; i++) {
                    targets.add(target(rnd, model));
                }
                checkSeeks(rnd, m, model, targets);
            }
        }
    }

    /** A seek target: a held key, a key between versions, a truncated key, a bound without version, noise. */
    private static byte[] target(Random rnd, TreeMap<byte[], byte[]> model) {
        byte[] base = model.isEmpty() ? ik(1, 1, 5) : nth(model, rnd.nextInt(model.size()));
        switch (rnd.nextInt(7)) {
            case 0:
                return base;
            case 1:
                return InternalKeyCodec.withVersion(base, rnd.nextInt(410)); // version 0 included
            case 2:
                return Arrays.copyOf(base, rnd.nextInt(base.length + 1)); // any cut, empty included
            case 3:
                return Arrays.copyOf(base, base.length - 8); // branch and logical key, no version
            case 4: {
                byte[] t = Arrays.copyOf(base, base.length + 1 + rnd.nextInt(3)); // past a whole key
                t[t.length - 1] = (byte) rnd.nextInt();
                return t;
            }
            case 5: {
                byte[] t = base.clone();
                t[rnd.nextInt(t.length)] ^= (byte) (1 + rnd.nextInt(255));
                return t;
            }
            default: {
                byte[] t = new byte[1 + rnd.nextInt(20)];
                rnd.nextBytes(t);
                t[0] = (byte) rnd.nextInt(4); // mostly near the branches in use
                return t;
            }
        }
    }

    private static byte[] nth(TreeMap<byte[], byte[]> model, int n) {
        Iterator<byte[]> it = model.keySet().iterator();
        for (int i = 0; i < n; i++) {
            it.next();
        }
        return it.next();
    }

    private static void checkAll(Memtable m, TreeMap<byte[], byte[]> model, Map<byte[], Boolean> tombstones) {
        Iterator<SourceEntry> it = m.iterator(new byte[0]);
        for (var e : model.entrySet()) {
            assertTrue(it.hasNext(), "iterator ended early");
            SourceEntry got = it.next();
            assertArrayEquals(e.getKey(), got.internalKey(), "iterator order");
            if (tombstones.get(e.getKey())) {
                assertTrue(got.isTombstone());
            } else {
                assertArrayEquals(e.getValue(), got.value());
            }
            SourceEntry newest = m.newestAtOrBelow(e.getKey());
            assertArrayEquals(e.getKey(), newest == null ? null : newest.internalKey(),
                    "newest at or below a held version");
        }
        assertFalse(it.hasNext(), "iterator past the model");
    }

    /** A copy of the cursor's current internal key. */
    private static byte[] keyOf(SourceCursor c) {
        return Arrays.copyOfRange(c.keyArray(), c.keyOffset(), c.keyOffset() + c.keyLength());
    }

    /** Fresh cursors and one cursor moved from target to target (both directions) agree with the model. */
    private static void checkSeeks(Random rnd, Memtable m, TreeMap<byte[], byte[]> model, List<byte[]> targets) {
        SourceCursor moving = m.cursor(new byte[0]);
        for (byte[] t : targets) {
            byte[] want = model.ceilingKey(t);
            SourceEntry ceiling = m.ceiling(t);
            assertArrayEquals(want, ceiling == null ? null : ceiling.internalKey(),
                    "ceiling of " + Arrays.toString(t));
            SourceCursor fresh = m.cursor(t);
            moving.seek(t);
            byte[] at = want;
            for (int steps = rnd.nextInt(12); ; steps--) {
                assertEquals(at != null, fresh.valid(), "fresh cursor validity");
                assertEquals(at != null, moving.valid(), "moved cursor validity");
                if (at == null) {
                    break;
                }
                assertArrayEquals(at, keyOf(fresh));
                assertArrayEquals(at, keyOf(moving));
                if (steps == 0) {
                    break;
                }
                fresh.next();
                moving.next();
                at = model.higherKey(at);
            }
            if (!moving.valid()) {
                moving = m.cursor(new byte[0]); // an exhausted cursor is closed; start another
            }
            fresh.close();
        }
        // a key's versions, then past all of them (version 0): the next key's newest
        for (byte[] t : targets) {
            if (t.length < 9 || model.ceilingKey(t) == null) {
                continue;
            }
            byte[] held = model.ceilingKey(t);
            SourceCursor c = m.cursor(held);
            c.seek(InternalKeyCodec.withVersion(held, 0));
            byte[] want = model.higherKey(InternalKeyCodec.withVersion(held, 0));
            assertEquals(want != null, c.valid());
            if (want != null) {
                assertArrayEquals(want, keyOf(c));
            }
        }
        assertNull(m.newestAtOrBelow(InternalKeyCodec.encode(99, Key.of("s", 1, new byte[] {1}), 5)));
    }

    @Test
    void concurrentWritersOfTheSameKeysLeaveEveryVersionInOrder() throws Exception {
        long seed = TestSeeds.seed();
        int writers = 4;
        int keys = 3;
        int perWriter = 4000;
        Memtable m = new Memtable();
        // versions 1..writers*perWriter, dealt round-robin, each writer inserting its share in a shuffled order
        List<List<Long>> shares = new ArrayList<>();
        Random rnd = new Random(seed);
        for (int w = 0; w < writers; w++) {
            List<Long> mine = new ArrayList<>();
            for (long v = 1 + w; v <= (long) writers * perWriter; v += writers) {
                mine.add(v);
            }
            for (int i = mine.size() - 1; i > 0; i--) { // a local shuffle: mostly rising, as committers are
                int j = Math.max(0, i - rnd.nextInt(8));
                Long x = mine.get(i);
                mine.set(i, mine.get(j));
                mine.set(j, x);
            }
            shares.add(mine);
        }
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<Long> mine = shares.get(w);
            threads.add(new Thread(() -> {
                try {
                    start.await();
                    for (long v : mine) {
                        m.put(ik(1, (int) (v % keys) + 1, v), new byte[] {(byte) v}, v);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        Thread reader = new Thread(() -> { // scans while the writers insert: always in key order
            try {
                start.await();
                while (threads.stream().anyMatch(Thread::isAlive)) {
                    SourceCursor c = m.cursor(new byte[0]);
                    byte[] prev = null;
                    while (c.valid()) {
                        byte[] k = keyOf(c);
                        if (prev != null && Arrays.compareUnsigned(prev, k) >= 0) {
                            throw new AssertionError("cursor out of order");
                        }
                        prev = k;
                        c.next();
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        });
        threads.forEach(Thread::start);
        reader.start();
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        reader.join();
        if (failure.get() != null) {
            throw TestSeeds.failure(seed, "concurrent writers of the same keys", failure.get());
        }
        assertEquals((long) writers * perWriter, m.entryCount());
        Iterator<SourceEntry> it = m.iterator(new byte[0]);
        for (int k = 1; k <= keys; k++) {
            for (long v = (long) writers * perWriter; v >= 1; v--) {
                if ((int) (v % keys) + 1 != k) {
                    continue;
                }
                assertTrue(it.hasNext());
                assertArrayEquals(ik(1, k, v), it.next().internalKey(), "key " + k + " version " + v);
            }
        }
        assertFalse(it.hasNext());
    }
}
