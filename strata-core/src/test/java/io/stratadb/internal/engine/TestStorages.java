package io.stratadb.internal.engine;

import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;

/**
 * Opens the storage engine tests run against: the real in-memory runtime, or the {@link FakeStorage}
 * model while the runtime is not available (or when {@code -Dengine.fakeStorage=true}).
 */
final class TestStorages {
    private TestStorages() {
    }

    static Storage open() {
        if (Boolean.getBoolean("engine.fakeStorage")) {
            return new FakeStorage();
        }
        try {
            return Storage.open(StorageOptions.inMemory());
        } catch (UnsupportedOperationException e) {
            return new FakeStorage();
        }
    }
}
