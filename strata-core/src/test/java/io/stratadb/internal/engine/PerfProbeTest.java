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

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The hot-path probe of the perf work: ops/s of the engine's and facade's KV, state and event paths,
 * storage get/scan, fork, diff and merge, on the real in-memory storage. Prints figures only (never a
 * timed assertion). Each round runs on a fresh storage; the first {@code perf.probe.warmup} rounds
 * (default 1) warm the JIT. Because the build machine is shared and noisy, each figure is the best of
 * {@code perf.probe.rounds} rounds (default 5) measured in the probing thread's CPU time (wall time
 * beside it), which other processes' load barely moves.
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
        int rounds = Integer.getInteger("perf.probe.rounds", 5);
        for (int r = 0; r < warmup + rounds; r++) {
            if (r == warmup) {
                BEST.clear();
            }
            round(n);
        }
        System.out.printf("perf probe: n=%d, best of %d rounds, thread CPU time (wall in brackets)%n", n, rounds);
        BEST.forEach((name, b) -> System.out.printf("%-34s %s%n", name, b.format()));
        System.out.printf("%-34s %s%n", "engine fork (first in the JVM)", coldFork.format());
    }

    /** Best (lowest) CPU and wall nanoseconds seen per figure, with how to print it. */
    private static final Map<String, Best> BEST = new LinkedHashMap<>();
    private static Best coldFork;
    /** The thread MX bean, reached reflectively (test compilation runs in a module that does not read java.management). */
    private static final Object THREADS;
    private static final Method CPU_TIME;

    static {
        try {
            THREADS = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean")
                    .invoke(null);
            CPU_TIME = Class.forName("java.lang.management.ThreadMXBean").getMethod("getCurrentThreadCpuTime");
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private record Best(long cpuNanos, long wallNanos, int ops, String unit, String note) {
        String format() {
            return switch (unit) {
                case "ops/s" -> String.format("%,12.0f ops/s  [%,12.0f]", ops / (cpuNanos / 1e9),
                        ops / (wallNanos / 1e9));
                case "us/entry" -> String.format("%12.3f us/entry [%8.3f] %s", cpuNanos / 1e3 / ops,
                        wallNanos / 1e3 / ops, note);
                default -> String.format("%12.3f ms     [%8.3f] %s", cpuNanos / 1e6, wallNanos / 1e6, note);
            };
        }
    }

    private static void record(String name, long cpu, long wall, int ops, String unit, String note) {
        BEST.merge(name, new Best(cpu, wall, ops, unit, note), (a, b) -> new Best(Math.min(a.cpuNanos, b.cpuNanos),
                Math.min(a.wallNanos, b.wallNanos), ops, unit, note));
    }

    private static long cpu() {
        try {
            return (Long) CPU_TIME.invoke(THREADS);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void timed(String name, String note, Runnable body) {
        long c0 = cpu();
        long w0 = System.nanoTime();
        body.run();
        record(name, cpu() - c0, System.nanoTime() - w0, 1, "ms", note);
    }

    private static void round(int n) {
        try (Storage storage = Storage.open(StorageOptions.inMemory())) {
            Engine engine = new Engine(storage);
            KvOps kv = engine.kv("default", "default");
            rate("engine kv.put (default space)", n, i -> kv.put("key:" + i, V));
            rate("engine kv.get", n, i -> kv.get("key:" + i));
            KvOps kvs = engine.kv("default", "s1");
            rate("engine kv.put (named space)", n / 2, i -> kvs.put("key:" + i, V));
            rate("engine kv.delete", n / 10, i -> kvs.delete("key:" + i));
            StateOps st = engine.state("default", "default");
            rate("engine state.set", n / 2, i -> st.set("cell:" + (i % 1000), V));
            rate("engine state.get", n / 2, i -> st.get("cell:" + (i % 1000)));
            EventOps ev = engine.events("default", "default");
            rate("engine event.append", n / 4, i -> ev.append("t", V));
            rate("engine event.get", n / 4, i -> ev.get(i + 1));

            Key[] keys = new Key[n];
            for (int i = 0; i < n; i++) {
                keys[i] = Key.of("default", Keyspaces.KV, "key:" + i);
            }
            rate("storage snapshot+get", n, i -> storage.snapshot("default").get(keys[i]));
            long c0 = cpu();
            long s0 = System.nanoTime();
            int scanned = 0;
            ReadView view = storage.snapshot("default");
            try (CloseableIterator<KeyValue> it = view.scan(KeyRange.keyspace("default", Keyspaces.KV))) {
                while (it.hasNext()) {
                    it.next();
                    scanned++;
                }
            }
            record("storage scan", cpu() - c0, System.nanoTime() - s0, scanned, "us/entry", "(" + scanned + " entries)");

            if (coldFork == null) { // the first fork of the JVM: class loading and interpreted code
                long c0f = cpu();
                long w0f = System.nanoTime();
                engine.branches().fork("default", "f");
                coldFork = new Best(cpu() - c0f, System.nanoTime() - w0f, 1, "ms", "(" + n + " keys, cold)");
            } else {
                timed("engine fork", "(" + n + " keys)", () -> engine.branches().fork("default", "f"));
            }
            KvOps fk = engine.kv("f", "default");
            int changed = n / 10;
            for (int i = 0; i < changed; i++) {
                fk.put("key:" + (i * 10), Value.of(i));
            }
            timed("engine diff", "(" + changed + " changed of " + n + ")",
                    () -> engine.branches().diff("default", "f").summary().totalModified());
            timed("engine merge", "(" + changed + " changed of " + n + ")",
                    () -> engine.branches().merge("f", "default", MergeStrategy.STRICT, false));
        }
        try (Strata db = Strata.cache()) {
            var fkv = db.kv();
            rate("facade kv.put", n, i -> fkv.put("key:" + i, V));
            rate("facade kv.get", n, i -> fkv.get("key:" + i));
            var fev = db.events();
            rate("facade event.append", n / 4, i -> fev.append("t", V));
        }
    }

    private static void rate(String name, int n, IntConsumer op) {
        long c0 = cpu();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.accept(i);
        }
        record(name, cpu() - c0, System.nanoTime() - t0, n, "ops/s", "");
    }
}
