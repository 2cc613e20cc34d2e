package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.RecoveryHealth;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.StorageStats;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.backend.InjectedIOException;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import io.stratadb.storage.internal.lifecycle.LifecycleState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L8: states, degraded mode, the writer lock (same and other process), read-only opens, recovery health. */
class LifecycleTest {
    @TempDir
    Path dir;

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Key k(String s) {
        return Key.of("default", 1, s);
    }

    static DurableStorage open(InMemoryBackend disk) throws Exception {
        return DurableStorage.open(StorageOptions.durable(Path.of("unused")).withDurability(Durability.STRICT),
                disk, DurableStorage.Tuning.defaults());
    }

    @Test
    void durableRoundTripOnDiskAndStats() {
        StorageOptions o = StorageOptions.durable(dir.resolve("db"));
        try (Storage s = Storage.open(o)) {
            s.commit("default", new WriteBatch().put(k("a"), b("1")));
            s.fork("default", "child");
            s.commit("child", new WriteBatch().put(k("b"), b("2")));
            s.flush();
            s.commit("default", new WriteBatch().put(k("c"), b("3")));
            StorageStats st = s.stats();
            assertEquals("OPEN", st.state());
            assertTrue(st.walBytes() > 0);
            assertTrue(st.bytesPerLevel().get(0) > 0, st.toString());
        }
        try (Storage s = Storage.open(o)) {
            assertTrue(s.recoveryHealth().isHealthy(), s.recoveryHealth().toString());
            assertArrayEquals(b("1"), s.read("child", k("a")).orElseThrow().value());
            assertArrayEquals(b("2"), s.read("child", k("b")).orElseThrow().value());
            assertArrayEquals(b("3"), s.read("default", k("c")).orElseThrow().value());
            assertTrue(s.read("default", k("b")).isEmpty());
            assertEquals(4, s.latestVersion());
        }
        assertTrue(Files.exists(dir.resolve("db/manifest/current")));
        assertTrue(Files.exists(dir.resolve("db/locks/writer.lock")));
    }

    @Test
    void reopeningDeletesTemporariesACrashLeft() throws Exception {
        StorageOptions o = StorageOptions.durable(dir.resolve("db")).withDurability(Durability.STRICT);
        try (Storage s = Storage.open(o)) {
            s.commit("default", new WriteBatch().put(k("a"), b("1")));
        }
        // what a crash mid-reservation of the next WAL segment, or mid-publish of the pointer, leaves
        Path reservation = dir.resolve("db").resolve(Layout.walSegment(99) + ".tmp");
        Path publish = dir.resolve("db/manifest/current.tmp");
        Files.write(reservation, new byte[1 << 16]);
        Files.write(publish, b("half a pointer"));
        try (Storage s = Storage.open(StorageOptions.durable(dir.resolve("db")).withReadOnly(true))) {
            assertArrayEquals(b("1"), s.read("default", k("a")).orElseThrow().value());
        }
        assertTrue(Files.exists(reservation), "a read-only open changes nothing");
        try (Storage s = Storage.open(o)) {
            assertTrue(s.recoveryHealth().isHealthy(), s.recoveryHealth().toString());
            assertArrayEquals(b("1"), s.read("default", k("a")).orElseThrow().value());
            s.commit("default", new WriteBatch().put(k("b"), b("2")));
        }
        assertFalse(Files.exists(reservation));
        assertFalse(Files.exists(publish));
    }

    @Test
    void walFailureDegradesWritesButReadsKeepWorking() throws Exception {
        InMemoryBackend disk = new InMemoryBackend();
        FaultInjectingBackend f = new FaultInjectingBackend(disk);
        DurableStorage s = DurableStorage.open(StorageOptions.durable(Path.of("unused"))
                .withDurability(Durability.STRICT), f, // no background threads: the next operation is the commit's
                new DurableStorage.Tuning(io.stratadb.storage.internal.wal.WalOptions.DEFAULT_SEGMENT_BYTES, false));
        s.commit("default", new WriteBatch().put(k("a"), b("1")));
        f.failOnce(f.opCount() + 1);
        StorageIOException io = assertThrows(StorageIOException.class,
                () -> s.commit("default", new WriteBatch().put(k("b"), b("2"))));
        assertInstanceOf(InjectedIOException.class, rootCause(io));
        while (s.state() != LifecycleState.DEGRADED) {
            Thread.onSpinWait(); // the writer thread reports asynchronously
        }
        StorageStateException st = assertThrows(StorageStateException.class,
                () -> s.commit("default", new WriteBatch().put(k("c"), b("3"))));
        assertTrue(st.getMessage().contains("degraded"), st.getMessage());
        assertInstanceOf(InjectedIOException.class, rootCause(st));
        try (Transaction t = s.begin("default")) {
            t.put(k("d"), b("4"));
            assertThrows(StorageStateException.class, t::commit);
        }
        assertArrayEquals(b("1"), s.read("default", k("a")).orElseThrow().value());
        assertEquals("DEGRADED", s.stats().state());
        assertThrows(StorageException.class, s::close); // close reports that the WAL could not be persisted
        assertEquals(LifecycleState.CLOSED, s.state());
        assertThrows(StorageStateException.class, () -> s.read("default", k("a")));
        s.close(); // idempotent
        try (DurableStorage again = open(disk)) {
            assertArrayEquals(b("1"), again.read("default", k("a")).orElseThrow().value());
            assertEquals(1, again.latestVersion());
        }
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    @Test
    void secondWriterFailsClearlyReadOnlyCoexists() {
        StorageOptions o = StorageOptions.durable(dir.resolve("db")).withDurability(Durability.STRICT);
        try (Storage w = Storage.open(o)) {
            w.commit("default", new WriteBatch().put(k("a"), b("1")));
            StorageStateException e = assertThrows(StorageStateException.class, () -> Storage.open(o));
            assertTrue(e.getMessage().contains("already open for writing") && e.getMessage().contains("writer.lock"),
                    e.getMessage());
            try (Storage r = Storage.open(o.withReadOnly(true))) {
                assertArrayEquals(b("1"), r.read("default", k("a")).orElseThrow().value());
                assertThrows(StorageStateException.class,
                        () -> r.commit("default", new WriteBatch().put(k("x"), b("y"))));
            }
        }
        try (Storage again = Storage.open(o)) {
            assertEquals(1, again.latestVersion());
        }
    }

    @Test
    void writerInAnotherProcessIsExcluded() throws Exception {
        Path db = dir.resolve("db");
        try (Storage w = Storage.open(StorageOptions.durable(db))) {
            w.commit("default", new WriteBatch().put(k("a"), b("1")));
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    LockProbe.class.getName(), db.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "probe process hung");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(out.contains("LOCKED") && out.contains("already open for writing"), out);
        }
    }

    @Test
    void readOnlyOpenOfMissingDatabaseFails() {
        StorageIOException e = assertThrows(StorageIOException.class,
                () -> Storage.open(StorageOptions.durable(dir.resolve("none")).withReadOnly(true)));
        assertTrue(e.getMessage().contains("none"), e.getMessage());
    }

    @Test
    void tornTailIsReportedInRecoveryHealth() throws Exception {
        InMemoryBackend disk = new InMemoryBackend();
        try (DurableStorage s = open(disk)) {
            s.commit("default", new WriteBatch().put(k("a"), b("1")));
            s.commit("default", new WriteBatch().put(k("b"), b("2")));
        }
        String seg = disk.list(Layout.WAL_DIR).get(0);
        long size = disk.size(seg);
        disk.truncate(seg, size - 3);
        try (DurableStorage s = open(disk)) {
            RecoveryHealth h = s.recoveryHealth();
            assertEquals(RecoveryHealth.Status.DEGRADED, h.status());
            assertTrue(h.problems().get(0).contains(seg) && h.problems().get(0).contains("bytes dropped"),
                    h.problems().toString());
            assertEquals(2, s.latestVersion(), "close flushed both commits into a table; the WAL copy was redundant");
        }
        try (DurableStorage s = open(disk)) {
            assertTrue(s.recoveryHealth().isHealthy(), "repaired once, healthy after");
        }
    }

    @Test
    void corruptManifestIsATypedErrorNamingTheObject() throws Exception {
        InMemoryBackend disk = new InMemoryBackend();
        try (DurableStorage s = open(disk)) {
            s.commit("default", new WriteBatch().put(k("a"), b("1")));
            s.flush();
        }
        List<String> manifests = disk.list(Layout.MANIFEST_DIR);
        String m = manifests.stream().filter(n -> !n.equals(Layout.CURRENT)).findFirst().orElseThrow();
        byte[] bytes = disk.read(m);
        bytes[20] ^= 1;
        disk.write(m, bytes);
        StorageIOException e = assertThrows(StorageIOException.class, () -> open(disk));
        assertTrue(e.getMessage().contains(m) && e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void useAfterCloseFailsClearly() throws Exception {
        DurableStorage s = open(new InMemoryBackend());
        s.close();
        StorageStateException e = assertThrows(StorageStateException.class, s::latestVersion);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertFalse(s.state() == LifecycleState.OPEN);
    }
}
