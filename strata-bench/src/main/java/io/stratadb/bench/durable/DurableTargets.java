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
                + "(no grouping: one fsync per commit, the issue's reference)", dir -> fsync(dir, false)));
        m.put("fsync-reserved", new Spec("fsync-reserved", "raw FileChannel over a file pre-filled with "
                + (RESERVED >> 20) + " MiB of zeros (wrapping around): overwrite the record in place, then "
                + "force(false), under one lock (one fsync per commit without a file-size update: the cheaper "
                + "fsync Strata's reserved WAL segments get)", dir -> fsync(dir, true)));
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
            public long fsyncs() {
                return s.stats().walSyncs();
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

    /** Bytes the reserved fsync loop pre-fills. */
    static final long RESERVED = 64L << 20;

    static DurableTarget fsync(Path dir, boolean reserved) {
        try {
            FileChannel ch = FileChannel.open(dir.resolve("fsync-loop.log"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            if (reserved) {
                ByteBuffer zeros = ByteBuffer.allocate(1 << 20);
                for (long at = 0; at < RESERVED; at += zeros.capacity()) {
                    zeros.clear();
                    while (zeros.hasRemaining()) {
                        ch.write(zeros, at + zeros.position());
                    }
                }
                ch.force(true);
            }
            return new DurableTarget() {
                private long position;
                private long syncs;

                @Override
                public void commit(byte[] key, byte[] value) {
                    ByteBuffer b = ByteBuffer.allocate(key.length + value.length + 8);
                    b.putInt(key.length).put(key).putInt(value.length).put(value).flip();
                    synchronized (this) {
                        try {
                            if (reserved && position + b.remaining() > RESERVED) {
                                position = 0;
                            }
                            while (b.hasRemaining()) {
                                position += ch.write(b, position);
                            }
                            ch.force(false);
                            syncs++;
                        } catch (IOException e) {
                            throw new UncheckedIOException("fsync loop write failed", e);
                        }
                    }
                }

                @Override
                public synchronized long fsyncs() {
                    return syncs;
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
