package io.stratadb.bench.kv;

import java.nio.file.Path;

/** Opens one engine in a fresh folder. Implementations are stateless and thread-safe. */
public interface KvEngineFactory {
    /** Short name used on the command line and in tables (e.g. "rocksdb"). */
    String name();

    /** The embedded configuration used for {@code mode}, written into the report. */
    String configuration(KvMode mode);

    /**
     * Opens the engine in {@code dir} (empty, exists).
     *
     * @throws io.stratadb.bench.UnsupportedEngineException if this build cannot run {@code mode}
     */
    KvEngine open(Path dir, KvMode mode);
}
