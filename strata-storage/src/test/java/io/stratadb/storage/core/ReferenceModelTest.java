package io.stratadb.storage.core;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.BranchExistsException;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStats;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.core.ReferenceModel.Branch;
import io.stratadb.storage.core.ReferenceModel.Ver;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random operation sequences (puts, deletes, forks, forks of forks, branch deletes, as-of
 * reads by version and timestamp, scans, history, transactions with conflicts) checked against
 * {@link ReferenceModel}. {@code -Dtests.seed=N} replays one seed; {@code -Dtests.long=true} runs
 * more seeds and operations.
 */
public class ReferenceModelTest {
    private static final String[] SPACES = {"default", "sp\u0000x"};
    private static final int[] KEYSPACES = {1, 255};
    private static final byte[] ALPHABET = {0x00, 'a', (byte) 0xFF};
    private static final String[] NAMES = {"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7"};

    private Random r;
    private long[] clock;
    private Storage db;
    private ReferenceModel m;
    private int conflicts;
    private int commits;
    private int forks;
    private int deletes;

    @Test
    void randomOperationsMatchTheModel() {
        int ops = TestSeeds.longRun() ? 20_000 : 3_000;
        for (long seed : TestSeeds.seeds(5, 40)) {
            run(seed, ops);
        }
    }

    /** Opens the storage under test (subclasses run the same model against the durable engine). */
    protected Storage openStorage(java.util.function.LongSupplier clock) {
        return Storage.open(StorageOptions.inMemory().withClock(clock));
    }

    /** After each operation: may close and reopen the storage, returning the one to continue with. */
    protected Storage afterStep(Storage current, long seed, int op) {
        return current;
    }

    private void run(long seed, int ops) {
        r = new Random(seed);
        conflicts = commits = forks = deletes = 0;
        clock = new long[] {1_000_000};
        db = openStorage(() -> clock[0]);
        m = new ReferenceModel(clock[0]);
        int i = 0;
        try {
            for (; i < ops; i++) {
                clock[0] += r.nextInt(10) == 0 ? -5 : r.nextInt(3);
                step();
                db = afterStep(db, seed, i);
            }
            finalCheck();
            System.out.printf("reference model seed %d: %d ops, %d versions, %d conflicts, %d commits, %d forks,"
                    + " %d deletes, %d live branches%n", seed, ops, m.version, conflicts, commits, forks, deletes,
                    m.live.size());
        } catch (Throwable t) {
            throw TestSeeds.failure(seed, "at operation " + i + " of " + ops, t);
        } finally {
            db.close();
        }
    }

    private void step() {
        int op = r.nextInt(100);
        if (op < 30) {
            commitBatch(randomBranch());
        } else if (op < 38) {
            fork(op < 35);
        } else if (op < 40) {
            create();
        } else if (op < 44) {
            delete();
        } else if (op < 59) {
            Branch b = randomBranch();
            long v = r.nextBoolean() ? m.version : r.nextLong(m.version + 1);
            Key k = randomKey();
            ReadView view = v == m.version && r.nextBoolean() ? db.snapshot(b.name) : db.asOf(b.name, v);
            assertEquals(v, view.version());
            assertVer(m.get(b, k, v), view.get(k), k);
        } else if (op < 64) {
            Branch b = randomBranch();
            long ts = m.timestamps.isEmpty() ? clock[0] : m.timestamps.firstEntry().getValue() - 2
                    + r.nextLong(m.lastTs - m.timestamps.firstEntry().getValue() + 4);
            long v = m.versionAt(ts);
            assertEquals(v, db.versionAt(ts));
            ReadView view = db.asOfTimestamp(b.name, ts);
            assertEquals(v, view.version());
            Key k = randomKey();
            assertVer(m.get(b, k, v), view.get(k), k);
            assertScan(m.scan(b, KeyRange.all(), v), view.scan(KeyRange.all()));
        } else if (op < 71) {
            Branch b = randomBranch();
            long v = r.nextBoolean() ? m.version : r.nextLong(m.version + 1);
            KeyRange range = randomRange();
            assertScan(m.scan(b, range, v), db.scan(b.name, range, v));
        } else if (op < 74) {
            changes();
        } else if (op < 79) {
            Branch b = randomBranch();
            long v = r.nextBoolean() ? m.version : r.nextLong(m.version + 1);
            Key k = randomKey();
            assertHistory(m.history(b, k, v), db.asOf(b.name, v).history(k));
        } else if (op < 94) {
            transaction();
        } else if (op < 97) {
            checkBranches();
        } else if (op < 98) {
            // keep-all retention: compaction may only drop deleted branches nobody descends from,
            // which no read can observe
            db.compact();
        } else {
            assertThrows(BranchNotFoundException.class, () -> db.snapshot("nope"));
            assertThrows(InvalidKeyException.class, () -> db.asOf("default", m.version + 1));
            assertEquals(m.version, db.latestVersion());
        }
    }

    // ---- operations ---------------------------------------------------------------------------------

    private void commitBatch(Branch b) {
        WriteBatch batch = new WriteBatch();
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            Key k = randomKey();
            if (r.nextInt(5) == 0) {
                batch.delete(k);
            } else {
                batch.put(k, randomValue());
            }
        }
        CommitResult c = db.commit(b.name, batch);
        long v = m.commit(b, batch.writes(), clock[0]);
        commits++;
        assertEquals(v, c.version());
        assertEquals(m.lastTs, c.timestampMicros());
    }

    private void fork(boolean atLatest) {
        Branch source = randomBranch();
        String target = NAMES[r.nextInt(NAMES.length)];
        long at = atLatest ? -1 : r.nextLong(m.version + 1);
        if (m.live.containsKey(target)) {
            assertThrows(BranchExistsException.class,
                    () -> {
                        if (atLatest) {
                            db.fork(source.name, target);
                        } else {
                            db.fork(source.name, target, at);
                        }
                    });
            return;
        }
        BranchInfo info = atLatest ? db.fork(source.name, target) : db.fork(source.name, target, at);
        Branch child = m.fork(source, target, at, clock[0]);
        forks++;
        assertEquals(child.forkVersion, info.forkVersion());
        assertEquals(Optional.of(source.name), info.parent());
        assertEquals(child.createdVersion, info.createdVersion());
    }

    private void create() {
        String target = NAMES[r.nextInt(NAMES.length)];
        if (m.live.containsKey(target)) {
            assertThrows(BranchExistsException.class, () -> db.createBranch(target));
            return;
        }
        BranchInfo info = db.createBranch(target);
        m.fork(null, target, 0, clock[0]);
        assertEquals(0, info.forkVersion());
        assertTrue(info.parent().isEmpty());
    }

    private void delete() {
        if (r.nextInt(8) == 0) {
            assertThrows(InvalidKeyException.class, () -> db.deleteBranch("default"));
            return;
        }
        String name = NAMES[r.nextInt(NAMES.length)];
        Branch b = m.live.get(name);
        if (b == null) {
            assertThrows(BranchNotFoundException.class, () -> db.deleteBranch(name));
            return;
        }
        db.deleteBranch(name);
        m.delete(b, clock[0]);
        deletes++;
    }

    private void transaction() {
        Branch b = randomBranch();
        long snap = m.version;
        Transaction t = db.begin(b.name);
        assertEquals(snap, t.version());
        Set<Key> reads = new HashSet<>();
        List<KeyRange> ranges = new ArrayList<>();
        TreeMap<Key, Optional<byte[]>> buf = new TreeMap<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            int op = r.nextInt(10);
            if (op < 3) {
                Key k = randomKey();
                Optional<VersionedValue> got = t.get(k);
                if (buf.containsKey(k)) {
                    assertEquals(buf.get(k).isPresent(), got.isPresent(), "own write of " + k);
                    buf.get(k).ifPresent(v -> assertArrayEquals(v, got.get().value()));
                } else {
                    reads.add(k);
                    assertVer(m.get(b, k, snap), got, k);
                }
            } else if (op < 4) {
                KeyRange range = randomRange();
                ranges.add(range);
                NavigableMap<Key, Ver> expected = m.scan(b, range, snap);
                for (Map.Entry<Key, Optional<byte[]>> e : buf.entrySet()) {
                    if (range.contains(e.getKey())) {
                        if (e.getValue().isPresent()) {
                            expected.put(e.getKey(), new Ver(e.getValue().get(), 0, 0));
                        } else {
                            expected.remove(e.getKey());
                        }
                    }
                }
                assertScan(expected, t.scan(range));
            } else if (op < 7) {
                Key k = randomKey();
                byte[] v = randomValue();
                t.put(k, v);
                buf.put(k, Optional.of(v));
            } else if (op < 8) {
                Key k = randomKey();
                t.delete(k);
                buf.put(k, Optional.empty());
            } else {
                commitBatch(r.nextInt(3) == 0 ? randomBranch() : b);
            }
        }
        if (r.nextInt(10) == 0) {
            t.rollback();
            assertTrue(t.isFinished());
            return;
        }
        if (buf.isEmpty()) {
            assertEquals(snap, t.commit().version());
            return;
        }
        boolean conflict = false;
        for (Key k : buf.keySet()) {
            conflict |= ReferenceModel.changedAfter(b, k, snap);
        }
        for (Key k : reads) {
            conflict |= ReferenceModel.changedAfter(b, k, snap);
        }
        for (KeyRange range : ranges) {
            conflict |= ReferenceModel.rangeChangedAfter(b, range, snap);
        }
        if (conflict) {
            assertThrows(CommitConflictException.class, t::commit);
            conflicts++;
            return;
        }
        List<WriteBatch.Write> writes = new ArrayList<>();
        buf.forEach((k, v) -> writes.add(new WriteBatch.Write(k, v.orElse(null))));
        CommitResult c = t.commit();
        assertEquals(m.commit(b, writes, clock[0]), c.version());
    }

    /**
     * {@code changes} lists exactly the keys whose deciding version is above the floor (deletions
     * included), and two views agree on every key that neither lists since their shared history.
     */
    private void changes() {
        Branch b1 = randomBranch();
        Branch b2 = r.nextInt(4) == 0 ? b1 : randomBranch();
        long v1 = r.nextBoolean() ? m.version : r.nextLong(m.version + 1);
        long v2 = r.nextBoolean() ? m.version : r.nextLong(m.version + 1);
        ReadView a = db.asOf(b1.name, v1);
        ReadView b = db.asOf(b2.name, v2);
        KeyRange range = r.nextBoolean() ? KeyRange.all() : randomRange();
        long shared = a.sharedHistory(b);
        assertEquals(shared, b.sharedHistory(a), "sharedHistory is symmetric");
        assertTrue(shared >= 0 && shared <= Math.min(v1, v2), "shared " + shared);
        long since = r.nextBoolean() ? shared : r.nextLong(v1 + 1);
        assertScan(m.changes(b1, range, v1, since), a.changes(range, since));
        assertScan(m.changes(b2, range, v2, shared), b.changes(range, shared));
        Set<Key> listed = new HashSet<>(m.changes(b1, range, v1, shared).keySet());
        listed.addAll(m.changes(b2, range, v2, shared).keySet());
        Set<Key> all = m.keys(b1, range);
        all.addAll(m.keys(b2, range));
        for (Key k : all) {
            if (!listed.contains(k)) {
                Ver x = m.get(b1, k, v1);
                Ver y = m.get(b2, k, v2);
                assertTrue(x == null ? y == null : y != null && x.version() == y.version(),
                        () -> k + " differs outside the changes since " + shared + ": " + x + " vs " + y);
            }
        }
        assertEquals(0, db.snapshot(b1.name).sharedHistory(new ReadView() {
            @Override
            public String branch() {
                return b1.name;
            }

            @Override
            public long version() {
                return 0;
            }

            @Override
            public Optional<VersionedValue> get(Key key) {
                return Optional.empty();
            }

            @Override
            public CloseableIterator<KeyValue> scan(KeyRange range) {
                throw new UnsupportedOperationException();
            }

            @Override
            public List<VersionedValue> history(Key key) {
                return List.of();
            }
        }), "another kind of view shares nothing");
        assertThrows(IllegalArgumentException.class, () -> a.changes(KeyRange.all(), -1));
    }

    private void checkBranches() {
        List<BranchInfo> infos = db.listBranches();
        assertEquals(new java.util.TreeSet<>(m.live.keySet()).stream().toList(),
                infos.stream().map(BranchInfo::name).toList());
        for (BranchInfo info : infos) {
            Branch b = m.live.get(info.name());
            assertEquals(b.lastCommit, info.lastCommitVersion(), info.name());
            assertEquals(b.updatedMicros, info.updatedMicros(), info.name());
            assertEquals(b.createdMicros, info.createdMicros(), info.name());
            assertEquals(b.createdVersion, info.createdVersion(), info.name());
            assertEquals(b.forkVersion, info.forkVersion(), info.name());
            Optional<String> parent = b.parent != null && !b.parent.deleted ? Optional.of(b.parent.name)
                    : Optional.empty();
            assertEquals(parent, info.parent(), info.name());
        }
    }

    private void finalCheck() {
        long keys = 0;
        long versions = 0;
        for (Branch b : m.live.values()) {
            assertScan(m.scan(b, KeyRange.all(), m.version), db.snapshot(b.name).scan(KeyRange.all()));
            for (int i = 0; i < 3; i++) {
                long v = r.nextLong(m.version + 1);
                assertScan(m.scan(b, KeyRange.all(), v), db.asOf(b.name, v).scan(KeyRange.all()));
            }
            for (Map.Entry<Key, TreeMap<Long, byte[]>> e : b.data.entrySet()) {
                versions += e.getValue().size();
                if (e.getValue().lastEntry().getValue() != null) {
                    keys++;
                }
            }
        }
        StorageStats stats = db.stats();
        assertEquals(m.live.size(), stats.branches());
        assertEquals(m.version, stats.latestVersion());
        assertEquals(keys, stats.keys());
        assertEquals(versions, stats.versions());
        checkBranches();
    }

    // ---- generators and assertions --------------------------------------------------------------

    private Branch randomBranch() {
        List<String> names = new ArrayList<>(new java.util.TreeSet<>(m.live.keySet()));
        return m.live.get(names.get(r.nextInt(names.size())));
    }

    private Key randomKey() {
        byte[] user = new byte[1 + r.nextInt(3)];
        for (int i = 0; i < user.length; i++) {
            user[i] = ALPHABET[r.nextInt(ALPHABET.length)];
        }
        return Key.of(SPACES[r.nextInt(SPACES.length)], KEYSPACES[r.nextInt(KEYSPACES.length)], user);
    }

    private byte[] randomValue() {
        // mostly tiny; some of 64+ bytes, whose older versions tables keep in value blocks
        byte[] v = new byte[r.nextInt(10) == 0 ? 64 + r.nextInt(100) : r.nextInt(4)];
        r.nextBytes(v);
        return v;
    }

    private KeyRange randomRange() {
        String space = SPACES[r.nextInt(SPACES.length)];
        int ks = KEYSPACES[r.nextInt(KEYSPACES.length)];
        return switch (r.nextInt(5)) {
            case 0 -> KeyRange.all();
            case 1 -> KeyRange.space(space);
            case 2 -> KeyRange.keyspace(space, ks);
            case 3 -> KeyRange.prefix(space, ks, Arrays.copyOf(randomKey().userKey(), r.nextInt(3)));
            default -> KeyRange.interval(space, ks, r.nextBoolean() ? null : randomKey().userKey(),
                    r.nextBoolean() ? null : randomKey().userKey());
        };
    }

    private static void assertVer(Ver expected, Optional<VersionedValue> actual, Key k) {
        if (expected == null || expected.value() == null) {
            assertTrue(actual.isEmpty(), () -> "expected no value for " + k + ", got " + actual);
            return;
        }
        assertTrue(actual.isPresent(), () -> "expected a value for " + k + " at version " + expected.version());
        assertArrayEquals(expected.value(), actual.get().value(), k::toString);
        assertEquals(expected.version(), actual.get().version(), k::toString);
        assertEquals(expected.ts(), actual.get().timestampMicros(), k::toString);
    }

    private static void assertHistory(List<Ver> expected, List<VersionedValue> actual) {
        assertEquals(expected.size(), actual.size(), "history length");
        for (int i = 0; i < expected.size(); i++) {
            Ver e = expected.get(i);
            VersionedValue a = actual.get(i);
            assertEquals(e.version(), a.version());
            assertEquals(e.ts(), a.timestampMicros());
            if (e.value() == null) {
                assertNull(a.value());
            } else {
                assertArrayEquals(e.value(), a.value());
            }
        }
    }

    private static void assertScan(NavigableMap<Key, Ver> expected, CloseableIterator<KeyValue> it) {
        List<String> exp = new ArrayList<>();
        expected.forEach((k, v) -> exp.add(k + "=" + Arrays.toString(v.value()) + "@" + v.version() + "/" + v.ts()));
        List<String> act = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                act.add(kv.key() + "=" + Arrays.toString(kv.value()) + "@" + kv.version() + "/" + kv.timestampMicros());
            }
        }
        assertEquals(exp, act);
    }
}
