package io.stratadb.storage.lsm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.stratadb.storage.TestSeeds;
import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Point lookups on a memory-mapped table read verified uncompressed blocks in place; they, and
 * cursors over the mapped table, must answer exactly what the same reads answer through decoded blocks
 * (positional reads), for present and absent keys, every version cap, tombstones, restart boundaries
 * and compressed blocks. Cursor seeks land in place too, and steps on from there cross into copied blocks.
 */
class InPlaceReadTest {
    private final long seed = TestSeeds.seed();

    @Test
    void inPlaceLookupsMatchDecodedBlocks() throws Exception {
        Random rnd = new Random(seed);
        for (TableOptions.Compression c : TableOptions.Compression.values()) {
            for (int blockSize : new int[] {64, 512, 4096}) {
                TreeMap<byte[], TableEntry> model = TableRoundTripTest.randomModel(rnd, 400);
                MemoryTableStore store = new MemoryTableStore();
                TableWriter.write(store, 1, new TableOptions(blockSize, 1 + rnd.nextInt(16), 10, c),
                        model.values().iterator());
                List<byte[]> prefixes = new ArrayList<>();
                for (byte[] k : model.keySet()) {
                    byte[] p = InternalKeys.prefix(k);
                    if (prefixes.isEmpty() || !Arrays.equals(prefixes.get(prefixes.size() - 1), p)) {
                        prefixes.add(p);
                    }
                }
                for (int i = 0; i < 50; i++) { // absent keys, some sharing a prefix with present ones
                    byte[] p = prefixes.get(rnd.nextInt(prefixes.size())).clone();
                    p[rnd.nextInt(p.length)] ^= (byte) (1 + rnd.nextInt(255));
                    prefixes.add(p);
                }
                store.mapped = false;
                try (TableReader plain = TableReader.open(store, 1, new BlockCache(1 << 20))) {
                    store.mapped = true;
                    try (TableReader mapped = TableReader.open(store, 1, new BlockCache(1 << 20))) {
                        for (int pass = 0; pass < 2; pass++) { // the first verifies each block, the second reads in place
                            for (byte[] p : prefixes) {
                                for (long cap : new long[] {Long.MAX_VALUE, 0, 1 + rnd.nextInt(10_000), 5_000}) {
                                    same(plain.get(p, cap), mapped.get(p, cap),
                                            "seed " + seed + " " + c + " block " + blockSize + " cap " + cap);
                                }
                            }
                            String where = "seed " + seed + " " + c + " block " + blockSize + " pass " + pass;
                            assertEquals(TableRoundTripTest.scanAll(plain.cursor()), TableRoundTripTest.scanAll(mapped.cursor()),
                                    where);
                            // a seek reads its block in place (read path and compaction cursors alike), steps
                            // into following blocks copy them
                            try (EntryCursor a = plain.cursor(); EntryCursor b = mapped.cursor(pass == 0)) {
                                for (int i = 0; i < 200; i++) { // seeks, then a few steps
                                    byte[] target = InternalKeys.of(prefixes.get(rnd.nextInt(prefixes.size())),
                                            rnd.nextInt(3) == 0 ? Long.MAX_VALUE : rnd.nextInt(10_000));
                                    a.seek(target);
                                    b.seek(target);
                                    for (int step = rnd.nextInt(6); ; step--) {
                                        assertEquals(a.valid(), b.valid(), where);
                                        if (!a.valid() || step == 0) {
                                            break;
                                        }
                                        same(new TableEntry(a.key(), a.value(), a.tombstone(), a.timestampMicros()),
                                                new TableEntry(b.key(), b.value(), b.tombstone(), b.timestampMicros()),
                                                where);
                                        a.next();
                                        b.next();
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void same(TableEntry want, TableEntry got, String where) {
        if (want == null) {
            assertNull(got, where);
            return;
        }
        org.junit.jupiter.api.Assertions.assertNotNull(got, where);
        assertArrayEquals(want.key(), got.key(), where);
        assertArrayEquals(want.value(), got.value(), where);
        assertEquals(want.tombstone(), got.tombstone(), where);
        assertEquals(want.timestampMicros(), got.timestampMicros(), where);
    }
}
