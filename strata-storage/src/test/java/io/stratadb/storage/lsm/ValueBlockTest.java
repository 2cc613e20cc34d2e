package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;
import io.stratadb.storage.internal.record.CorruptionException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Format 3 keeps the values of a key's older versions (64 bytes and up) in value blocks, so the data
 * blocks hold the newest versions densely. Every version must still read back exactly, through point
 * lookups at each version, cursors and {@code verify()}, on mapped and positional reads, with and
 * without compression, and a damaged value block must be reported when an older version is read.
 */
class ValueBlockTest {
    private final long seed = TestSeeds.seed();

    /** {@code keys} keys with {@code versions} versions each (newest first), values of {@code size} bytes. */
    private static TreeMap<byte[], TableEntry> history(Random rnd, int keys, int versions, int size, boolean compressible) {
        TreeMap<byte[], TableEntry> m = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < keys; i++) {
            byte[] p = Keys.prefix("key-" + i);
            for (int v = 1; v <= versions; v++) {
                byte[] k = InternalKeys.of(p, 100L * v + i);
                byte[] val = new byte[size];
                if (compressible) {
                    Arrays.fill(val, (byte) ('a' + (i + v) % 26));
                } else {
                    rnd.nextBytes(val);
                }
                m.put(k, TableEntry.put(k, val, 1_000L * v));
            }
        }
        return m;
    }

    @Test
    void olderVersionsReadBackFromValueBlocks() throws Exception {
        Random rnd = new Random(seed);
        for (TableOptions.Compression c : TableOptions.Compression.values()) {
            for (boolean compressible : new boolean[] {false, true}) {
                TreeMap<byte[], TableEntry> model = history(rnd, 200, 8, 1000, compressible);
                MemoryTableStore store = new MemoryTableStore();
                TableMeta meta = TableWriter.write(store, 1, new TableOptions(4096, 16, 10, c), model.values().iterator());
                String where = "seed " + seed + " " + c + (compressible ? " compressible" : " random");
                // 200 newest values of 1000 bytes and 1400 references: ~60 blocks of 4 KiB (inline: ~400)
                assertTrue(meta.props().dataBlocks() < 100, where + ": " + meta.props().dataBlocks() + " data blocks");
                for (boolean mapped : new boolean[] {false, true}) {
                    store.mapped = mapped;
                    for (long cacheBytes : new long[] {0, 1 << 20}) {
                        try (TableReader r = TableReader.open(store, 1, new BlockCache(cacheBytes))) {
                            for (int pass = 0; pass < 2; pass++) { // the first verifies each value block, the second reuses that
                                for (TableEntry e : model.values()) {
                                    TableEntry got = r.get(InternalKeys.prefix(e.key()), e.version());
                                    assertEquals(e, got, where + " mapped " + mapped);
                                }
                            }
                            assertEquals(new ArrayList<>(model.values()), TableRoundTripTest.scanAll(r.cursor()), where);
                            r.verify();
                        }
                    }
                }
            }
        }
    }

    @Test
    void theStorageEngineCompressesValueBlocksOnly() throws Exception {
        Random rnd = new Random(seed);
        TreeMap<byte[], TableEntry> model = history(rnd, 200, 8, 1000, true); // compressible values
        MemoryTableStore store = new MemoryTableStore();
        long historyOnly = TableWriter.write(store, 1, TableOptions.storageDefaults(), model.values().iterator()).fileSize();
        long all = TableWriter.write(store, 2, TableOptions.defaults(), model.values().iterator()).fileSize();
        long none = TableWriter.write(store, 3, TableOptions.defaults().withCompression(TableOptions.Compression.NONE),
                model.values().iterator()).fileSize();
        // 200 newest values of 1000 bytes stay raw in the data blocks; 1400 older ones shrink in value blocks
        assertTrue(none > 1_600_000 && historyOnly > 200_000 && historyOnly < 400_000 && all < 200_000,
                "none " + none + ", value blocks only " + historyOnly + ", all " + all);
        for (long id = 1; id <= 3; id++) {
            try (TableReader r = TableReader.open(store, id, new BlockCache(1 << 20))) {
                r.verify();
                assertEquals(new ArrayList<>(model.values()), TableRoundTripTest.scanAll(r.cursor()));
            }
        }
    }

    @Test
    void aCursorDecompressesEachCompressedValueBlockOnce() throws Exception {
        Random rnd = new Random(seed);
        TreeMap<byte[], TableEntry> model = history(rnd, 200, 8, 1000, true); // compressible: value blocks are LZ4
        MemoryTableStore store = new MemoryTableStore();
        TableWriter.write(store, 1, TableOptions.storageDefaults(), model.values().iterator());
        int older = 200 * 7;
        for (boolean mapped : new boolean[] {false, true}) {
            store.mapped = mapped;
            try (TableReader r = TableReader.open(store, 1, new BlockCache(0))) {
                long before = store.reads.get();
                assertEquals(new ArrayList<>(model.values()), TableRoundTripTest.scanAll(r.cursor()));
                long reads = store.reads.get() - before;
                // ~4 older values per 4 KiB value block: a read per value would be 1400 reads
                assertTrue(reads < older / 2, "mapped " + mapped + ": " + reads + " reads for " + older
                        + " older versions");
            }
        }
    }

    @Test
    void onlyOlderVersionsOfSixtyFourBytesOrMoreGoApart() throws Exception {
        Random rnd = new Random(seed);
        int[] blocks = new int[3]; // data blocks (each key's newest entry)
        int[] history = new int[3]; // history blocks (older entries)
        int[] sizes = {63, 64, 2000};
        for (int s = 0; s < sizes.length; s++) {
            TreeMap<byte[], TableEntry> model = history(rnd, 300, 4, sizes[s], false);
            MemoryTableStore store = new MemoryTableStore();
            blocks[s] = (int) TableWriter.write(store, 1, new TableOptions(4096, 16, 10), model.values().iterator())
                    .props().dataBlocks();
            try (TableReader r = TableReader.open(store, 1, new BlockCache(0))) {
                r.verify();
                history[s] = r.historyBlocks();
                assertEquals(new ArrayList<>(model.values()), TableRoundTripTest.scanAll(r.cursor()));
            }
        }
        // 63-byte values stay inline: about 900 older versions x 110 bytes; 64-byte ones become references
        assertTrue(history[1] < history[0] / 2, Arrays.toString(history));
        // the newest versions, 300 x 110 bytes, stay inline either way
        assertEquals(blocks[0], blocks[1], Arrays.toString(blocks));
        // newest versions stay inline whatever their size: a 4 KiB block fills with at most 3 values of 2000 bytes
        // (apart, the 300 newest entries would take 3 blocks)
        assertTrue(blocks[2] >= 100, Arrays.toString(blocks));
    }

    @Test
    void tombstonesAndNewestVersionsStayInlineAcrossBlockBoundaries() throws Exception {
        Random rnd = new Random(seed);
        TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 500);
        // tiny blocks: a key's versions span data blocks, and values span many value blocks (some larger than one)
        MemoryTableStore store = new MemoryTableStore();
        TableWriter.write(store, 1, new TableOptions(128, 2, 10), model.values().iterator());
        for (boolean mapped : new boolean[] {false, true}) {
            store.mapped = mapped;
            try (TableReader r = TableReader.open(store, 1, new BlockCache(1 << 16))) {
                r.verify();
                assertEquals(new ArrayList<>(model.values()), TableRoundTripTest.scanAll(r.cursor()), "seed " + seed);
                try (EntryCursor c = r.cursor()) {
                    for (int i = 0; i < 300; i++) {
                        byte[] k = new ArrayList<>(model.keySet()).get(rnd.nextInt(model.size()));
                        c.seek(k);
                        assertTrue(c.valid());
                        assertEquals(model.get(k), c.entry(), "seed " + seed);
                    }
                }
            }
        }
    }

    @Test
    void aDamagedValueBlockIsReportedOnReadsOfOlderVersions() throws Exception {
        Random rnd = new Random(seed);
        TreeMap<byte[], TableEntry> model = history(rnd, 20, 3, 500, false);
        MemoryTableStore store = new MemoryTableStore();
        TableWriter.write(store, 1, new TableOptions(4096, 16, 10), model.values().iterator());
        byte[] good = store.bytes(1);
        // an older version's value: find its bytes in the object and flip one
        TableEntry older = model.values().stream().filter(e -> e.version() < 200).findFirst().orElseThrow();
        int at = indexOf(good, older.value());
        assertTrue(at > 0, "older value not found in the table");
        TableEntry newest = model.firstEntry().getValue();
        assertTrue(indexOf(good, newest.value()) > 0);
        for (boolean mapped : new boolean[] {false, true}) {
            byte[] bad = good.clone();
            bad[at + rnd.nextInt(older.value().length)] ^= 0x10;
            store.replace(1, bad);
            store.mapped = mapped;
            try (TableReader r = TableReader.open(store, 1, new BlockCache(1 << 20))) {
                // current reads never touch value blocks
                TableEntry head = r.get(InternalKeys.prefix(newest.key()), Long.MAX_VALUE);
                assertNotNull(head);
                assertArrayEquals(newest.value(), head.value());
                CorruptionException e = assertThrows(CorruptionException.class,
                        () -> r.get(InternalKeys.prefix(older.key()), older.version()));
                assertTrue(e.getMessage().contains("value block checksum mismatch"), e.getMessage());
                try (EntryCursor c = r.cursor()) {
                    c.seek(older.key());
                    UncheckedIOException u = assertThrows(UncheckedIOException.class, c::value);
                    assertTrue(u.getCause() instanceof CorruptionException, u.toString());
                }
                assertThrows(CorruptionException.class, r::verify);
            }
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
