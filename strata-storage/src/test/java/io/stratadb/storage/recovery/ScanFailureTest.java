package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.backend.FaultInjectingBackend;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import org.junit.jupiter.api.Test;

/**
 * A scan whose table read fails part way reports the typed error, and then stays failed: a caller
 * that catches it and goes on gets an {@link IllegalStateException} naming the failure, never a
 * silently shortened result.
 */
class ScanFailureTest {
    private static final int KEYS = 2000;

    @Test
    void aScanThatFailsMidwayStaysFailed() throws Exception {
        FaultInjectingBackend f = new FaultInjectingBackend(new InMemoryBackend(), true);
        DurableStorage s = CrashRecoveryTest.open(Durability.BUFFERED, f);
        try {
            for (int i = 0; i < KEYS; i += 100) {
                WriteBatch b = new WriteBatch();
                for (int j = i; j < i + 100; j++) {
                    b.put(Key.of("s", 1, String.format("k%05d", j)), new byte[200]);
                }
                s.commit("default", b);
            }
            s.flush(); // ~100 data blocks in a table, read positionally through the faulty backend
            try (CloseableIterator<KeyValue> it = s.snapshot("default").scan(KeyRange.all())) {
                for (int i = 0; i < 10; i++) {
                    it.next();
                }
                f.failFrom(f.opCount() + 1);
                StorageException e = assertThrows(StorageException.class, () -> {
                    while (it.hasNext()) {
                        it.next();
                    }
                });
                IllegalStateException again = assertThrows(IllegalStateException.class, it::hasNext);
                assertSame(e, again.getCause());
                assertThrows(IllegalStateException.class, it::next);
            }
        } finally {
            try {
                s.close();
            } catch (StorageException closeFailed) {
                // the backend stays failed (failFrom): a typed failure to close is expected
            }
        }
    }
}
