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
 * writer (classic bloom filter, LZ4 blocks) and is read and verified by this build. New tables are
 * format 2, whose blocked bloom filter admits every key it holds and few it does not.
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
        byte[] v1;
        try (InputStream in = TableFormatCompatibilityTest.class.getResourceAsStream("/golden/table-v1.sst")) {
            assertNotNull(in, "golden table missing from the test resources");
            v1 = in.readAllBytes();
        }
        assertEquals(1, footerVersion(v1));
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

    @Test
    void newTablesUseTheBlockedFilter() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        List<TableEntry> entries = new ArrayList<>();
        for (int i = 0; i < 40_000; i += 2) {
            entries.add(new TableEntry(wideKey(i, 5), new byte[] {(byte) i}, false, 1));
        }
        TableWriter.write(store, 7, TableOptions.defaults(), entries.iterator());
        assertEquals(2, footerVersion(store.bytes(7)));
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

    private static int footerVersion(byte[] table) {
        int at = table.length - 6;
        return ((table[at] & 0xff) << 8) | (table[at + 1] & 0xff);
    }
}
