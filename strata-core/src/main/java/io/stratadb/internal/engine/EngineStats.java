package io.stratadb.internal.engine;

/** Collects {@link EngineInfo}. */
final class EngineStats {
    private EngineStats() {
    }

    static EngineInfo collect(Engine engine, String branch) {
        throw new UnsupportedOperationException("info: in progress");
    }
}
