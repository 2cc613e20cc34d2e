package io.stratadb.bench.kv;

import java.nio.file.Path;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * H2 MVStore: one {@code MVMap<byte[], byte[]>}. Buffered = background auto-commit every 100 ms;
 * Strict = {@code commit()} + {@code sync()} after every write; in-memory = no file.
 */
public final class MvStoreKv implements KvEngine {
    private final MVStore store;
    private final MVMap<byte[], byte[]> map;
    private final boolean strict;

    private MvStoreKv(Path dir, KvMode mode) {
        MVStore.Builder b = new MVStore.Builder().cacheSize(128);
        if (mode != KvMode.INMEMORY) {
            b.fileName(dir.resolve("bench.mv.db").toString());
        }
        store = b.open();
        if (mode == KvMode.BUFFERED) {
            store.setAutoCommitDelay(100);
        }
        map = store.openMap("usertable");
        strict = mode == KvMode.STRICT;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        map.put(key, value);
        if (strict) {
            store.commit();
            store.sync();
        }
    }

    @Override
    public byte[] get(byte[] key) {
        return map.get(key);
    }

    @Override
    public int scan(byte[] startKey, int count) {
        int n = 0;
        Cursor<byte[], byte[]> c = map.cursor(startKey);
        while (n < count && c.hasNext()) {
            c.next();
            c.getValue();
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        store.close();
    }

    /** Factory. */
    public static final class Factory implements KvEngineFactory {
        @Override
        public String name() {
            return "mvstore";
        }

        @Override
        public String configuration(KvMode mode) {
            return "H2 MVStore " + org.h2.engine.Constants.VERSION + ": one MVMap<byte[],byte[]>, cache 128 MiB, "
                    + switch (mode) {
                        case INMEMORY -> "in-memory (no file)";
                        case BUFFERED -> "file, background auto-commit every 100 ms (no WAL: a crash loses the "
                                + "uncommitted window)";
                        case STRICT -> "file, commit()+sync() after every write";
                    };
        }

        @Override
        public KvEngine open(Path dir, KvMode mode) {
            return new MvStoreKv(dir, mode);
        }
    }
}
