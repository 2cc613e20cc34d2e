package io.stratadb.bench.durable;

import io.stratadb.bench.kv.KvMode;
import io.stratadb.bench.kv.RocksKv;
import io.stratadb.bench.kv.StrataKv;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** The durable-commit targets: Strata Strict, RocksDB sync=true, and the raw fsync loop. */
public final class DurableTargets {
    private DurableTargets() {
    }

    /** Name → (configuration text, opener over a fresh folder). */
    public record Spec(String name, String configuration, Function<Path, DurableTarget> opener) {
    }

    public static Map<String, Spec> all() {
        Map<String, Spec> m = new LinkedHashMap<>();
        m.put("strata", new Spec("strata", "Strata storage API, Durability.STRICT, one commit per write "
                + "(the commit pipeline groups concurrent commits into one fsync)", DurableTargets::strata));
        m.put("rocksdb", new Spec("rocksdb", new RocksKv.Factory().configuration(KvMode.STRICT)
                + " (RocksDB groups concurrent writers' WAL syncs)", DurableTargets::rocks));
        m.put("fsync", new Spec("fsync", "raw FileChannel: append the record, then force(false), under one lock "
                + "(no grouping: the physical one-fsync-per-commit limit of this disk)", DurableTargets::fsync));
        return m;
    }

    static DurableTarget strata(Path dir) {
        Storage s = StrataKv.openStorage(dir, Durability.STRICT);
        return new DurableTarget() {
            @Override
            public void commit(byte[] key, byte[] value) {
                s.commit(Storage.DEFAULT_BRANCH, new WriteBatch().put(Key.of("default", 1, key), value));
            }

            @Override
            public void close() {
                s.close();
            }
        };
    }

    static DurableTarget rocks(Path dir) {
        RocksKv r = RocksKv.open(dir, KvMode.STRICT);
        return new DurableTarget() {
            @Override
            public void commit(byte[] key, byte[] value) {
                r.put(key, value);
            }

            @Override
            public void close() {
                r.close();
            }
        };
    }

    static DurableTarget fsync(Path dir) {
        try {
            FileChannel ch = FileChannel.open(dir.resolve("fsync-loop.log"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new DurableTarget() {
                @Override
                public void commit(byte[] key, byte[] value) {
                    ByteBuffer b = ByteBuffer.allocate(key.length + value.length + 8);
                    b.putInt(key.length).put(key).putInt(value.length).put(value).flip();
                    synchronized (this) {
                        try {
                            while (b.hasRemaining()) {
                                ch.write(b);
                            }
                            ch.force(false);
                        } catch (IOException e) {
                            throw new UncheckedIOException("fsync loop write failed", e);
                        }
                    }
                }

                @Override
                public void close() {
                    try {
                        ch.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException("fsync loop close failed", e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the fsync loop file in " + dir, e);
        }
    }
}
