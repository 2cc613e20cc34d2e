package io.stratadb.internal.engine;

import io.stratadb.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Opens a fresh storage and engine per test. */
abstract class EngineTestBase {
    protected Storage storage;
    protected Engine engine;

    @BeforeEach
    void openEngine() {
        storage = TestStorages.open();
        engine = new Engine(storage);
    }

    @AfterEach
    void closeEngine() {
        storage.close();
    }

    protected KvOps kv() {
        return engine.kv("default", "default");
    }

    protected StateOps state() {
        return engine.state("default", "default");
    }

    protected EventOps events() {
        return engine.events("default", "default");
    }

    protected JsonOps json() {
        return engine.json("default", "default");
    }
}
