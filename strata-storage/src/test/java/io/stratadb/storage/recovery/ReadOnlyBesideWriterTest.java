package io.stratadb.storage.recovery;

import static io.stratadb.storage.recovery.LifecycleTest.b;
import static io.stratadb.storage.recovery.LifecycleTest.k;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.LocalFsBackend;
import io.stratadb.storage.internal.layout.Layout;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read-only open beside a live writer (another process in production; here another instance on the
 * same directory): the writer deletes tables, WAL segments and manifests once a newer manifest no longer
 * needs them. The reader must neither fail nor lose data because of that, at open or afterwards.
 */
class ReadOnlyBesideWriterTest {
    private static final int TABLES = 3;

    @TempDir
    Path dir;

    /**
     * A writer whose WAL segments roll every 4 KiB, so that after a flush the flushed records are in
     * segments the manifest no longer names: a reader then finds them only in the tables.
     */
    private DurableStorage writer() throws java.io.IOException {
        return DurableStorage.open(options(), new LocalFsBackend(dir.resolve("db")), new DurableStorage.Tuning(4096, true));
    }

    private StorageOptions options() {
        return StorageOptions.durable(dir.resolve("db"));
    }

    /** The directory as another process sees it (to list what the writer left). */
    private Backend disk() throws java.io.IOException {
        return LocalFsBackend.existing(dir.resolve("db"));
    }

    /** Three flushed L0 tables of 50 keys each ("k{t}-{i}" = value(t); one short of the L0 trigger). */
    private static void writeThreeTables(Storage w) {
        for (int t = 0; t < TABLES; t++) {
            for (int i = 0; i < 50; i++) {
                w.commit("default", new WriteBatch().put(k("k" + t + "-" + i), value(t)));
            }
            w.flush();
        }
        w.commit("default", new WriteBatch().put(k("tail"), b("in the WAL"))); // rolls past the flushed segments
    }

    private static byte[] value(int t) {
        byte[] v = new byte[200];
        java.util.Arrays.fill(v, (byte) ('a' + t));
        return v;
    }

    private static void readsAll(Storage r) {
        for (int t = 0; t < TABLES; t++) {
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(value(t), r.read("default", k("k" + t + "-" + i)).orElseThrow().value(),
                        "k" + t + "-" + i);
            }
        }
        assertArrayEquals(b("in the WAL"), r.read("default", k("tail")).orElseThrow().value());
    }

    @Test
    void aReaderKeepsReadingTablesTheWriterCompactedAway() throws Exception {
        try (Storage w = writer()) {
            writeThreeTables(w);
            Set<String> flushed = new HashSet<>(disk().list(Layout.TABLES_DIR));
            assertEquals(TABLES, flushed.size(), flushed.toString());
            try (Storage r = Storage.open(options().withReadOnly(true))) {
                w.compact();
                List<String> after = disk().list(Layout.TABLES_DIR);
                assertTrue(after.stream().noneMatch(flushed::contains), "the writer deleted the inputs: " + after);
                readsAll(r); // would fail if the reader opened a table lazily, after the writer deleted it
            }
        }
    }

    @Test
    void anOpenThatRacesTheWriterRetriesOnTheNewManifest() throws Exception {
        try (Storage w = writer()) {
            writeThreeTables(w);
            Backend disk = disk();
            AtomicInteger compactions = new AtomicInteger();
            // the writer compacts (publishing a new manifest, deleting the three tables) just as the reader,
            // holding the old manifest, checks its first table
            Backend racing = (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(),
                    new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                        if (method.getName().equals("exists") && ((String) args[0]).startsWith(Layout.TABLES_DIR)
                                && compactions.get() == 0) {
                            compactions.incrementAndGet();
                            w.compact();
                        }
                        try {
                            return method.invoke(disk, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            try (DurableStorage r = DurableStorage.open(options().withReadOnly(true), racing,
                    DurableStorage.Tuning.defaults())) {
                assertEquals(1, compactions.get());
                assertTrue(r.recoveryHealth().isHealthy(), r.recoveryHealth().toString());
                readsAll(r);
            }
            assertFalse(disk.list(Layout.TABLES_DIR).isEmpty());
        }
    }
}
