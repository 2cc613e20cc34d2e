package io.stratadb.internal.engine;

import io.stratadb.MergeStrategy;
import io.stratadb.Strata;
import io.stratadb.Value;
import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.function.IntConsumer;

/**
 * The hot-path probe of the perf work: ops/s of the engine's and facade's KV, state and event paths,
 * storage get/scan, fork, diff and merge, on the real in-memory storage. Prints figures only (never a
 * timed assertion). Each round runs on a fresh storage; the first {@code perf.probe.warmup} rounds
 * (default 1) warm the JIT and are not printed.
 * Run: {@code ./mvnw -B -ntp -pl strata-core -am test -Dtest=PerfProbeTest -Dperf.probe=true
 * -Dsurefire.failIfNoSpecifiedTests=false [-Dperf.probe.n=20000]}.
 */
@EnabledIfSystemProperty(named = "perf.probe", matches = "true")
class PerfProbeTest {
    private static final Value V = Value.object("name", "Alice", "age", 30, "tags", Value.of(java.util.List.of("a", "b")));

    @Test
    void probe() {
        int n = Integer.getInteger("perf.probe.n", 20_000);
        int warmup = Integer.getInteger("perf.probe.warmup", 1);
        int rounds = Integer.getInteger("perf.probe.rounds", 2);
        for (int r = 0; r < warmup + rounds; r++) {
            round(n, r >= warmup);
        }
    }

    private static void round(int n, boolean print) {
        StringBuilder out = new StringBuilder();
        try (Storage storage = Storage.open(StorageOptions.inMemory())) {
            Engine engine = new Engine(storage);
            KvOps kv = engine.kv("default", "default");
            rate(out, "engine kv.put (default space)", n, i -> kv.put("key:" + i, V));
            rate(out, "engine kv.get", n, i -> kv.get("key:" + i));
            KvOps kvs = engine.kv("default", "s1");
            rate(out, "engine kv.put (named space)", n / 2, i -> kvs.put("key:" + i, V));
            rate(out, "engine kv.delete", n / 10, i -> kvs.delete("key:" + i));
            StateOps st = engine.state("default", "default");
            rate(out, "engine state.set", n / 2, i -> st.set("cell:" + (i % 1000), V));
            rate(out, "engine state.get", n / 2, i -> st.get("cell:" + (i % 1000)));
            EventOps ev = engine.events("default", "default");
            rate(out, "engine event.append", n / 4, i -> ev.append("t", V));
            rate(out, "engine event.get", n / 4, i -> ev.get(i + 1));

            Key[] keys = new Key[n];
            for (int i = 0; i < n; i++) {
                keys[i] = Key.of("default", Keyspaces.KV, "key:" + i);
            }
            rate(out, "storage snapshot+get", n, i -> storage.snapshot("default").get(keys[i]));
            long s0 = System.nanoTime();
            int scanned = 0;
            ReadView view = storage.snapshot("default");
            try (CloseableIterator<KeyValue> it = view.scan(KeyRange.keyspace("default", Keyspaces.KV))) {
                while (it.hasNext()) {
                    it.next();
                    scanned++;
                }
            }
            long s1 = System.nanoTime();
            out.append(String.format("%-34s %10.2f us/entry (%d entries)%n", "storage scan", (s1 - s0) / 1e3 / scanned,
                    scanned));

            long f0 = System.nanoTime();
            engine.branches().fork("default", "f");
            long f1 = System.nanoTime();
            out.append(String.format("%-34s %10.3f ms (%d keys)%n", "engine fork", (f1 - f0) / 1e6, n));
            KvOps fk = engine.kv("f", "default");
            int changed = n / 10;
            for (int i = 0; i < changed; i++) {
                fk.put("key:" + (i * 10), Value.of(i));
            }
            long d0 = System.nanoTime();
            long modified = engine.branches().diff("default", "f").summary().totalModified();
            long d1 = System.nanoTime();
            out.append(String.format("%-34s %10.1f ms (%d modified of %d)%n", "engine diff", (d1 - d0) / 1e6, modified,
                    n));
            long m0 = System.nanoTime();
            var mr = engine.branches().merge("f", "default", MergeStrategy.STRICT, false);
            long m1 = System.nanoTime();
            out.append(String.format("%-34s %10.1f ms (%d applied of %d)%n", "engine merge", (m1 - m0) / 1e6,
                    mr.keysApplied(), n));
        }
        try (Strata db = Strata.cache()) {
            var fkv = db.kv();
            rate(out, "facade kv.put", n, i -> fkv.put("key:" + i, V));
            rate(out, "facade kv.get", n, i -> fkv.get("key:" + i));
            var fev = db.events();
            rate(out, "facade event.append", n / 4, i -> fev.append("t", V));
        }
        if (print) {
            System.out.print(out);
            System.out.println("---");
        }
    }

    private static void rate(StringBuilder out, String name, int n, IntConsumer op) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.accept(i);
        }
        long t1 = System.nanoTime();
        out.append(String.format("%-34s %,10.0f ops/s%n", name, n / ((t1 - t0) / 1e9)));
    }
}
