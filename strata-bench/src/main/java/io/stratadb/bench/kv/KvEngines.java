package io.stratadb.bench.kv;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The registry of KV engines the driver knows, Strata first. */
public final class KvEngines {
    private static final Map<String, KvEngineFactory> ALL = new LinkedHashMap<>();

    static {
        for (KvEngineFactory f : List.of(new StrataKv.Factory(), new StrataKv.Factory(true), new RocksKv.Factory(),
                new LmdbKv.Factory(), new SqliteKv.Factory(), new MvStoreKv.Factory())) {
            ALL.put(f.name(), f);
        }
    }

    private KvEngines() {
    }

    public static Map<String, KvEngineFactory> all() {
        return ALL;
    }

    /** What runs without {@code --engines}: every engine but Strata's variants (ask for those by name). */
    public static List<String> defaults() {
        return ALL.keySet().stream().filter(n -> !n.startsWith("strata-")).toList();
    }
}
