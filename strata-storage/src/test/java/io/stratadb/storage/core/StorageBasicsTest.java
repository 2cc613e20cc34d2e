package io.stratadb.storage.core;

import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Basic behaviour of the in-memory runtime: put/get/scan/history/as-of/fork/transactions. */
class StorageBasicsTest {
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private Storage db;

    @BeforeEach
    void open() {
        db = Storage.open(StorageOptions.inMemory().withClock(() -> clock.addAndGet(10)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    static Key k(String s) {
        return Key.of("default", 1, s);
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(Optional<VersionedValue> v) {
        return v.map(x -> new String(x.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    static List<String> keys(CloseableIterator<KeyValue> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                out.add(it.next().key().userKeyString());
            }
        }
        return out;
    }

    @Test
    void putGetDeleteHistory() {
        assertEquals(0, db.latestVersion());
        CommitResult c1 = db.commit("default", new WriteBatch().put(k("a"), b("1")).put(k("b"), b("2")));
        assertEquals(1, c1.version());
        CommitResult c2 = db.commit("default", new WriteBatch().put(k("a"), b("3")));
        assertTrue(c2.timestampMicros() > c1.timestampMicros());
        assertEquals("3", str(db.read("default", k("a"))));
        assertEquals(2, db.read("default", k("a")).orElseThrow().version());
        assertEquals("1", str(db.getVersioned("default", k("a"), 1)));
        db.commit("default", new WriteBatch().delete(k("a")));
        assertTrue(db.read("default", k("a")).isEmpty());
        List<VersionedValue> h = db.history("default", k("a"));
        assertEquals(3, h.size());
        assertTrue(h.get(0).isTombstone());
        assertEquals(List.of(3L, 2L, 1L), h.stream().map(VersionedValue::version).toList());
        assertEquals(1, db.versionAt(c1.timestampMicros()));
        assertEquals(0, db.versionAt(c1.timestampMicros() - 1));
        assertEquals(0, db.asOfTimestamp("default", 5).version());
        assertTrue(db.asOfTimestamp("default", 5).get(k("b")).isEmpty());
        assertEquals("2", str(db.asOfTimestamp("default", c2.timestampMicros()).get(k("b"))));
    }

    @Test
    void scansInKeyOrderWithShadowing() {
        db.commit("default", new WriteBatch().put(k("b"), b("1")).put(k("a"), b("1")).put(k("ab"), b("1"))
                .put(Key.of("default", 2, "z"), b("x")).put(Key.of("other", 1, "a"), b("y")));
        db.commit("default", new WriteBatch().delete(k("ab")).put(k("a\u0000"), b("2")));
        assertEquals(List.of("a", "a\u0000", "b"), keys(db.snapshot("default").scan(KeyRange.keyspace("default", 1))));
        assertEquals(List.of("a", "ab", "b"), keys(db.scan("default", KeyRange.keyspace("default", 1), 1)));
        assertEquals(List.of("a", "a\u0000"), keys(db.snapshot("default").scan(
                KeyRange.prefix("default", 1, b("a")))));
        assertEquals(List.of("a\u0000", "b"), keys(db.snapshot("default").scan(
                KeyRange.interval("default", 1, b("a\u0000"), b("c")))));
        assertEquals(List.of("a", "a\u0000", "b", "z"), keys(db.snapshot("default").scan(KeyRange.space("default"))));
        assertEquals(List.of("a", "a\u0000", "b", "z", "a"), keys(db.snapshot("default").scan(KeyRange.all())));
    }

    @Test
    void forkIsCopyOnWrite() {
        db.commit("default", new WriteBatch().put(k("a"), b("1")).put(k("b"), b("1")));
        BranchInfo child = db.fork("default", "child");
        assertEquals(Optional.of("default"), child.parent());
        db.commit("default", new WriteBatch().put(k("a"), b("parent-later")));
        db.commit("child", new WriteBatch().delete(k("b")).put(k("c"), b("child")));
        assertEquals("1", str(db.read("child", k("a"))));
        assertTrue(db.read("child", k("b")).isEmpty());
        assertEquals("1", str(db.read("default", k("b"))));
        assertEquals(List.of("a", "c"), keys(db.snapshot("child").scan(KeyRange.all())));
        db.fork("child", "grandchild");
        db.deleteBranch("child");
        assertTrue(db.branch("child").isEmpty());
        assertEquals(List.of("a", "c"), keys(db.snapshot("grandchild").scan(KeyRange.all())));
        assertEquals(List.of("default", "grandchild"), db.listBranches().stream().map(BranchInfo::name).toList());
        assertTrue(db.branch("grandchild").orElseThrow().parent().isEmpty());
    }

    @Test
    void transactionsReadTheirWritesAndConflict() {
        db.commit("default", new WriteBatch().put(k("x"), b("0")));
        try (Transaction t1 = db.begin("default"); Transaction t2 = db.begin("default")) {
            assertEquals("0", str(t1.get(k("x"))));
            t1.put(k("x"), b("1"));
            t1.put(k("y"), b("1"));
            assertEquals("1", str(t1.get(k("x"))));
            assertEquals(List.of("x", "y"), keys(t1.scan(KeyRange.keyspace("default", 1))));
            assertEquals("0", str(t2.get(k("x"))));
            t2.put(k("x"), b("2"));
            t1.commit();
            assertThrows(CommitConflictException.class, t2::commit);
        }
        assertEquals("1", str(db.read("default", k("x"))));
        ReadView v = db.snapshot("default");
        db.commit("default", new WriteBatch().put(k("x"), b("9")));
        assertEquals("1", str(v.get(k("x"))));
        assertFalse(db.stats().keys() == 0);
    }
}
