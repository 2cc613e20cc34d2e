package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;
import io.stratadb.storage.internal.record.CorruptionException;
import io.stratadb.storage.internal.record.UnsupportedFormatException;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TableCorruptionTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);

    private byte[] smallTable(MemoryTableStore store) throws Exception {
        return smallTable(store, TableOptions.Compression.NONE);
    }

    private byte[] smallTable(MemoryTableStore store, TableOptions.Compression compression) throws Exception {
        return smallTable(rnd, store, compression);
    }

    /**
     * A small table (table 1 of {@code store}) of 128-byte blocks: keys with several versions (history blocks),
     * older values of 64 bytes or more (value blocks), tombstones. Returns its bytes.
     */
    static byte[] smallTable(Random rnd, MemoryTableStore store, TableOptions.Compression compression)
            throws Exception {
        TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 12);
        model.entrySet().removeIf(e -> e.getValue().value().length > 100);
        // values of 64+ bytes, so that older versions go to value blocks (whose bytes the sweep flips too)
        model.replaceAll((k, e) -> e.tombstone() || rnd.nextInt(3) != 0 ? e
                : TableEntry.put(k, Arrays.copyOf(e.value(), 64 + rnd.nextInt(30)), e.timestampMicros()));
        TableWriter.write(store, 1, new TableOptions(128, 4, 10, compression), model.values().iterator());
        return store.bytes(1);
    }

    /** Open, verify, scan and look up everything; must throw. */
    private static void readAll(MemoryTableStore store) throws Exception {
        try (TableReader r = TableReader.open(store, 1, new BlockCache(1 << 16))) {
            if (!store.mapped) { // mapped: the first loads through cursors and gets must verify on their own
                r.verify();
            }
            try (EntryCursor c = r.cursor()) {
                for (c.seekToFirst(); c.valid(); c.next()) {
                    r.get(InternalKeys.prefix(c.key()), Long.MAX_VALUE);
                    r.get(InternalKeys.prefix(c.key()), InternalKeys.version(c.key())); // older versions too
                    try {
                        c.value(); // a value stored apart is read from its value block
                    } catch (java.io.UncheckedIOException e) {
                        throw e.getCause();
                    }
                }
            }
        }
    }

    @Test
    void everyCorruptByteIsDetected() throws Exception {
        sweep(TableOptions.Compression.NONE);
    }

    @Test
    void everyCorruptByteIsDetectedWithLz4Blocks() throws Exception {
        sweep(TableOptions.Compression.LZ4);
    }

    @Test
    void everyCorruptByteIsDetectedThroughMappedReads() throws Exception {
        sweep(TableOptions.Compression.NONE, true);
        sweep(TableOptions.Compression.LZ4, true);
    }

    private void sweep(TableOptions.Compression compression) throws Exception {
        sweep(compression, false);
    }

    private void sweep(TableOptions.Compression compression, boolean mapped) throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        store.mapped = mapped;
        byte[] good = smallTable(store, compression);
        readAll(store);
        try (TableReader r = TableReader.open(store, 1, new BlockCache(0))) {
            assertTrue(r.historyBlocks() > 0, "the sweep covers history blocks and their index, seed=" + seed);
        }
        for (int off = 0; off < good.length; off++) {
            byte[] bad = good.clone();
            bad[off] ^= (byte) (1 + rnd.nextInt(255));
            store.replace(1, bad);
            CorruptionException e = assertThrows(CorruptionException.class, () -> readAll(store),
                    "flip at offset " + off + " of " + good.length + " not detected, seed=" + seed);
            assertTrue(e.getMessage().contains("tables/000001.sst"), e.getMessage());
            assertTrue(e.offset() >= 0 && e.offset() <= good.length, e.getMessage());
        }
        System.out.println("corruption sweep (" + compression + "): all " + good.length + " byte offsets detected");
    }

    /**
     * The footer's format version lies outside the footer checksum: changed to another readable
     * version, it would have the table parsed in an older layout. It must agree with the header's,
     * which its checksum covers (a random sweep hit this only for some flip values).
     */
    @Test
    void aFooterVersionOtherThanTheHeadersIsCorruption() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        byte[] good = smallTable(store, TableOptions.Compression.NONE);
        for (int version = 1; version <= 4; version++) {
            byte[] bad = good.clone();
            bad[bad.length - 6] = (byte) (version >>> 8);
            bad[bad.length - 5] = (byte) version;
            store.replace(1, bad);
            CorruptionException e = assertThrows(CorruptionException.class, () -> readAll(store),
                    "footer version " + version);
            assertTrue(e.getMessage().contains("differs from the header"), e.getMessage());
        }
    }

    @Test
    void truncationIsDetected() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        byte[] good = smallTable(store);
        for (int len = 0; len < good.length; len += 1 + len / 8) {
            store.replace(1, Arrays.copyOf(good, len));
            int n = len;
            assertThrows(CorruptionException.class, () -> readAll(store),
                    "truncation to " + n + " bytes not detected, seed=" + seed);
        }
    }

    @Test
    void unknownFormatVersionIsRejectedClearly() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        byte[] b = smallTable(store);
        b[b.length - 5] = 9; // footer format version low byte
        store.replace(1, b);
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class,
                () -> TableReader.open(store, 1, new BlockCache(0)));
        assertTrue(e.getMessage().contains("format version 9 is not supported"), e.getMessage());
        assertEquals(b.length - 6, e.offset());
    }

    @Test
    void notATableIsRejected() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        byte[] junk = new byte[200];
        rnd.nextBytes(junk);
        store.replace(1, junk);
        try {
            TableReader.open(store, 1, new BlockCache(0)).close();
            fail("junk accepted, seed=" + seed);
        } catch (CorruptionException e) {
            assertTrue(e.getMessage().contains("magic"), e.getMessage());
        }
    }
}
