package io.stratadb.bench.kv;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lmdbjava.CursorIterable;
import org.lmdbjava.Dbi;
import org.lmdbjava.DbiFlags;
import org.lmdbjava.Env;
import org.lmdbjava.EnvFlags;
import org.lmdbjava.KeyRange;
import org.lmdbjava.Txn;

/**
 * LMDB (lmdbjava, bundled liblmdb): one write transaction per put, one read transaction per read.
 * Buffered = MDB_NOSYNC plus an {@code env.sync} every 100 ms from a background thread.
 */
public final class LmdbKv implements KvEngine {
    static final long MAP_SIZE = 64L << 30;
    private final Env<ByteBuffer> env;
    private final Dbi<ByteBuffer> db;
    private final ScheduledExecutorService syncer;

    private LmdbKv(Path dir, KvMode mode) {
        EnvFlags[] flags = switch (mode) {
            case STRICT -> new EnvFlags[] {EnvFlags.MDB_NOTLS};
            case BUFFERED, INMEMORY -> new EnvFlags[] {EnvFlags.MDB_NOTLS, EnvFlags.MDB_NOSYNC,
                EnvFlags.MDB_NOMETASYNC};
        };
        env = Env.create().setMapSize(MAP_SIZE).setMaxDbs(1).setMaxReaders(256).open(dir.toFile(), flags);
        db = env.openDbi("usertable", DbiFlags.MDB_CREATE);
        if (mode == KvMode.BUFFERED) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lmdb-sync");
                t.setDaemon(true);
                return t;
            });
            syncer.scheduleWithFixedDelay(() -> env.sync(true), 100, 100, TimeUnit.MILLISECONDS);
        } else {
            syncer = null;
        }
    }

    private static ByteBuffer direct(byte[] b) {
        ByteBuffer bb = ByteBuffer.allocateDirect(b.length);
        bb.put(b).flip();
        return bb;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        ByteBuffer k = direct(key);
        ByteBuffer v = direct(value);
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            db.put(txn, k, v);
            txn.commit();
        }
    }

    @Override
    public byte[] get(byte[] key) {
        ByteBuffer k = direct(key);
        try (Txn<ByteBuffer> txn = env.txnRead()) {
            ByteBuffer v = db.get(txn, k);
            if (v == null) {
                return null;
            }
            byte[] out = new byte[v.remaining()];
            v.get(out);
            return out;
        }
    }

    @Override
    public int scan(byte[] startKey, int count) {
        int n = 0;
        try (Txn<ByteBuffer> txn = env.txnRead();
             CursorIterable<ByteBuffer> it = db.iterate(txn, KeyRange.atLeast(direct(startKey)))) {
            for (CursorIterable.KeyVal<ByteBuffer> kv : it) {
                ByteBuffer v = kv.val();
                byte[] out = new byte[v.remaining()];
                v.get(out);
                if (++n >= count) {
                    break;
                }
            }
        }
        return n;
    }

    @Override
    public void readModifyWrite(byte[] key, byte[] value) {
        ByteBuffer k = direct(key);
        ByteBuffer v = direct(value);
        try (Txn<ByteBuffer> txn = env.txnWrite()) {
            db.get(txn, k);
            db.put(txn, k, v);
            txn.commit();
        }
    }

    @Override
    public void close() {
        if (syncer != null) {
            syncer.shutdownNow();
            try {
                syncer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        db.close();
        env.close();
    }

    /** Factory. */
    public static final class Factory implements KvEngineFactory {
        @Override
        public String name() {
            return "lmdb";
        }

        @Override
        public String configuration(KvMode mode) {
            return "lmdbjava " + io.stratadb.bench.Versions.of("lmdbjava")
                    + ": map 64 GiB, MDB_NOTLS, one write txn per put (RMW in one txn), " + switch (mode) {
                        case INMEMORY -> "MDB_NOSYNC|MDB_NOMETASYNC, never synced";
                        case BUFFERED -> "MDB_NOSYNC|MDB_NOMETASYNC + env.sync every 100 ms";
                        case STRICT -> "default (fsync per commit)";
                    };
        }

        @Override
        public KvEngine open(Path dir, KvMode mode) {
            return new LmdbKv(dir, mode);
        }
    }
}
