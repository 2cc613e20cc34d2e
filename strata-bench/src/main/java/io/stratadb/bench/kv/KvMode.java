package io.stratadb.bench.kv;

import io.stratadb.bench.BenchUsageException;
import java.util.Locale;

/** What an acknowledged write must survive, mapped by each adapter onto its engine's settings. */
public enum KvMode {
    /** Nothing needs to survive: no WAL / no sync. */
    INMEMORY,
    /** Survives a process crash; an OS crash may lose the last ~100 ms (WAL without per-write fsync). */
    BUFFERED,
    /** Every acknowledged write is fsynced before the call returns. */
    STRICT;

    public static KvMode parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BenchUsageException("--mode must be buffered, strict or inmemory, got '" + s + "'");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
