package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.backend.LocalFsBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.lsm.BackendTableStore;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;
import io.stratadb.storage.internal.record.CorruptionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tables over the real backends (in-memory and local file system) named by the layout. */
class BackendTableStoreTest {
    private final long seed = TestSeeds.seed();

    @TempDir
    Path dir;

    @Test
    void roundTripInMemoryBackend() throws Exception {
        roundTrip(new InMemoryBackend());
    }

    @Test
    void roundTripLocalFsBackend() throws Exception {
        try (LocalFsBackend b = new LocalFsBackend(dir)) {
            roundTrip(b);
        }
    }

    private void roundTrip(Backend backend) throws Exception {
        Random rnd = new Random(seed);
        BackendTableStore store = new BackendTableStore(backend);
        TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 1500);
        TableWriter.write(store, 42, TableOptions.defaults(), model.values().iterator());
        assertTrue(backend.exists(Layout.table(42)));
        try (TableReader r = TableReader.open(store, 42, new BlockCache(1 << 20))) {
            r.verify();
            List<TableEntry> seen;
            try (EntryCursor c = r.cursor()) {
                seen = TableRoundTripTest.scanAll(c);
            }
            assertEquals(new ArrayList<>(model.values()), seen, "seed=" + seed);
            for (TableEntry e : model.values()) {
                assertEquals(e, r.get(InternalKeys.prefix(e.key()), e.version()), "seed=" + seed);
            }
        }
        // an abandoned table leaves nothing behind
        try (TableWriter w = new TableWriter(store, 43, TableOptions.defaults())) {
            w.add(Keys.key("x", 1), new byte[100], false, 1_700_000_000_000_000L);
        }
        assertFalse(backend.exists(Layout.table(43)));
        // a flipped byte in the middle is reported with the layout name
        byte[] b = backend.read(Layout.table(42));
        b[b.length / 2] ^= 0x10;
        backend.write(Layout.table(42), b);
        backend.sync(Layout.table(42));
        CorruptionException e = assertThrows(CorruptionException.class, () -> {
            try (TableReader r = TableReader.open(store, 42, new BlockCache(0))) {
                r.verify();
            }
        });
        assertTrue(e.getMessage().contains(Layout.table(42)), e.getMessage());
    }
}
