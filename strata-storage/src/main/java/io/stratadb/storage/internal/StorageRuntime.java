package io.stratadb.storage.internal;

import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;

/** Placeholder: the runtime that implements {@link Storage}. Replaced by the storage-core work. */
public final class StorageRuntime {
    private StorageRuntime() {
    }

    public static Storage open(StorageOptions options) {
        throw new UnsupportedOperationException("storage runtime not implemented yet");
    }
}
