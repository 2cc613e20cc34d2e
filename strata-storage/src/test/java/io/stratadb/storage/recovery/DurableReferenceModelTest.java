package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Durability;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.core.ReferenceModelTest;
import io.stratadb.storage.internal.backend.InMemoryBackend;
import io.stratadb.storage.internal.lifecycle.DurableStorage;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * Storage-core's reference model test (every operation checked against {@code ReferenceModel}) run
 * against the durable engine in STRICT mode, with a 4 KiB memtable (frequent flushes and compactions)
 * and close/reopen at random points. {@link BufferedReferenceModelTest} does the same in BUFFERED.
 */
class DurableReferenceModelTest extends ReferenceModelTest {
    private InMemoryBackend disk;
    private StorageOptions options;
    private Random reopen;

    protected Durability mode() {
        return Durability.STRICT;
    }

    @Override
    protected Storage openStorage(LongSupplier clock) {
        disk = new InMemoryBackend();
        options = StorageOptions.durable(Path.of("unused")).withDurability(mode()).withMemtableBytes(4096)
                .withSyncIntervalMillis(5).withClock(clock);
        reopen = null;
        return DurableStorage.open(options, disk, new DurableStorage.Tuning(8192, true));
    }

    @Override
    protected Storage afterStep(Storage current, long seed, int op) {
        if (reopen == null) {
            reopen = new Random(seed * 31 + 7);
        }
        if (reopen.nextInt(400) != 0) {
            return current;
        }
        current.close();
        Storage s = DurableStorage.open(options, disk, new DurableStorage.Tuning(8192, true));
        assertTrue(s.recoveryHealth().isHealthy(), "seed " + seed + " op " + op + ": " + s.recoveryHealth());
        return s;
    }
}
