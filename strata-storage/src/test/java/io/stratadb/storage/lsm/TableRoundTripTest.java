package io.stratadb.storage.lsm;

import io.stratadb.storage.TestSeeds;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.lsm.BlockCache;
import io.stratadb.storage.internal.lsm.EntryCursor;
import io.stratadb.storage.internal.lsm.InternalKeys;
import io.stratadb.storage.internal.lsm.TableEntry;
import io.stratadb.storage.internal.lsm.TableMeta;
import io.stratadb.storage.internal.lsm.TableOptions;
import io.stratadb.storage.internal.lsm.TableReader;
import io.stratadb.storage.internal.lsm.TableWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TableRoundTripTest {
    private final long seed = TestSeeds.seed();
    private final Random rnd = new Random(seed);

    /** A random sorted model: prefixes with 1..5 versions each, some tombstones, some large values. */
    /** Every entry from the cursor's first one on, in order (the cursor is left at the end). */
    static List<TableEntry> scanAll(EntryCursor c) throws java.io.IOException {
        List<TableEntry> seen = new ArrayList<>();
        for (c.seekToFirst(); c.valid(); c.next()) {
            seen.add(c.entry());
        }
        return seen;
    }

    static TreeMap<byte[], TableEntry> randomModel(Random rnd, int keys) {
        TreeMap<byte[], TableEntry> m = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < keys; i++) {
            byte[] user = new byte[1 + rnd.nextInt(24)];
            rnd.nextBytes(user);
            if (rnd.nextInt(4) == 0) {
                user[0] = 0; // exercise the escape
            }
            byte[] p = Keys.prefix(user);
            int versions = 1 + rnd.nextInt(5);
            for (int v = 0; v < versions; v++) {
                long version = 1 + rnd.nextInt(10_000);
                byte[] k = InternalKeys.of(p, version);
                if (rnd.nextInt(8) == 0) {
                    m.put(k, TableEntry.delete(k, 1_600_000_000_000_000L + version));
                } else {
                    byte[] val = new byte[rnd.nextInt(50) == 0 ? 5000 + rnd.nextInt(10000) : rnd.nextInt(40)];
                    if (rnd.nextBoolean()) {
                        rnd.nextBytes(val);
                    } else {
                        for (int j = 0; j < val.length; j++) {
                            String pattern = "value-" + version + ";";
                            val[j] = (byte) pattern.charAt(j % pattern.length());
                        }
                    }
                    m.put(k, TableEntry.put(k, val, 1_600_000_000_000_000L + version * 1000));
                }
            }
        }
        return m;
    }

    static TableEntry modelGet(TreeMap<byte[], TableEntry> m, byte[] prefix, long cap) {
        Map.Entry<byte[], TableEntry> e = m.ceilingEntry(InternalKeys.of(prefix, cap));
        return e != null && InternalKeys.hasPrefix(e.getKey(), prefix) ? e.getValue() : null;
    }

    @Test
    void roundTripUncompressed() throws Exception {
        roundTripPointLookupsAndSeek(TableOptions.defaults().withCompression(TableOptions.Compression.NONE));
    }

    @Test
    void roundTripLz4() throws Exception {
        roundTripPointLookupsAndSeek(TableOptions.defaults().withCompression(TableOptions.Compression.LZ4));
    }

    /** Thousands of blocks (the block index search goes through its sampled level), mapped and not. */
    @Test
    void roundTripManySmallBlocks() throws Exception {
        roundTripPointLookupsAndSeek(new TableOptions(64, 2, 10, TableOptions.Compression.NONE));
        roundTripPointLookupsAndSeek(new TableOptions(64, 2, 10, TableOptions.Compression.NONE), true);
        roundTripPointLookupsAndSeek(new TableOptions(256, 3, 10, TableOptions.Compression.LZ4), true);
    }

    /** Compression backs off over incompressible blocks and comes back when the data compresses again. */
    @Test
    void compressionBacksOffOnRandomDataAndResumes() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        TreeMap<byte[], TableEntry> model = new TreeMap<>(Arrays::compareUnsigned);
        int perHalf = 2000;
        for (int i = 0; i < 2 * perHalf; i++) {
            byte[] k = InternalKeys.of(Keys.prefix(String.format("k%06d", i).getBytes()), 1);
            byte[] val = new byte[512];
            if (i < perHalf) {
                rnd.nextBytes(val); // first half: incompressible
            } else {
                Arrays.fill(val, (byte) 'x'); // second half: very compressible
            }
            model.put(k, TableEntry.put(k, val, 1));
        }
        TableMeta meta = TableWriter.write(store, 9, TableOptions.defaults()
                .withCompression(TableOptions.Compression.LZ4), model.values().iterator());
        long raw = meta.props().rawKeyBytes() + meta.props().rawValueBytes();
        // the random half stays ~raw, the compressible half shrinks to almost nothing
        assertTrue(meta.fileSize() < raw * 0.6, "seed=" + seed + ": " + meta.fileSize() + " of " + raw);
        try (TableReader r = TableReader.open(store, 9, new BlockCache(1 << 20))) {
            r.verify();
            List<TableEntry> seen;
            try (EntryCursor c = r.cursor()) {
                seen = scanAll(c);
            }
            assertEquals(new ArrayList<>(model.values()), seen, "seed=" + seed);
        }
    }

    private void roundTripPointLookupsAndSeek(TableOptions options) throws Exception {
        roundTripPointLookupsAndSeek(options, false);
    }

    private void roundTripPointLookupsAndSeek(TableOptions options, boolean mapped) throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        store.mapped = mapped;
        BlockCache cache = new BlockCache(1 << 20);
        TreeMap<byte[], TableEntry> model = randomModel(rnd, 2000);
        TableMeta meta = TableWriter.write(store, 7, options, model.values().iterator());
        String msg = "seed=" + seed + " " + options;
        System.out.println(options.compression() + ": " + meta.props().rawKeyBytes() + " key + "
                + meta.props().rawValueBytes() + " value bytes -> " + meta.fileSize() + " bytes on disk");
        assertEquals(model.size(), meta.props().entries(), msg);
        try (TableReader r = TableReader.open(store, 7, cache)) {
            assertEquals(meta, r.meta(), msg);
            assertTrue(options.blockSize() > 64 || r.properties().dataBlocks() > 1000, "blocks: " + r.properties().dataBlocks());
            r.verify();
            // full scan equals the model
            List<TableEntry> seen;
            try (EntryCursor c = r.cursor()) {
                seen = scanAll(c);
            }
            assertEquals(new ArrayList<>(model.values()), seen, msg);
            // every version, and caps just below / above each version
            for (TableEntry e : model.values()) {
                byte[] p = InternalKeys.prefix(e.key());
                long v = e.version();
                assertEquals(e, r.get(p, v), msg);
                assertEquals(modelGet(model, p, v - 1), r.get(p, v - 1), msg);
                assertEquals(modelGet(model, p, v + 1), r.get(p, v + 1), msg);
                assertEquals(modelGet(model, p, Long.MAX_VALUE), r.get(p, Long.MAX_VALUE), msg);
            }
            // absent keys
            for (int i = 0; i < 500; i++) {
                byte[] p = Keys.prefix("absent-" + rnd.nextInt());
                assertEquals(modelGet(model, p, Long.MAX_VALUE), r.get(p, Long.MAX_VALUE), msg);
            }
            // seek to random targets
            try (EntryCursor c = r.cursor()) {
                for (int i = 0; i < 500; i++) {
                    byte[] target = new byte[1 + rnd.nextInt(20)];
                    rnd.nextBytes(target);
                    if (i % 3 == 0) {
                        target = model.keySet().stream().skip(rnd.nextInt(model.size())).findFirst().orElseThrow();
                    }
                    c.seek(target);
                    Map.Entry<byte[], TableEntry> want = model.ceilingEntry(target);
                    if (want == null) {
                        assertFalse(c.valid(), msg);
                    } else {
                        assertTrue(c.valid(), msg);
                        assertEquals(want.getValue(), c.entry(), msg);
                        c.next();
                        Map.Entry<byte[], TableEntry> after = model.higherEntry(want.getKey());
                        assertEquals(after != null, c.valid(), msg);
                        if (after != null) {
                            assertArrayEquals(after.getKey(), c.key(), msg);
                        }
                    }
                }
            }
        }
    }

    @Test
    void bloomFalsePositiveRateIsSane() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        TreeMap<byte[], TableEntry> model = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < 5000; i++) {
            byte[] k = Keys.key("k" + i, 1 + rnd.nextInt(100));
            model.put(k, TableEntry.put(k, new byte[4], 1_700_000_000_000_000L));
        }
        TableWriter.write(store, 1, TableOptions.defaults(), model.values().iterator());
        try (TableReader r = TableReader.open(store, 1, new BlockCache(0))) {
            for (int i = 0; i < 5000; i++) {
                assertTrue(r.mayContain(Keys.prefix("k" + i)), "no false negatives, seed=" + seed);
            }
            int fp = 0;
            int probes = 20_000;
            for (int i = 0; i < probes; i++) {
                if (r.mayContain(Keys.prefix("k" + rnd.nextInt(5000) + "x" + rnd.nextInt()))) {
                    fp++;
                }
            }
            double rate = fp / (double) probes;
            System.out.println("bloom false-positive rate at 10 bits/key: " + rate);
            assertTrue(rate < 0.03, "false-positive rate " + rate + " too high, seed=" + seed);
        }
    }

    @Test
    void writerRejectsBadInput() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        try (TableWriter w = new TableWriter(store, 1, TableOptions.defaults())) {
            w.add(Keys.key("b", 5), new byte[1], false, 1_700_000_000_000_000L);
            assertThrows(IllegalArgumentException.class, () -> w.add(Keys.key("a", 5), new byte[1], false, 1_700_000_000_000_000L));
            assertThrows(IllegalArgumentException.class, () -> w.add(Keys.key("b", 5), new byte[1], false, 1_700_000_000_000_000L));
            assertThrows(IllegalArgumentException.class, () -> w.add(Keys.key("c", 5), new byte[1], true, 1_700_000_000_000_000L));
            assertThrows(IllegalArgumentException.class, () -> w.add(new byte[3], new byte[1], false, 1_700_000_000_000_000L));
        }
        assertFalse(store.exists(1), "abandoned table must not be visible");
        try (TableWriter w = new TableWriter(store, 2, TableOptions.defaults())) {
            assertThrows(IllegalStateException.class, w::finish);
        }
    }

    @Test
    void readerAfterCloseFailsClearly() throws Exception {
        MemoryTableStore store = new MemoryTableStore();
        byte[] k = Keys.key("a", 1);
        TableWriter.write(store, 3, TableOptions.defaults(), List.of(TableEntry.put(k, new byte[1], 1_700_000_000_000_000L)).iterator());
        TableReader r = TableReader.open(store, 3, new BlockCache(1024));
        r.close();
        r.close();
        assertThrows(IllegalStateException.class, () -> r.get(Keys.prefix("a"), 1));
        assertThrows(IllegalStateException.class, r::cursor);
    }
}
