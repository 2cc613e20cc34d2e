package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.stratadb.storage.Damage;
import io.stratadb.storage.Key;
import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.Lz4Block;
import io.stratadb.storage.internal.lsm.TableEdit;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableSet;
import io.stratadb.storage.internal.lsm.TableWriter;
import io.stratadb.storage.internal.manifest.RuntimeState;
import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.wal.CommitCodec;
import io.stratadb.storage.internal.wal.WalEntry;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every decoder of bytes read from disk, fed damaged or arbitrary input, either decodes it or throws a
 * {@link CorruptionException}: never another exception, a hang or an out-of-memory allocation.
 *
 * <p>Two ways in. The {@link FuzzTest}s are Jazzer's coverage-guided fuzz targets: in the default test run
 * they run once per stored input (regression mode); {@code fuzz/run} fuzzes each for a while
 * ({@code JAZZER_FUZZ=1}). {@link #seededMutationsOfValidObjects()} runs in every build: it takes valid
 * encodings of each kind (a table with history blocks, value blocks and LZ4 blocks; an LZ4 block; manifest
 * records; a WAL commit) and feeds each target seeded random damage to them (bit flips, byte overwrites,
 * truncations, insertions, deletions, splices), so the checks past the checksums, whose damage a plain
 * random sweep would almost never reach, are exercised as well as the checksums themselves.
 */
class DecoderFuzzTest {
    private static final String OBJECT = "fuzz/object";

    // ---- targets (shared by the fuzzer and the seeded test) ----

    /** A table object: open, verify, scan every entry with its value, and look each key up at two versions. */
    static void tableObject(byte[] data) {
        for (boolean mapped : new boolean[] {false, true}) {
            MemoryTableStore store = new MemoryTableStore();
            store.mapped = mapped;
            store.replace(1, data);
            try (TableReader r = TableReader.open(store, 1, new BlockCache(1 << 16))) {
                try (EntryCursor c = r.cursor()) {
                    for (c.seekToFirst(); c.valid(); c.next()) {
                        byte[] k = c.key();
                        if (!c.tombstone()) {
                            c.value();
                        }
                        if (k.length >= InternalKeys.SUFFIX) {
                            r.get(InternalKeys.prefix(k), Long.MAX_VALUE);
                            r.get(InternalKeys.prefix(k), InternalKeys.version(k));
                        }
                    }
                }
                r.verify();
            } catch (CorruptionException expected) {
                // the damage was found
            } catch (UncheckedIOException e) {
                if (!(e.getCause() instanceof CorruptionException)) {
                    throw e;
                }
            } catch (IllegalStateException e) {
                if (!String.valueOf(e.getMessage()).contains("without blob files")) { // this test opens none
                    throw e;
                }
            } catch (java.io.IOException e) {
                throw new AssertionError("an I/O error other than corruption from a table in memory", e);
            }
        }
    }

    /** An LZ4 block: the first 3 bytes give the expected decompressed size (up to 16 MiB), the rest is the block. */
    static void lz4Block(byte[] data) {
        if (data.length < 3) {
            return;
        }
        int size = ((data[0] & 0xff) << 16) | ((data[1] & 0xff) << 8) | (data[2] & 0xff);
        try {
            Lz4Block.decompress(data, 3, data.length, size, OBJECT, 0);
        } catch (CorruptionException expected) {
            // the damage was found
        }
    }

    /** Compressing any bytes and decompressing the result gives them back. */
    static void lz4RoundTrip(byte[] data) {
        byte[] c = new byte[Lz4Block.maxCompressedLength(data.length)];
        int n = Lz4Block.compress(data, data.length, c);
        try {
            assertArrayEquals(data, Lz4Block.decompress(c, 0, n, data.length, OBJECT, 0));
        } catch (CorruptionException e) {
            throw new AssertionError("the compressor's own output does not decompress", e);
        }
    }

    /** Manifest records and the WAL's commit body; the first byte picks the decoder. */
    static void record(byte[] data) {
        if (data.length == 0) {
            return;
        }
        byte[] body = Arrays.copyOfRange(data, 1, data.length);
        try {
            switch ((data[0] & 0xff) % 5) {
                case 0 -> TableMeta.decode(body, OBJECT);
                case 1 -> TableEdit.decode(body, OBJECT);
                case 2 -> TableSet.decode(body, OBJECT);
                case 3 -> RuntimeState.decode(body, OBJECT);
                default -> CommitCodec.decode(new WalEntry(1, body), OBJECT, 0);
            }
        } catch (CorruptionException expected) {
            // the damage was found
        }
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzTableObject(byte[] data) {
        tableObject(data);
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzLz4Block(byte[] data) {
        lz4Block(data);
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzLz4RoundTrip(byte[] data) {
        lz4RoundTrip(data);
    }

    @FuzzTest(maxDuration = "2m")
    void fuzzRecord(byte[] data) {
        record(data);
    }

    // ---- valid objects, and seeded damage to them ----

    /** A small table with several versions per key (history blocks), older values apart, and LZ4 data blocks. */
    static byte[] validTable(Random rnd, TableOptions.Compression compression) throws Exception {
        return TableCorruptionTest.smallTable(rnd, new MemoryTableStore(), compression);
    }

    static List<byte[]> validRecords(Random rnd) throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            entries.add(TableEntry.put(InternalKeys.of(Keys.prefix(("k" + i).getBytes()), 1 + i), new byte[i], 7));
        }
        TableMeta meta = TableWriter.write(store, 3, TableOptions.defaults(), entries.iterator());
        TableEdit edit = TableEdit.flush(meta);
        List<WriteBatch.Write> writes = List.of(new WriteBatch.Write(Key.of("s", 1, "a"), new byte[] {1, 2}),
                new WriteBatch.Write(Key.of("s", 2, "b"), null));
        List<byte[]> out = new ArrayList<>();
        out.add(prepend(0, meta.encode()));
        out.add(prepend(1, edit.encode()));
        out.add(prepend(2, TableSet.empty(4).apply(edit).encode()));
        out.add(prepend(3, RuntimeState.of(rnd.nextInt(1000), List.of(new RuntimeState.Chunk(4, 1, 9)),
                Map.of()).encode()));
        out.add(prepend(4, CommitCodec.encode(123, 1, writes)));
        return out;
    }

    private static byte[] prepend(int selector, byte[] body) {
        byte[] b = new byte[body.length + 1];
        b[0] = (byte) selector;
        System.arraycopy(body, 0, b, 1, body.length);
        return b;
    }

    @Test
    void seededMutationsOfValidObjects() throws Exception {
        long seed = TestSeeds.seed();
        Random rnd = new Random(seed);
        int rounds = TestSeeds.longRun() ? 20_000 : 1_500;
        List<byte[]> tables = List.of(validTable(rnd, TableOptions.Compression.NONE),
                validTable(rnd, TableOptions.Compression.LZ4));
        List<byte[]> records = validRecords(rnd);
        byte[] plain = new byte[3000];
        for (int i = 0; i < plain.length; i++) {
            plain[i] = (byte) ("abcabcabd".charAt(i % 9) + (i % 97 == 0 ? rnd.nextInt(5) : 0));
        }
        byte[] compressed = new byte[Lz4Block.maxCompressedLength(plain.length)];
        int n = Lz4Block.compress(plain, plain.length, compressed);
        byte[] lz4 = new byte[n + 3];
        lz4[0] = (byte) (plain.length >>> 16);
        lz4[1] = (byte) (plain.length >>> 8);
        lz4[2] = (byte) plain.length;
        System.arraycopy(compressed, 0, lz4, 3, n);
        for (int round = 0; round < rounds; round++) {
            byte[] table = Damage.of(tables.get(round % 2), rnd);
            byte[] block = Damage.of(lz4, rnd);
            byte[] rec = Damage.of(records.get(round % records.size()), rnd);
            byte[] any = Damage.of(plain, rnd);
            try {
                tableObject(table);
                lz4Block(block);
                lz4RoundTrip(any);
                record(rec);
            } catch (Throwable t) {
                fail("round " + round + ", seed=" + seed + " (-Dtests.seed=" + seed + " replays it)", t);
            }
        }
    }
}
