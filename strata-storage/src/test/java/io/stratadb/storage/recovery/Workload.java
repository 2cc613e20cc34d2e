package io.stratadb.storage.recovery;

import io.stratadb.storage.Key;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.BranchInfo;
import io.stratadb.storage.CloseableIterator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded storage workload with its own reference model (the recovery oracle). Steps: batches on
 * random branches, transactions, forks, branch deletes, flushes. Every step that consumes a commit
 * version records the model's expected dump for that version, so a recovered storage at version v must
 * dump exactly {@code expected(v)}.
 */
final class Workload {
    /** One step's effect on the model, applied only once the storage acknowledged it. */
    private interface Step {
        /** Runs against the storage; returns true if it consumed a commit version. */
        boolean run(Storage s);

        void model();

        /** Whether the step commits (a failed one may still have been logged: an in-flight commit). */
        default boolean commits() {
            return true;
        }
    }

    record Value(String value, long version) {
    }

    private final Random rnd;
    private final int steps;
    /** branch -> key -> value; forks copy. */
    private final Map<String, TreeMap<String, Value>> model = new TreeMap<>();
    private final List<String> dumps = new ArrayList<>();
    private long version;
    private int branchCounter;
    /** Versions acknowledged by the storage. */
    long acked;
    /** Versions acknowledged before the last successful flush (durable in every mode). */
    long flushedAck;
    /** Highest version handed to the storage (acknowledged or in flight when it failed). */
    long attempted;

    Workload(long seed, int steps) {
        this.rnd = new Random(seed);
        this.steps = steps;
        model.put(Storage.DEFAULT_BRANCH, new TreeMap<>());
        dumps.add(dump(model));
    }

    static Key key(String k) {
        return Key.of("default", 1, k);
    }

    /** The expected dump after version {@code v}, or null if the workload never reached it. */
    String expected(long v) {
        return v < dumps.size() ? dumps.get((int) v) : null;
    }

    long versions() {
        return dumps.size() - 1;
    }

    /**
     * Runs the workload until it ends or the storage throws; the exception (a {@link StorageException}
     * or anything unexpected) is returned, null on success.
     */
    RuntimeException run(Storage s) {
        return runSome(s, steps);
    }

    /**
     * After a reopen that recovered {@code version} (an in-flight commit may or may not have survived),
     * continue the model from there.
     */
    void resumeAt(long recovered) {
        if (recovered == version) {
            return;
        }
        if (recovered != version - 1 || version != attempted) {
            throw new IllegalStateException("cannot resume at " + recovered + " from model version " + version);
        }
        // the in-flight commit did not survive: roll the model back to the previous state
        dumps.remove(dumps.size() - 1);
        version = recovered;
        attempted = recovered;
        model.clear();
        model.putAll(snapshotBeforeInflight);
    }

    private Map<String, TreeMap<String, Value>> snapshotBeforeInflight = Map.of();

    private static Map<String, TreeMap<String, Value>> copy(Map<String, TreeMap<String, Value>> m) {
        Map<String, TreeMap<String, Value>> c = new TreeMap<>();
        m.forEach((k, v) -> c.put(k, new TreeMap<>(v)));
        return c;
    }

    /** Runs up to {@code count} more steps; see {@link #run}. */
    RuntimeException runSome(Storage s, int count) {
        for (int i = 0; i < count; i++) {
            Step step = next();
            try {
                attempted = version + 1;
                if (step.run(s)) {
                    version++;
                    step.model();
                    dumps.add(dump(model));
                    acked = version;
                }
            } catch (RuntimeException e) {
                if (step.commits()) {
                    // in flight: not acknowledged, but its record may have reached the log before the failure
                    snapshotBeforeInflight = copy(model);
                    version++;
                    step.model();
                    dumps.add(dump(model));
                    attempted = version;
                } else {
                    attempted = version;
                }
                return e;
            }
        }
        return null;
    }

    private Step next() {
        List<String> branches = new ArrayList<>(model.keySet());
        String branch = branches.get(rnd.nextInt(branches.size()));
        int r = rnd.nextInt(100);
        if (r < 8 && branches.size() < 4) {
            String child = "b" + (++branchCounter);
            return new Step() {
                public boolean run(Storage s) {
                    s.fork(branch, child);
                    return true;
                }

                public void model() {
                    model.put(child, new TreeMap<>(model.get(branch)));
                }
            };
        }
        if (r < 12 && !branch.equals(Storage.DEFAULT_BRANCH)) {
            return new Step() {
                public boolean run(Storage s) {
                    s.deleteBranch(branch);
                    return true;
                }

                public void model() {
                    model.remove(branch);
                }
            };
        }
        if (r < 14) {
            return new Step() {
                public boolean run(Storage s) {
                    s.compact();
                    return false;
                }

                public void model() {
                }

                public boolean commits() {
                    return false;
                }
            };
        }
        if (r < 20) {
            return new Step() {
                public boolean run(Storage s) {
                    s.flush();
                    flushedAck = acked;
                    return false;
                }

                public void model() {
                }

                public boolean commits() {
                    return false;
                }
            };
        }
        int n = 1 + rnd.nextInt(3);
        List<String[]> writes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String k = "k" + rnd.nextInt(8);
            // some values of 64+ bytes: tables keep the older versions of those in value blocks
            String v = rnd.nextInt(5) == 0 ? null
                    : "v" + rnd.nextInt(1000) + "-" + "x".repeat(rnd.nextInt(rnd.nextInt(4) == 0 ? 150 : 40));
            writes.add(new String[] {k, v});
        }
        boolean txn = r < 30;
        return new Step() {
            public boolean run(Storage s) {
                if (txn) {
                    try (Transaction t = s.begin(branch)) {
                        for (String[] w : writes) {
                            if (w[1] == null) {
                                t.delete(key(w[0]));
                            } else {
                                t.put(key(w[0]), w[1].getBytes(StandardCharsets.UTF_8));
                            }
                        }
                        t.commit();
                    }
                } else {
                    WriteBatch b = new WriteBatch();
                    for (String[] w : writes) {
                        if (w[1] == null) {
                            b.delete(key(w[0]));
                        } else {
                            b.put(key(w[0]), w[1].getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    s.commit(branch, b);
                }
                return true;
            }

            public void model() {
                TreeMap<String, Value> m = model.get(branch);
                for (String[] w : writes) {
                    if (w[1] == null) {
                        m.remove(w[0]);
                    } else {
                        m.put(w[0], new Value(w[1], version));
                    }
                }
            }
        };
    }

    private static String dump(Map<String, TreeMap<String, Value>> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((b, kv) -> {
            sb.append(b).append(":");
            kv.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v.value()).append('@').append(v.version()));
            sb.append('\n');
        });
        return sb.toString();
    }

    /** The same dump, read from a storage. */
    static String dump(Storage s) {
        StringBuilder sb = new StringBuilder();
        for (BranchInfo b : s.listBranches()) {
            sb.append(b.name()).append(":");
            try (CloseableIterator<KeyValue> it = s.snapshot(b.name()).scan(KeyRange.all())) {
                while (it.hasNext()) {
                    KeyValue kv = it.next();
                    sb.append(' ').append(kv.key().userKeyString()).append('=')
                            .append(new String(kv.value(), StandardCharsets.UTF_8)).append('@').append(kv.version());
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
