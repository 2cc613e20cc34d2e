package io.stratadb.internal.executor;

import io.stratadb.AccessDeniedException;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.EngineTxn;
import io.stratadb.internal.engine.EngineView;
import io.stratadb.internal.vector.VectorStore;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Transaction;

import java.util.function.Function;

/**
 * Where one vector command reads and writes, in the three bindings of {@link Binder}: a read-only
 * as-of view, the session's transaction (writes buffered there, the space registered in it, reads
 * see its own writes), or auto-commit on a branch (one engine transaction per write, retried on
 * conflicts, returning the commit version). Immutable; one per command.
 */
final class VectorTarget {
    /** Auto-commit attempts of one vector write before the conflict is reported. */
    private static final int AUTO_COMMIT_ATTEMPTS = 100;

    /** A write's result and its commit version (0 inside a transaction). */
    record Written<T>(T value, long version) {
    }

    private final VectorStore store;
    private final String space;
    private final EngineView view;
    private final EngineTxn txn;
    private final Engine engine;
    private final String branch;

    private VectorTarget(VectorStore store, String space, EngineView view, EngineTxn txn, Engine engine,
                         String branch) {
        this.store = store;
        this.space = space;
        this.view = view;
        this.txn = txn;
        this.engine = engine;
        this.branch = branch;
    }

    /** The binding for {@link Binder#bind}, over {@code store}. */
    static Binder.Binding<VectorTarget> binding(VectorStore store) {
        return new Binder.Binding<>(
                (v, space) -> new VectorTarget(store, space, v, null, null, null),
                (t, space) -> new VectorTarget(store, space, null, t, null, null),
                (e, branch, space) -> new VectorTarget(store, space, null, null, e, branch));
    }

    VectorStore store() {
        return store;
    }

    String space() {
        return space;
    }

    /** The view a read goes through: the as-of view, the transaction, or the branch's latest commit. */
    ReadView reader() {
        if (view != null) {
            return view.readView();
        }
        if (txn != null) {
            return txn.storageTxn();
        }
        return engine.latest(branch);
    }

    /** Runs {@code fn} as a write in this target; see the class comment. */
    <T> Written<T> write(Function<Transaction, T> fn) {
        if (view != null) {
            throw new AccessDeniedException("cannot write vectors through a read-only snapshot of branch '"
                    + view.branch() + "' at version " + view.version());
        }
        if (txn != null) {
            txn.registerSpace(space);
            return new Written<>(fn.apply(txn.storageTxn()), 0);
        }
        return Engine.retry(AUTO_COMMIT_ATTEMPTS, () -> {
            try (EngineTxn t = engine.begin(branch, false)) {
                t.registerSpace(space);
                T value = fn.apply(t.storageTxn());
                long version = t.commit();
                return new Written<>(value, version);
            }
        });
    }
}
