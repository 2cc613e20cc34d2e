package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Tables a compaction replaced leave the disk as soon as no reader holds them: at once when nobody
 * reads, and only after the last open scan over them is closed (at the next compaction) otherwise;
 * a held scan keeps reading them meanwhile.
 */
class ObsoleteTableTest {
    private static Key key(int i) {
        return Key.of("s", 1, String.format("k%05d", i));
    }

    private static void fill(Storage s, int round) {
        for (int i = 0; i < 400; i++) {
            s.commit(Storage.DEFAULT_BRANCH, new WriteBatch().put(key(i), ("r" + round + "-" + i).getBytes()));
        }
        s.flush();
    }

    private static int tables(InMemoryBackend backend) throws Exception {
        return backend.list(Layout.TABLES_DIR).size();
    }

    @Test
    void replacedTablesAreDeletedOnceUnread() throws Exception {
        InMemoryBackend backend = new InMemoryBackend();
        StorageOptions options = StorageOptions.durable(Path.of("unused")).withDurability(Durability.BUFFERED);
        try (Storage s = DurableStorage.open(options, backend, new DurableStorage.Tuning(64 << 10, false))) {
            for (int round = 0; round < 3; round++) {
                fill(s, round);
                assertTrue(s.read(Storage.DEFAULT_BRANCH, key(7)).isPresent()); // readers pin the current set
            }
            s.compact();
            assertEquals(1, tables(backend), "after a full compaction with no reader only its output remains");

            fill(s, 3);
            int count = 0;
            try (CloseableIterator<KeyValue> held = s.snapshot(Storage.DEFAULT_BRANCH).scan(KeyRange.keyspace("s", 1))) {
                s.compact();
                int before = tables(backend);
                assertTrue(before > 1, "tables under an open scan stay: " + before);
                while (held.hasNext()) {
                    KeyValue kv = held.next();
                    assertEquals("r3-" + count, new String(kv.value()));
                    count++;
                }
            }
            assertEquals(400, count);
            fill(s, 4);
            s.compact();
            assertEquals(1, tables(backend), "released tables go at the next compaction");
        }
    }
}
