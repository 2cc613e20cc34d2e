package io.stratadb.storage.core;

import io.stratadb.storage.Key;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.StorageRuntime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compact() in memory: the policy decides, fork points pin, unreachable deleted branches go. */
class RetentionTest {
    private static final Key K = Key.of("default", 1, "k");

    private static List<Long> versions(Storage db, String branch) {
        return db.history(branch, K).stream().map(VersionedValue::version).toList();
    }

    private static void put(Storage db, String branch, int v) {
        db.commit(branch, new WriteBatch().put(K, new byte[] {(byte) v}));
    }

    @Test
    void keepAllDropsNothing() {
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            put(db, "default", 1);
            put(db, "default", 2);
            db.compact();
            assertEquals(List.of(2L, 1L), versions(db, "default"));
        }
    }

    @Test
    void keepLatestRespectsForkPins() {
        try (Storage db = Storage.open(StorageOptions.inMemory().withRetention(RetentionPolicy.keepLatest(1)))) {
            put(db, "default", 1);                 // v1
            put(db, "default", 2);                 // v2
            db.fork("default", "child");           // v3, fork version 2
            put(db, "default", 4);                 // v4
            db.commit("default", new WriteBatch().delete(K)); // v5 (tombstone is the newest)
            put(db, "child", 6);                   // v6
            put(db, "child", 7);                   // v7
            db.compact();
            assertEquals(List.of(5L, 2L), versions(db, "default"), "v2 pinned by the child's fork point");
            assertEquals(List.of(7L, 2L), versions(db, "child"));
            assertTrue(db.read("default", K).isEmpty());
            assertEquals(7, db.read("child", K).orElseThrow().value()[0]);
            assertEquals(2, db.asOf("child", 3).get(K).orElseThrow().value()[0]);
        }
    }

    @Test
    void deletedBranchesWithoutDescendantsAreDropped() {
        try (Storage db = Storage.open(StorageOptions.inMemory())) {
            StorageRuntime rt = (StorageRuntime) db;
            db.createBranch("tmp");
            put(db, "tmp", 1);
            put(db, "tmp", 2);
            db.createBranch("parent");
            put(db, "parent", 3);
            db.fork("parent", "kid");
            db.deleteBranch("parent");
            db.deleteBranch("tmp");
            long before = rt.memtable().entryCount();
            db.compact();
            assertEquals(before - 2, rt.memtable().entryCount(), "tmp's two versions dropped, parent's kept");
            assertEquals(3, db.read("kid", K).orElseThrow().value()[0]);
        }
    }
}
