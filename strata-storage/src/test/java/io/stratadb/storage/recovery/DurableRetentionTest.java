package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Retention in the durable engine: compaction of flushed tables drops what the policy allows, except fork pins. */
class DurableRetentionTest {
    @Test
    void keepLatestDropsFlushedVersionsButForkPinsSurvive() {
        InMemoryBackend disk = new InMemoryBackend();
        StorageOptions o = StorageOptions.durable(Path.of("unused")).withDurability(Durability.STRICT)
                .withRetention(RetentionPolicy.keepLatest(1));
        Key k = Key.of("default", 1, "k");
        Key other = Key.of("default", 1, "other");
        try (DurableStorage s = DurableStorage.open(o, disk, DurableStorage.Tuning.defaults())) {
            for (int i = 1; i <= 5; i++) {
                s.commit("default", new WriteBatch().put(k, ("v" + i).getBytes(StandardCharsets.UTF_8)));
                s.flush(); // every version in its own table
                if (i == 2) {
                    s.fork("default", "child"); // pins version 2 of k (fork at version 2)
                }
            }
            s.commit("default", new WriteBatch().put(other, new byte[] {1}));
            s.flush();
            s.compact();
            // newest survives, the one the child reads survives, the rest are gone
            assertEquals(2, s.history("default", k).size(), s.history("default", k).toString());
            assertArrayEquals("v2".getBytes(StandardCharsets.UTF_8), s.read("child", k).orElseThrow().value());
            s.deleteBranch("child");
            s.compact();
            assertEquals(1, s.history("default", k).size());
        }
        try (DurableStorage s = DurableStorage.open(o, disk, DurableStorage.Tuning.defaults())) {
            assertEquals(1, s.history("default", k).size());
            assertArrayEquals("v5".getBytes(StandardCharsets.UTF_8), s.read("default", k).orElseThrow().value());
        }
    }
}
