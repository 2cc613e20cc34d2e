package io.stratadb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The facade over durable storage: everything written survives close and reopen (BUFFERED, STRICT),
 * nothing does in IN_MEMORY; read-only opens beside a writer; a second writer is refused naming the
 * lock; info reports real figures; retention applies at compaction.
 */
class DurableFacadeTest {
    @TempDir
    Path dir;

    private static final float[] V1 = {1f, 0f, 0f, 0f};
    private static final float[] V2 = {0f, 1f, 0f, 0f};

    private void writeEverything(Strata db) {
        db.kv().put("user:1", Map.of("name", "Alice"));
        db.kv().put("user:1", Map.of("name", "Alice", "age", 30));
        db.state().init("counter", 0);
        db.state().cas("counter", 1, 1L);
        db.events().append("tool_call", Map.of("tool", "search"));
        db.events().append("tool_call", Map.of("tool", "calc"));
        db.json().set("config", "$", Map.of("debug", true, "servers", List.of(Map.of("host", "a"))));
        db.json().set("config", "$.servers[1]", Map.of("host", "b"));
        db.vectors().create("docs", 4, DistanceMetric.COSINE);
        db.vectors().upsert("docs", "x", V1, Map.of("cat", "a"));
        db.vectors().upsert("docs", "y", V2, Map.of("cat", "b"));
        db.spaces().use("notes");
        db.kv().put("n1", "in a space");
        db.spaces().use("default");
        db.branches().create("empty");
        db.branches().fork("experiment");
        db.branches().use("experiment");
        db.kv().put("user:1", "Bob");
        db.events().append("fork_step", Map.of("n", 1));
        db.transaction(tx -> {
            tx.kv().put("tx:a", 1);
            tx.state().set("counter", 5);
        });
        db.branches().use("default");
    }

    private void checkEverything(Strata db) {
        assertEquals(Value.of(Map.of("name", "Alice", "age", 30)), db.kv().get("user:1").orElseThrow());
        assertEquals(2, db.kv().history("user:1").size());
        assertEquals(Value.of(1), db.state().get("counter").orElseThrow());
        assertEquals(2L, db.state().getVersioned("counter").orElseThrow().version());
        assertEquals(2, db.events().count());
        ChainVerification chain = db.events().verifyChain();
        assertTrue(chain.valid(), String.valueOf(chain.reason()));
        assertEquals(2, chain.eventsChecked());
        assertEquals(Value.of("b"), db.json().get("config", "$.servers[1].host").orElseThrow());
        assertEquals(List.of("x"), db.vectors().search("docs", V1, 1).stream().map(VectorMatch::key).toList());
        assertEquals(2, db.vectors().stats("docs").count());
        assertTrue(db.spaces().list().contains("notes"));
        assertEquals(List.of("empty", "experiment"), db.branches().names().stream()
                .filter(n -> !n.equals("default")).sorted().toList());
        BranchInfo exp = db.branches().get("experiment").orElseThrow();
        assertEquals("default", exp.parent());

        db.branches().use("experiment");
        assertEquals(Value.of("Bob"), db.kv().get("user:1").orElseThrow());
        assertEquals(Value.of(5), db.state().get("counter").orElseThrow());
        assertEquals(Value.of(1), db.kv().get("tx:a").orElseThrow());
        assertEquals(3, db.events().count());
        assertTrue(db.events().verifyChain().valid());
        assertEquals(2, db.vectors().stats("docs").count(), "forks copy collections");
        BranchDiff diff = db.branches().diff("default", "experiment");
        assertTrue(diff.summary().totalModified() + diff.summary().totalAdded() > 0);
        db.branches().use("default");
        assertTrue(db.kv().list("").contains("user:1"));
        assertTrue(db.recoveryHealth().healthy(), db.info().health());
    }

    @ParameterizedTest
    @EnumSource(value = Options.Durability.class, names = {"BUFFERED", "STRICT"})
    void everythingSurvivesReopen(Options.Durability mode) {
        Options o = Options.defaults().withDurability(mode);
        long latest;
        try (Strata db = Strata.open(dir, o)) {
            writeEverything(db);
            checkEverything(db);
            latest = db.info().latestVersion();
        }
        try (Strata db = Strata.open(dir, o)) {
            checkEverything(db);
            assertEquals(latest, db.info().latestVersion());
            db.kv().put("after", "reopen");
        }
        try (Strata db = Strata.open(dir, o.withDurability(Options.Durability.BUFFERED))) {
            checkEverything(db);
            assertEquals(Value.of("reopen"), db.kv().get("after").orElseThrow());
            // time travel across reopen: the first write of user:1
            long v = db.kv().history("user:1").get(1).commitVersion();
            assertEquals(Value.of(Map.of("name", "Alice")), db.at(v).kv().get("user:1").orElseThrow());
        }
    }

    @Test
    void inMemoryDurabilityKeepsNothing() {
        Options o = Options.defaults().withDurability(Options.Durability.IN_MEMORY);
        try (Strata db = Strata.open(dir, o)) {
            writeEverything(db);
            checkEverything(db);
            DatabaseInfo info = db.info();
            assertEquals("in_memory", info.durability());
            assertFalse(info.persistent());
            assertEquals(List.of(), info.bytesPerLevel());
        }
        try (Strata db = Strata.open(dir, o)) {
            assertTrue(db.kv().list().isEmpty());
            assertEquals(List.of("default"), db.branches().names());
        }
        assertFalse(Files.exists(dir.resolve("manifest")), "nothing written to the directory");
    }

    @Test
    void infoReportsRealFigures() {
        try (Strata db = Strata.open(dir)) {
            for (int i = 0; i < 50; i++) {
                db.kv().put("k" + i, "value-" + i);
            }
            db.kv().put("k0", "again");
            DatabaseInfo before = db.info();
            assertEquals("buffered", before.durability());
            assertTrue(before.persistent());
            assertFalse(before.readOnly());
            assertEquals(dir.toAbsolutePath().normalize().toString(), before.path());
            assertTrue(before.keys() >= 50, "keys " + before.keys());
            assertTrue(before.versions() >= 51, "versions " + before.versions());
            assertTrue(before.walBytes() > 0, "wal " + before.walBytes());
            assertTrue(before.memtableBytes() > 0);
            assertEquals(1, before.branches());
            assertEquals(1, before.spaces());
            assertEquals("OPEN", before.state());
            assertTrue(before.recovery().healthy());
            assertEquals("healthy", before.health());

            db.flush();
            DatabaseInfo after = db.info();
            assertTrue(after.tableBytes() > 0, "a flush wrote a table: " + after.bytesPerLevel());
            assertTrue(after.walBytes() >= 0 && after.walBytes() <= before.walBytes(), "wal " + after.walBytes());
            assertEquals(before.keys(), after.keys());
            db.compact();
            assertEquals(Value.of("again"), db.kv().get("k0").orElseThrow());
            assertTrue(db.info().cacheHitRate() >= 0 && db.info().cacheHitRate() <= 1);
        }
    }

    @Test
    void retentionDropsShadowedVersionsAtCompaction() {
        Options o = Options.defaults().withRetention(Retention.keepLatest(1));
        try (Strata db = Strata.open(dir, o)) {
            for (int i = 0; i < 5; i++) {
                db.kv().put("k", i);
            }
            db.flush();
            db.compact();
            assertEquals(Value.of(4), db.kv().get("k").orElseThrow());
            assertEquals(1, db.kv().history("k").size(), "keepLatest(1) left one version");
        }
        try (Strata db = Strata.open(dir)) {
            assertEquals(Value.of(4), db.kv().get("k").orElseThrow());
        }
        assertThrows(ValidationException.class, () -> Retention.keepLatest(0));
        assertThrows(ValidationException.class, () -> Options.defaults().withRetention(null));
    }

    @Test
    void readOnlyOpensBesideAWriter() {
        try (Strata writer = Strata.open(dir)) {
            writer.kv().put("a", 1);
            writer.events().append("e", Map.of("n", 1));
            writer.flush();
            try (Strata reader = Strata.open(dir, Options.defaults().withReadOnly(true))) {
                DatabaseInfo info = reader.info();
                assertTrue(info.readOnly());
                assertEquals(Value.of(1), reader.kv().get("a").orElseThrow());
                assertTrue(reader.events().verifyChain().valid());
                assertThrows(AccessDeniedException.class, () -> reader.kv().put("b", 2));
                assertThrows(AccessDeniedException.class, () -> reader.branches().create("nope"));
            }
            writer.kv().put("b", 2); // the writer is unaffected by the reader
        }
        try (Strata reader = Strata.open(dir, Options.defaults().withReadOnly(true))) {
            assertEquals(Value.of(2), reader.kv().get("b").orElseThrow());
        }
    }

    @Test
    void aSecondWriterIsRefusedNamingTheLock() {
        try (Strata writer = Strata.open(dir)) {
            writer.kv().put("a", 1);
            StateException e = assertThrows(StateException.class, () -> Strata.open(dir));
            assertTrue(e.getMessage().contains("writer.lock"), e.getMessage());
            assertTrue(e.getMessage().contains("already open for writing"), e.getMessage());
            writer.kv().put("b", 2);
        }
        try (Strata again = Strata.open(dir)) { // the lock is released on close
            assertEquals(Value.of(2), again.kv().get("b").orElseThrow());
        }
    }

    @Test
    void aCorruptTableIsAnIoErrorNamingTheObject() throws Exception {
        try (Strata db = Strata.open(dir)) {
            for (int i = 0; i < 20; i++) {
                db.kv().put("k" + i, "v" + i);
            }
            db.flush();
        }
        Path table;
        try (var files = Files.list(dir.resolve("tables"))) {
            table = files.filter(p -> p.toString().endsWith(".sst")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(table);
        bytes[bytes.length - 1] ^= 0x5A; // the footer's checksum
        Files.write(table, bytes);
        IoException e = assertThrows(IoException.class, () -> {
            try (Strata db = Strata.open(dir)) {
                db.kv().get("k1");
            }
        });
        assertTrue(e.getMessage().contains(table.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }

    @Test
    void readOnlyOpenOfAMissingDatabaseIsNotFound() throws Exception {
        Options ro = Options.defaults().withReadOnly(true);
        NotFoundException e = assertThrows(NotFoundException.class, () -> Strata.open(dir.resolve("nope"), ro));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThrows(NotFoundException.class, () -> Strata.open(empty, ro));
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertThrows(ValidationException.class, () -> Strata.open(file));
        assertThrows(ValidationException.class, () -> Strata.open(null));
    }
}
