package io.stratadb.bench.recovery;

import io.stratadb.bench.Files2;
import io.stratadb.bench.kv.KvMode;
import io.stratadb.bench.kv.RocksKv;
import io.stratadb.bench.kv.StrataKv;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/** Strata (Strict) and RocksDB recovery targets. */
public final class RecoveryTargets {
    private RecoveryTargets() {
    }

    public static Map<String, RecoveryTarget> all() {
        Map<String, RecoveryTarget> m = new LinkedHashMap<>();
        m.put("strata", new StrataTarget());
        m.put("rocksdb", new RocksTarget());
        return m;
    }

    static byte[] key(int i) {
        return ("key" + i).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] value(SplittableRandom r, int size) {
        byte[] v = new byte[size];
        r.nextBytes(v);
        return v;
    }

    /** Strata Strict: load in 1000-key commits, flush, then single-key commits (each fsynced). */
    static final class StrataTarget implements RecoveryTarget {
        @Override
        public String name() {
            return "strata";
        }

        @Override
        public String configuration() {
            return "Strata storage API, Durability.STRICT; load in 1000-key commits, flush(), then the tail as "
                    + "single-key commits; reopen = Storage.open + one read + close";
        }

        @Override
        public void populate(Path dir, int keys, int tail, int valueSize) {
            Storage s = StrataKv.openStorage(dir, Durability.STRICT);
            SplittableRandom r = new SplittableRandom(keys);
            WriteBatch b = new WriteBatch();
            for (int i = 0; i < keys; i++) {
                b.put(Key.of("default", 1, key(i)), value(r, valueSize));
                if (b.size() == 1000 || i == keys - 1) {
                    s.commit(Storage.DEFAULT_BRANCH, b);
                    b = new WriteBatch();
                }
            }
            s.flush();
            for (int i = 0; i < tail; i++) {
                s.commit(Storage.DEFAULT_BRANCH, new WriteBatch().put(Key.of("default", 1, key(keys + i)),
                        value(r, valueSize)));
            }
        }

        @Override
        public boolean reopen(Path dir, String probe) {
            try (Storage s = StrataKv.openStorage(dir, Durability.STRICT)) {
                return s.read(Storage.DEFAULT_BRANCH, Key.of("default", 1, probe)).isPresent();
            }
        }

        @Override
        public void grow(Path dir, int from, int to, int tail, int valueSize) {
            Storage s = StrataKv.openStorage(dir, Durability.BUFFERED);
            SplittableRandom r = new SplittableRandom(to ^ ((long) tail << 32));
            WriteBatch b = new WriteBatch();
            for (int i = from; i < to; i++) {
                b.put(Key.of("default", 1, key(i)), value(r, valueSize));
                if (b.size() == 1000 || i == to - 1) {
                    s.commit(Storage.DEFAULT_BRANCH, b);
                    b = new WriteBatch();
                }
            }
            s.flush();
            for (int i = 0; i < tail; i++) {
                s.commit(Storage.DEFAULT_BRANCH, new WriteBatch().put(Key.of("default", 1, key(to + i)),
                        value(r, valueSize)));
            }
        }

        @Override
        public long[] reopenTimed(Path dir, String probe) {
            long t0 = System.nanoTime();
            Storage s = StrataKv.openStorage(dir, Durability.BUFFERED);
            boolean found;
            try {
                found = s.read(Storage.DEFAULT_BRANCH, Key.of("default", 1, probe)).isPresent();
            } catch (RuntimeException e) {
                s.close();
                throw e;
            }
            long t1 = System.nanoTime();
            s.close();
            return new long[] {t1 - t0, System.nanoTime() - t1, found ? 1 : 0};
        }

        @Override
        public long walBytes(Path dir) {
            return Files2.size(dir.resolve("wal"));
        }
    }

    /** RocksDB: load with WAL (sync=false), flush the memtable, then the tail stays in the WAL. */
    static final class RocksTarget implements RecoveryTarget {
        @Override
        public String name() {
            return "rocksdb";
        }

        @Override
        public String configuration() {
            return new RocksKv.Factory().configuration(KvMode.BUFFERED) + "; load, flush memtable, tail puts "
                    + "(WAL only); reopen = RocksDB.open (WAL replay) + one read + close";
        }

        @Override
        public void populate(Path dir, int keys, int tail, int valueSize) {
            RocksKv db = RocksKv.open(dir, KvMode.BUFFERED);
            SplittableRandom r = new SplittableRandom(keys);
            for (int i = 0; i < keys; i++) {
                db.put(key(i), value(r, valueSize));
            }
            db.flushMemtable();
            for (int i = 0; i < tail; i++) {
                db.put(key(keys + i), value(r, valueSize));
            }
        }

        @Override
        public boolean reopen(Path dir, String probe) {
            try (RocksKv db = RocksKv.open(dir, KvMode.BUFFERED)) {
                return db.get(probe.getBytes(StandardCharsets.US_ASCII)) != null;
            }
        }

        @Override
        public void grow(Path dir, int from, int to, int tail, int valueSize) {
            RocksKv db = RocksKv.open(dir, KvMode.BUFFERED);
            SplittableRandom r = new SplittableRandom(to ^ ((long) tail << 32));
            for (int i = from; i < to; i++) {
                db.put(key(i), value(r, valueSize));
            }
            db.flushMemtable();
            for (int i = 0; i < tail; i++) {
                db.put(key(to + i), value(r, valueSize));
            }
        }

        @Override
        public long[] reopenTimed(Path dir, String probe) {
            long t0 = System.nanoTime();
            RocksKv db = RocksKv.open(dir, KvMode.BUFFERED);
            boolean found;
            try {
                found = db.get(probe.getBytes(StandardCharsets.US_ASCII)) != null;
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            long t1 = System.nanoTime();
            db.close();
            return new long[] {t1 - t0, System.nanoTime() - t1, found ? 1 : 0};
        }

        @Override
        public long walBytes(Path dir) {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(p -> p.getFileName().toString().endsWith(".log")).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException e) {
                return -1;
            }
        }
    }
}
