package io.stratadb.internal.engine;

import io.stratadb.Value;
import io.stratadb.Versioned;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random KV / JSON writes (auto-commit and multi-write transactions, some rolled back); the
 * model snapshots its maps at every commit version, then every past version is read back through
 * {@code engine.at(..)} and compared, together with per-key histories. Replay with {@code -Dtests.seed=N}.
 */
class TimeTravelModelTest extends EngineTestBase {
    @Test
    void everyPastVersionReadsBackExactly() {
        String prop = System.getProperty("tests.seed", "");
        long seed = prop.isEmpty() ? new Random().nextLong() : Long.parseLong(prop);
        Random rnd = new Random(seed);
        TreeMap<String, Value> kv = new TreeMap<>();
        TreeMap<String, Value> docs = new TreeMap<>();
        TreeMap<Long, List<TreeMap<String, Value>>> snapshots = new TreeMap<>();
        for (int step = 0; step < 200; step++) {
            String ctx = "seed=" + seed + " step=" + step;
            String key = "k" + rnd.nextInt(8);
            int op = rnd.nextInt(10);
            long version;
            if (op < 4) {
                Value v = rnd.nextBoolean() ? Value.of(rnd.nextInt(100)) : Value.of(new byte[] {(byte) step, 0, -1});
                version = kv().put(key, v);
                kv.put(key, v);
            } else if (op < 5) {
                boolean existed = kv().delete(key);
                assertEquals(kv.remove(key) != null, existed, ctx);
                if (!existed) {
                    continue;
                }
                version = storage.latestVersion();
            } else if (op < 7) {
                Value v = Value.of(rnd.nextInt(5));
                json().set(key, "$.a[0]", v);
                Value doc = Value.object("a", List.of(v));
                docs.merge(key, doc, (old, n) -> {
                    // "$.a[0]" replaces element 0 of an existing array
                    return Value.object("a", replaceFirst(old, v));
                });
                version = storage.latestVersion();
            } else {
                boolean commit = rnd.nextInt(4) != 0;
                TreeMap<String, Value> kv2 = new TreeMap<>(kv);
                try (EngineTxn tx = engine.begin("default", false)) {
                    for (int i = 0; i < 3; i++) {
                        String k = "k" + rnd.nextInt(8);
                        Value v = Value.of("tx" + step + "." + i);
                        tx.kv("default").put(k, v);
                        kv2.put(k, v);
                    }
                    if (!commit) {
                        tx.rollback();
                        continue;
                    }
                    version = tx.commit();
                }
                kv = kv2;
            }
            snapshots.put(version, List.of(new TreeMap<>(kv), new TreeMap<>(docs)));
        }
        for (Map.Entry<Long, List<TreeMap<String, Value>>> e : snapshots.entrySet()) {
            EngineView view = engine.at("default", AsOf.version(e.getKey()));
            TreeMap<String, Value> got = new TreeMap<>();
            for (String k : view.kv("default").list(null)) {
                got.put(k, view.kv("default").get(k).orElseThrow());
            }
            assertEquals(e.getValue().get(0), got, "seed=" + seed + " kv at version " + e.getKey());
            TreeMap<String, Value> gotDocs = new TreeMap<>();
            for (String k : view.json("default").list(null)) {
                gotDocs.put(k, view.json("default").get(k, "$").orElseThrow());
            }
            assertEquals(e.getValue().get(1), gotDocs, "seed=" + seed + " json at version " + e.getKey());
        }
        for (int key = 0; key < 8; key++) {
            List<Versioned> hist = kv().history("k" + key);
            for (int i = 1; i < hist.size(); i++) {
                assertEquals(true, hist.get(i - 1).commitVersion() > hist.get(i).commitVersion(), "seed=" + seed);
            }
        }
    }

    private static List<Value> replaceFirst(Value oldDoc, Value v) {
        List<Value> arr = new ArrayList<>(((Value.Obj) oldDoc).get("a").asList());
        arr.set(0, v);
        return arr;
    }
}
