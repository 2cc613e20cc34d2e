package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables written by earlier builds stay readable: {@code golden/table-v1.sst} was written by the format 1
 * writer (classic bloom filter, LZ4 blocks) and {@code golden/table-v2.sst} by the format 2 writer (blocked
 * bloom filter, every value in the data blocks) and {@code golden/table-v3.sst} by the format 3 writer (older
 * versions' values in value blocks, LZ4-compressed) and {@code golden/table-v4.sst} by the format 4 writer
 * (the same keys and values; entries may refer to blob files); all are read and verified by this build. New tables are
 * format 5 (older versions in history blocks), whose blocked bloom filter admits every key it holds and few it
 * does not.
 */
class TableFormatCompatibilityTest {
    private static byte[] key(int i, long version) {
        return InternalKeyCodec.encode(1, Key.of("s", 1, String.format("key%04d", i)), version);
    }

    private static byte[] wideKey(int i, long version) {
        return InternalKeyCodec.encode(1, Key.of("s", 1, String.format("key%05d", i)), version);
    }

    @Test
    void formatOneTablesAreStillRead() throws Exception {
        byte[] v1 = golden(1);
        MemoryTableStore store = new MemoryTableStore();
        store.replace(1, v1);
        try (TableReader r = TableReader.open(store, 1, new BlockCache(1 << 20))) {
            r.verify();
            for (int i = 0; i < 600; i++) {
                TableEntry e = r.get(InternalKeys.prefix(key(i, 1)), Long.MAX_VALUE);
                if (i % 2 == 1) {
                    assertNull(e, "key " + i + " was never written");
                    continue;
                }
                int n = i / 2;
                assertNotNull(e, "key " + i);
                assertEquals(10 + n, InternalKeyCodec.versionOf(e.key()));
                assertEquals(n % 7 == 0, e.tombstone(), "key " + i);
                if (!e.tombstone()) {
                    assertArrayEquals(("value-" + n).getBytes(), e.value());
                }
            }
        }
    }

    /** The key and version the format 2 and 3 golden tables were written with (300 keys, every third with 3 versions). */
    private static byte[] goldenV2Key(int i, int v) {
        return InternalKeyCodec.encode(1, Key.of("s", 1, String.format("key%04d", i)), 10L * v + i % 10);
    }

    @Test
    void formatTwoTablesAreStillRead() throws Exception {
        readsVersionedGolden(2, 1);
    }

    @Test
    void formatThreeTablesAreStillRead() throws Exception {
        readsVersionedGolden(3, 8); // same keys and versions as format 2's, values 8x longer: in value blocks
    }

    @Test
    void formatFourTablesAreStillRead() throws Exception {
        readsVersionedGolden(4, 8); // as format 3's: older versions in the data blocks, their values apart
    }

    /**
     * Reads and verifies the golden table of {@code format} (plain and mapped): 300 keys, every third with 3
     * versions, the newest of every seventh a tombstone, values {@code "value-i-v-"} repeated
     * {@code repeat + i % 5} times.
     */
    private static void readsVersionedGolden(int format, int repeat) throws Exception {
        byte[] golden = golden(format);
        for (boolean mapped : new boolean[] {false, true}) {
            MemoryTableStore store = new MemoryTableStore();
            store.mapped = mapped;
            store.replace(1, golden);
            try (TableReader r = TableReader.open(store, 1, new BlockCache(1 << 20))) {
                r.verify();
                List<TableEntry> all = TableRoundTripTest.scanAll(r.cursor());
                assertEquals(500, all.size());
                for (int i = 0; i < 300; i++) {
                    int versions = i % 3 == 0 ? 3 : 1;
                    for (int v = versions; v >= 1; v--) {
                        byte[] k = goldenV2Key(i, v);
                        TableEntry e = r.get(InternalKeys.prefix(k), InternalKeyCodec.versionOf(k));
                        assertNotNull(e, "key " + i + " version " + v);
                        assertArrayEquals(k, e.key());
                        assertEquals(1000 + i, e.timestampMicros());
                        if (v == versions && i % 7 == 0) {
                            assertTrue(e.tombstone(), "key " + i);
                        } else {
                            assertArrayEquals(("value-" + i + "-" + v + "-").repeat(repeat + i % 5).getBytes(),
                                    e.value(), "format " + format + " key " + i + " version " + v);
                        }
                    }
                }
            }
        }
    }

    @Test
    void newTablesUseTheBlockedFilter() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40_000; i += 2) {
            entries.add(new TableEntry(wideKey(i, 5), new byte[] {(byte) i}, false, 1));
        }
        TableWriter.write(store, 7, TableOptions.defaults(), entries.iterator());
        assertEquals(5, footerVersion(store.bytes(7)));
        try (TableReader r = TableReader.open(store, 7, new BlockCache(1 << 20))) {
            int falsePositives = 0;
            for (int i = 0; i < 40_000; i++) {
                boolean may = r.bloomMayContain(InternalKeys.prefix(wideKey(i, 5)));
                if (i % 2 == 0) {
                    assertTrue(may, "a held key must pass the filter: " + i);
                } else if (may) {
                    falsePositives++;
                }
            }
            assertTrue(falsePositives < 20_000 * 3 / 100, "false positives " + falsePositives + " of 20000");
        }
    }

    /** The golden table written by the format {@code version} writer (checked to be that version). */
    private static byte[] golden(int version) throws java.io.IOException {
        byte[] table;
        try (InputStream in = TableFormatCompatibilityTest.class.getResourceAsStream("/golden/table-v" + version + ".sst")) {
            assertNotNull(in, "golden table missing from the test resources");
            table = in.readAllBytes();
        }
        assertEquals(version, footerVersion(table));
        return table;
    }

    private static int footerVersion(byte[] table) {
        int at = table.length - 6;
        return ((table[at] & 0xff) << 8) | (table[at + 1] & 0xff);
    }
}
