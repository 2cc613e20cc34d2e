package io.stratadb.storage.core;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.RecoveryHealth;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.StorageRuntime;
import io.stratadb.storage.internal.commit.CommitLog;
import io.stratadb.storage.internal.commit.CommitRecord;
import io.stratadb.storage.internal.commit.Timeline;
import io.stratadb.storage.internal.memtable.Memtable;
import io.stratadb.storage.internal.memtable.SourceSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CommitLog SPI protocol: group commit outside the lock, ordered visibility, failure, replay. */
class CommitPipelineTest {
    /** A log whose durability waits are released by the test, per ticket. */
    static class GatedLog implements CommitLog {
        final List<CommitRecord> appended = new CopyOnWriteArrayList<>();
        final Map<Long, CountDownLatch> gates = new ConcurrentHashMap<>();
        final Map<Long, CountDownLatch> waiting = new ConcurrentHashMap<>();
        volatile long failTicket = -1;

        CountDownLatch gate(long ticket) {
            return gates.computeIfAbsent(ticket, t -> new CountDownLatch(1));
        }

        CountDownLatch waiting(long ticket) {
            return waiting.computeIfAbsent(ticket, t -> new CountDownLatch(1));
        }

        @Override
        public long append(CommitRecord record) {
            appended.add(record);
            return record.version();
        }

        @Override
        public long awaitDurable(long ticket) throws IOException {
            waiting(ticket).countDown();
            try {
                if (!gate(ticket).await(10, TimeUnit.SECONDS)) {
                    throw new IOException("test gate for ticket " + ticket + " never opened");
                }
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            if (ticket == failTicket) {
                throw new IOException("injected fsync failure for ticket " + ticket);
            }
            return 0; // gates open in any order: durability is not a prefix here
        }

        @Override
        public void sync() {
        }

        @Override
        public void close() {
        }
    }

    static StorageRuntime runtime(CommitLog log) {
        Memtable mem = new Memtable();
        return new StorageRuntime(StorageOptions.inMemory(), mem, SourceSet.fixed(mem), log, new Timeline(),
                RecoveryHealth.healthy());
    }

    static Key k(String s) {
        return Key.of("default", 1, s);
    }

    static WriteBatch put(String key) {
        return new WriteBatch().put(k(key), key.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void committersShareDurabilityWaitsAndBecomeVisibleInOrder() throws Exception {
        GatedLog log = new GatedLog();
        try (StorageRuntime db = runtime(log)) {
            Thread a = Thread.ofPlatform().start(() -> db.commit("default", put("a")));
            assertTrue(log.waiting(1).await(10, TimeUnit.SECONDS));
            // commit 1 waits for durability without the commit lock: commit 2 gets through to its wait
            Thread b = Thread.ofPlatform().start(() -> db.commit("default", put("b")));
            assertTrue(log.waiting(2).await(10, TimeUnit.SECONDS));
            assertEquals(2, log.appended.size());
            assertEquals(0, db.latestVersion());
            assertTrue(db.read("default", k("a")).isEmpty(), "not visible before durable");
            log.gate(2).countDown();
            Thread.sleep(50);
            assertEquals(0, db.latestVersion(), "version 2 must wait for version 1");
            log.gate(1).countDown();
            a.join();
            b.join();
            assertEquals(2, db.latestVersion());
            assertTrue(db.read("default", k("b")).isPresent());
        }
    }

    @Test
    void logFailureStopsWritesButNotReads() throws Exception {
        GatedLog log = new GatedLog();
        log.gate(1).countDown();
        try (StorageRuntime db = runtime(log)) {
            db.commit("default", put("a"));
            log.failTicket = 2;
            log.gate(2).countDown();
            assertThrows(StorageIOException.class, () -> db.commit("default", put("b")));
            assertThrows(StorageStateException.class, () -> db.commit("default", put("c")));
            assertThrows(StorageStateException.class, () -> db.fork("default", "x"));
            assertEquals(1, db.latestVersion());
            assertTrue(db.read("default", k("a")).isPresent());
            assertTrue(db.read("default", k("b")).isEmpty());
            assertEquals("DEGRADED", db.stats().state());
        }
    }

    @Test
    void replayingTheLogRestoresDataAndCatalog() {
        GatedLog log = new GatedLog() {
            @Override
            public long awaitDurable(long ticket) {
                return ticket;
            }
        };
        try (StorageRuntime db = runtime(log)) {
            db.commit("default", put("a").put(k("b"), new byte[] {1}));
            db.fork("default", "child");
            db.commit("child", new WriteBatch().delete(k("a")).put(k("c"), new byte[0]));
            db.createBranch("empty");
            db.fork("child", "grandchild");
            db.deleteBranch("child");
            db.commit("grandchild", put("d"));

            Memtable mem = new Memtable();
            StorageRuntime copy = new StorageRuntime(StorageOptions.inMemory(), mem, SourceSet.fixed(mem),
                    CommitLog.none(), new Timeline(), RecoveryHealth.healthy());
            for (CommitRecord r : log.appended) {
                copy.replay(r);
            }
            assertEquals(db.latestVersion(), copy.latestVersion());
            assertEquals(names(db), names(copy));
            for (String branch : names(db)) {
                assertEquals(dump(db, branch), dump(copy, branch), branch);
                assertEquals(db.branch(branch).orElseThrow().lastCommitVersion(),
                        copy.branch(branch).orElseThrow().lastCommitVersion());
                assertEquals(db.branch(branch).orElseThrow().id(), copy.branch(branch).orElseThrow().id());
            }
            assertEquals(db.timestampOf(3), copy.timestampOf(3));
            assertEquals(List.of("b", "c", "d"), dump(copy, "grandchild").stream().map(s -> s.split("=")[0]).toList());
            copy.createBranch("after-replay");
            assertTrue(copy.branch("after-replay").orElseThrow().id() > db.branch("grandchild").orElseThrow().id());
        }
    }

    private static List<String> names(Storage db) {
        return db.listBranches().stream().map(b -> b.name()).toList();
    }

    private static List<String> dump(Storage db, String branch) {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = db.snapshot(branch).scan(KeyRange.all())) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                out.add(kv.key().userKeyString() + "=" + kv.value().length + "@" + kv.version() + "/"
                        + kv.timestampMicros());
            }
        }
        return out;
    }
}
