package io.stratadb.internal.engine;

import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints rough in-memory figures (no assertions on time; the benchmark module owns performance).
 * Run with {@code -Dengine.probe=true}.
 */
@EnabledIfSystemProperty(named = "engine.probe", matches = "true")
class EngineProbeTest extends EngineTestBase {
    @Test
    void probe() {
        int n = Integer.getInteger("engine.probe.n", 20_000);
        Value v = Value.object("name", "Alice", "age", 30);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            kv().put("key:" + i, v);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            kv().get("key:" + i);
        }
        long t2 = System.nanoTime();
        for (int i = 0; i < n / 4; i++) {
            events().append("t", v);
        }
        long t3 = System.nanoTime();
        engine.branches().fork("default", "f");
        long t4 = System.nanoTime();
        for (int i = 0; i < n / 10; i++) {
            engine.kv("f", "default").put("key:" + i, Value.of(i));
        }
        long t5 = System.nanoTime();
        for (int rep = 0; rep < 2; rep++) {
            long a0 = System.nanoTime();
            int la = Entities.load(storage.snapshot("default"), "default", io.stratadb.internal.Keyspaces.KV).size();
            long a1 = System.nanoTime();
            int[] ne = new int[1];
            EventOps.scanAll(storage.snapshot("default"), "default", 0, Integer.MAX_VALUE, x -> ne[0]++);
            long a2 = System.nanoTime();
            System.out.printf("load kv (%d): %.1f ms; scan events (%d): %.1f ms%n", la, (a1 - a0) / 1e6, ne[0],
                    (a2 - a1) / 1e6);
        }
        long d0 = System.nanoTime();
        long changed = engine.branches().diff("default", "f").summary().totalModified();
        long d1 = System.nanoTime();
        long s0 = System.nanoTime();
        int scanned = kv().list(null).size();
        long s1 = System.nanoTime();
        t5 = System.nanoTime();
        MergeResult r = engine.branches().merge("f", "default", MergeStrategy.STRICT, false);
        long t6 = System.nanoTime();
        System.out.printf("diff (%d modified): %.1f ms; list of %d keys: %.1f ms%n", changed, (d1 - d0) / 1e6, scanned,
                (s1 - s0) / 1e6);
        System.out.printf("storage=%s n=%d%n", storage.getClass().getSimpleName(), n);
        System.out.printf("kv.put   %,10.0f ops/s%n", n / ((t1 - t0) / 1e9));
        System.out.printf("kv.get   %,10.0f ops/s%n", n / ((t2 - t1) / 1e9));
        System.out.printf("ev.append %,9.0f ops/s%n", (n / 4) / ((t3 - t2) / 1e9));
        System.out.printf("fork     %10.3f ms%n", (t4 - t3) / 1e6);
        System.out.printf("merge of %d changed keys over %d keys: %.1f ms (applied=%s)%n", r.keysApplied(), n,
                (t6 - t5) / 1e6, r.applied());
    }
}
