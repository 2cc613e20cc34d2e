package io.stratadb.storage.core;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link ReadView#changes} and {@link ReadView#sharedHistory} on a small fork, in memory and on disk
 * with the data flushed and compacted into tables (the randomized check is in {@link ReferenceModelTest}).
 */
class ChangesTest {
    @TempDir
    Path dir;

    private static Key key(String k) {
        return Key.of("default", 1, k);
    }

    private static byte[] v(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "key=value" per entry, "key deleted" for a deletion. */
    private static List<String> list(ReadView view, long since) {
        List<String> out = new ArrayList<>();
        try (CloseableIterator<KeyValue> it = view.changes(KeyRange.keyspace("default", 1), since)) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                String k = new String(kv.key().userKeyNoCopy(), StandardCharsets.UTF_8);
                out.add(kv.isDeleted() ? k + " deleted" : k + "=" + new String(kv.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aForkAndItsParentListWhatEachChangedSinceTheFork(boolean durable) {
        try (Storage db = Storage.open(durable ? StorageOptions.durable(dir) : StorageOptions.inMemory())) {
            db.commit("default", new WriteBatch().put(key("a"), v("1")).put(key("b"), v("1")).put(key("c"), v("1")));
            db.fork("default", "f");
            long forkVersion = db.branch("f").orElseThrow().forkVersion();
            if (durable) {
                db.flush();
                db.compact();
            }
            db.commit("f", new WriteBatch().put(key("b"), v("2")).delete(key("c")).put(key("d"), v("2")));
            long beforeA = db.latestVersion();
            db.commit("default", new WriteBatch().put(key("a"), v("3")));
            ReadView parent = db.snapshot("default");
            ReadView fork = db.snapshot("f");

            assertEquals(forkVersion, fork.sharedHistory(parent));
            assertEquals(forkVersion, parent.sharedHistory(fork));
            assertEquals(List.of("b=2", "c deleted", "d=2"), list(fork, forkVersion));
            assertEquals(List.of("a=3"), list(parent, forkVersion));
            // since 0: every key that has a version, the deleted one included
            assertEquals(List.of("a=1", "b=2", "c deleted", "d=2"), list(fork, 0));
            assertEquals(List.of("a=3", "b=1", "c=1"), list(parent, 0));

            // two views of one branch share everything up to the older one
            ReadView older = db.asOf("default", beforeA);
            assertEquals(beforeA, parent.sharedHistory(older));
            assertEquals(List.of("a=3"), list(parent, beforeA));
            assertEquals(List.of(), list(older, beforeA));

            // an unrelated root branch shares nothing
            db.createBranch("root");
            assertEquals(0, db.snapshot("root").sharedHistory(fork));

            try (Transaction t = db.begin("f")) {
                assertThrows(UnsupportedOperationException.class, () -> t.changes(KeyRange.all(), 0));
                assertEquals(0, t.sharedHistory(fork));
                assertEquals(0, fork.sharedHistory(t));
            }
            assertThrows(IllegalArgumentException.class, () -> fork.changes(KeyRange.all(), -1));
        }
    }
}
