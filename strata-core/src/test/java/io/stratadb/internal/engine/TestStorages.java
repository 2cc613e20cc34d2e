package io.stratadb.internal.engine;

import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;

/** Opens the storage engine tests run against: the real in-memory runtime. */
final class TestStorages {
    private TestStorages() {
    }

    static Storage open() {
        return Storage.open(StorageOptions.inMemory());
    }
}
