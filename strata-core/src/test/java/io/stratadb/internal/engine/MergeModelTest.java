package io.stratadb.internal.engine;

import io.stratadb.Event;
import io.stratadb.MergeResult;
import io.stratadb.MergeStrategy;
import io.stratadb.Value;
import io.stratadb.Versioned;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seeded random operations on KV, state cells and event logs across forks of {@code default} and
 * merges in every direction and strategy, checked after every step against a plain in-memory model
 * (maps copied on fork; merge bases remembered as copies). Replay with {@code -Dtests.seed=N}.
 */
class MergeModelTest extends EngineTestBase {
    record Cell(Value value, long counter) {
    }

    /** A branch's whole state in the model. */
    static final class B {
        TreeMap<String, Value> kv = new TreeMap<>();
        TreeMap<String, Cell> state = new TreeMap<>();
        List<String> events = new ArrayList<>(); // payload "x" values, in order

        B copy() {
            B b = new B();
            b.kv.putAll(kv);
            b.state.putAll(state);
            b.events.addAll(events);
            return b;
        }
    }

    /** What a merge base was: the base state and how many of the source's events the target has. */
    record Base(B state, int sourceEvents, long order) {
    }

    /** A merge record: the source's state merged, and the target's event count right after the merge. */
    record Rec(B source, int targetEventsAfter, long order) {
    }

    private final Map<String, B> model = new TreeMap<>();
    private final Map<String, B> birth = new HashMap<>();  // fork snapshot of default, per child
    private final Map<String, Long> birthOrder = new HashMap<>();
    private final Map<String, Rec> records = new HashMap<>(); // "src>tgt" -> base after that merge
    private long clock;

    @Test
    void randomForksAndMergesMatchTheModel() {
        String prop = System.getProperty("tests.seed", "");
        long seed = prop.isEmpty() ? new Random().nextLong() : Long.parseLong(prop);
        int steps = Integer.getInteger("tests.mergeModelSteps", 300);
        Random rnd = new Random(seed);
        model.put("default", new B());
        birthOrder.put("default", 0L);
        int forks = 0;
        for (int step = 0; step < steps; step++) {
            String ctx = "seed=" + seed + " step=" + step;
            List<String> names = new ArrayList<>(model.keySet());
            String b = names.get(rnd.nextInt(names.size()));
            int op = rnd.nextInt(100);
            String key = "k" + rnd.nextInt(6);
            if (op < 25) {
                Value v = Value.of(rnd.nextInt(4));
                engine.kv(b, "default").put(key, v);
                model.get(b).kv.put(key, v);
            } else if (op < 33) {
                engine.kv(b, "default").delete(key);
                model.get(b).kv.remove(key);
            } else if (op < 50) {
                Value v = Value.of(rnd.nextInt(4));
                long got = engine.state(b, "default").set(key, v);
                Cell old = model.get(b).state.get(key);
                Cell now = new Cell(v, old == null ? 1 : old.counter() + 1);
                model.get(b).state.put(key, now);
                assertEquals(now.counter(), got, ctx);
            } else if (op < 55) {
                engine.state(b, "default").delete(key);
                model.get(b).state.remove(key);
            } else if (op < 65) {
                String x = b + ":" + step;
                engine.events(b, "default").append("t", Value.object("x", x));
                model.get(b).events.add(x);
            } else if (op < 72 && forks < 6) {
                String child = "f" + (forks++);
                engine.branches().fork("default", child);
                model.put(child, model.get("default").copy());
                birth.put(child, model.get("default").copy());
                birthOrder.put(child, ++clock);
            } else if (names.size() > 1) {
                String s = names.get(rnd.nextInt(names.size()));
                String t = names.get(rnd.nextInt(names.size()));
                if (!s.equals(t)) {
                    MergeStrategy strategy = MergeStrategy.values()[rnd.nextInt(3)];
                    boolean preview = rnd.nextInt(5) == 0;
                    merge(s, t, strategy, preview, ctx);
                }
            }
            check(ctx);
            if (rnd.nextInt(3) == 0) {
                List<String> all = new ArrayList<>(model.keySet());
                checkDiff(all.get(rnd.nextInt(all.size())), all.get(rnd.nextInt(all.size())), ctx);
            }
        }
    }

    /** The engine's diff of kv and state cells (values) matches the model's. */
    private void checkDiff(String a, String b, String ctx) {
        io.stratadb.BranchDiff d = engine.branches().diff(a, b);
        TreeMap<String, Value> sa = new TreeMap<>();
        TreeMap<String, Value> sb = new TreeMap<>();
        model.get(a).state.forEach((k, c) -> sa.put(k, c.value()));
        model.get(b).state.forEach((k, c) -> sb.put(k, c.value()));
        assertEquals(expectedDiff(model.get(a).kv, model.get(b).kv), actualDiff(d, "kv"), ctx + " kv diff " + a + ".." + b);
        assertEquals(expectedDiff(sa, sb), actualDiff(d, "state"), ctx + " state diff " + a + ".." + b);
    }

    private static List<String> expectedDiff(TreeMap<String, Value> a, TreeMap<String, Value> b) {
        List<String> out = new ArrayList<>();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        a.keySet().forEach(k -> keys.put(k, true));
        b.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            Value x = a.get(k);
            Value y = b.get(k);
            if (!Objects.equals(x, y)) {
                out.add((x == null ? "added " : y == null ? "removed " : "modified ") + k + " " + x + " -> " + y);
            }
        }
        return out;
    }

    private static List<String> actualDiff(io.stratadb.BranchDiff d, String primitive) {
        TreeMap<String, String> out = new TreeMap<>();
        for (io.stratadb.BranchDiff.SpaceDiff sd : d.entries()) {
            if (!sd.space().equals("default") || !sd.primitive().equals(primitive)) {
                continue;
            }
            sd.added().forEach(c -> out.put(c.key(), "added " + c.key() + " " + c.valueA() + " -> " + c.valueB()));
            sd.removed().forEach(c -> out.put(c.key(), "removed " + c.key() + " " + c.valueA() + " -> " + c.valueB()));
            sd.modified().forEach(c -> out.put(c.key(), "modified " + c.key() + " " + c.valueA() + " -> " + c.valueB()));
        }
        return new ArrayList<>(out.values());
    }

    private Base base(String s, String t) {
        Rec st = records.get(s + ">" + t);
        Rec ts = records.get(t + ">" + s);
        if (st != null && (ts == null || st.order() >= ts.order())) {
            return new Base(st.source(), st.source().events.size(), st.order());
        }
        if (ts != null) {
            // s then received t's state; s's events up to that merge count as known to t
            return new Base(ts.source(), ts.targetEventsAfter(), ts.order());
        }
        // fork points: every non-default branch is a child of default; the event base is the
        // logs' common prefix (hash chaining makes identical prefixes recognisable)
        List<String> se = model.get(s).events;
        List<String> te = model.get(t).events;
        int prefix = 0;
        while (prefix < se.size() && prefix < te.size() && se.get(prefix).equals(te.get(prefix))) {
            prefix++;
        }
        if (s.equals("default")) {
            return new Base(birth.get(t), prefix, 0);
        }
        if (t.equals("default")) {
            return new Base(birth.get(s), prefix, 0);
        }
        String earlier = birthOrder.get(s) < birthOrder.get(t) ? s : t;
        return new Base(birth.get(earlier), prefix, 0);
    }

    private void merge(String s, String t, MergeStrategy strategy, boolean preview, String ctx) {
        Base base = base(s, t);
        B src = model.get(s);
        B tgt = model.get(t);
        B out = tgt.copy();
        int conflicts = 0;
        long changes = 0;
        TreeMap<String, Boolean> keys = new TreeMap<>();
        base.state().kv.keySet().forEach(k -> keys.put(k, true));
        src.kv.keySet().forEach(k -> keys.put(k, true));
        tgt.kv.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            Value b = base.state().kv.get(k);
            Value sv = src.kv.get(k);
            Value tv = tgt.kv.get(k);
            if (Objects.equals(b, sv) || Objects.equals(sv, tv)) {
                continue;
            }
            if (!Objects.equals(b, tv)) {
                conflicts++;
                if (strategy != MergeStrategy.LAST_WRITER_WINS) {
                    continue;
                }
            }
            changes++;
            if (sv == null) {
                out.kv.remove(k);
            } else {
                out.kv.put(k, sv);
            }
        }
        keys.clear();
        base.state().state.keySet().forEach(k -> keys.put(k, true));
        src.state.keySet().forEach(k -> keys.put(k, true));
        tgt.state.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            Value b = val(base.state().state.get(k));
            Cell sc = src.state.get(k);
            Cell tc = tgt.state.get(k);
            Value sv = val(sc);
            Value tv = val(tc);
            if (Objects.equals(b, sv) || Objects.equals(sv, tv)) {
                continue;
            }
            if (!Objects.equals(b, tv)) {
                conflicts++;
                if (strategy != MergeStrategy.LAST_WRITER_WINS) {
                    continue;
                }
            }
            changes++;
            if (sc == null) {
                out.state.remove(k);
            } else {
                out.state.put(k, new Cell(sc.value(), tc == null ? sc.counter()
                        : Math.max(tc.counter() + 1, sc.counter())));
            }
        }
        List<String> newEvents = src.events.subList(Math.min(base.sourceEvents(), src.events.size()),
                src.events.size());
        changes += newEvents.size();
        out.events.addAll(newEvents);

        MergeResult r = engine.branches().merge(s, t, strategy, preview);
        String c = ctx + " merge " + s + "->" + t + " " + strategy + (preview ? " preview" : "") + " " + r
                + "\n base kv=" + base.state().kv + " state=" + base.state().state + " ev=" + base.sourceEvents()
                + "\n src kv=" + src.kv + " state=" + src.state + "\n tgt kv=" + tgt.kv + " state=" + tgt.state;
        assertEquals(conflicts, r.conflicts().size(), c);
        assertEquals(changes, r.keysApplied() + r.keysDeleted() + r.eventsAppended(), c);
        boolean apply = !preview && changes > 0 && !(strategy == MergeStrategy.STRICT && conflicts > 0);
        assertEquals(apply, r.applied(), c);
        if (apply) {
            model.put(t, out);
            records.put(s + ">" + t, new Rec(src.copy(), out.events.size(), ++clock));
            // a record s>t means: target t now has source s's state as of now
        }
    }

    private static Value val(Cell c) {
        return c == null ? null : c.value();
    }

    private void check(String ctx) {
        for (Map.Entry<String, B> e : model.entrySet()) {
            String b = e.getKey();
            B m = e.getValue();
            KvOps kv = engine.kv(b, "default");
            TreeMap<String, Value> actual = new TreeMap<>();
            for (String k : kv.list(null)) {
                actual.put(k, kv.get(k).orElseThrow());
            }
            assertEquals(m.kv, actual, ctx + " kv of " + b);
            StateOps st = engine.state(b, "default");
            TreeMap<String, Cell> cells = new TreeMap<>();
            for (String k : st.list(null)) {
                Versioned v = st.getVersioned(k).orElseThrow();
                cells.put(k, new Cell(v.value(), v.version()));
            }
            assertEquals(m.state, cells, ctx + " state of " + b);
            List<String> evs = new ArrayList<>();
            for (Event ev : engine.events(b, "default").list(null, null, null)) {
                evs.add(((Value.Obj) ev.payload()).get("x").asString());
            }
            assertEquals(m.events, evs, ctx + " events of " + b);
        }
    }
}
