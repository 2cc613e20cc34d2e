package io.stratadb.storage.backend;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.InMemoryBackend;

class InMemoryBackendTest extends BackendContractTest {
    @Override
    protected Backend newBackend() {
        return new InMemoryBackend();
    }
}
