package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConflictException;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;
import io.stratadb.storage.WriteBatch;

import java.util.function.Function;

/**
 * Where a primitive operation reads and writes: auto-commit on a branch (each write is its own
 * storage transaction, retried on conflict), inside an {@link EngineTxn}, or on a read-only
 * {@link ReadView} (writes are refused). Immutable.
 */
abstract sealed class Scope permits Scope.Auto, Scope.InTxn, Scope.View {
    /** Internal retries of one auto-commit write on OCC conflicts before giving up. */
    static final int AUTO_COMMIT_ATTEMPTS = 1000;

    final Engine engine;

    Scope(Engine engine) {
        this.engine = engine;
    }

    abstract String branch();

    // The primitives bound to this scope, one place for the space-name check.

    final KvOps kv(String space) {
        return new KvOps(this, Names.checkSpace(space));
    }

    final StateOps state(String space) {
        return new StateOps(this, Names.checkSpace(space));
    }

    final EventOps events(String space) {
        return new EventOps(this, Names.checkSpace(space));
    }

    final JsonOps json(String space) {
        return new JsonOps(this, Names.checkSpace(space));
    }

    final SpaceOps spaces() {
        return new SpaceOps(this);
    }

    /** A consistent view for one read call. */
    abstract ReadView reader();

    /**
     * Runs {@code fn} against a transaction and commits it (auto mode) or leaves it buffered
     * (transaction mode). The space is registered in the same transaction.
     */
    abstract <T> Written<T> write(String space, Function<Transaction, T> fn);

    /**
     * Writes {@code batch} without reading anything (blind puts and deletes): the same outcome as
     * {@link #write} with a function that only writes. Auto-commit into the default space (which needs
     * no registration read) commits the batch directly, skipping the OCC transaction: a transaction
     * that reads nothing can only conflict on its own written keys, and retrying that ends in the
     * same last-writer-wins result.
     */
    Written<Void> writeBlind(String space, WriteBatch batch) {
        return write(space, t -> {
            for (WriteBatch.Write w : batch.writes()) {
                if (w.isDelete()) {
                    t.delete(w.key());
                } else {
                    t.put(w.key(), w.value());
                }
            }
            return null;
        });
    }

    /** The result of a write and the commit version (0 while inside an uncommitted transaction). */
    record Written<T>(T value, long commitVersion, long timestampMicros) {
    }

    static final class Auto extends Scope {
        private final String branch;

        Auto(Engine engine, String branch) {
            super(engine);
            this.branch = Names.checkBranch(branch);
        }

        @Override
        String branch() {
            return branch;
        }

        @Override
        ReadView reader() {
            return StorageErrors.call(() -> engine.storage().snapshot(branch));
        }

        @Override
        Written<Void> writeBlind(String space, WriteBatch batch) {
            if (!Names.DEFAULT_SPACE.equals(space) || batch.isEmpty()) {
                return super.writeBlind(space, batch);
            }
            engine.checkWritable();
            try {
                CommitResult c = engine.storage().commit(branch, batch);
                return new Written<>(null, c.version(), c.timestampMicros());
            } catch (StorageException e) {
                throw StorageErrors.translate(e);
            }
        }

        @Override
        <T> Written<T> write(String space, Function<Transaction, T> fn) {
            engine.checkWritable();
            ConflictException last = null;
            for (int attempt = 0; attempt < AUTO_COMMIT_ATTEMPTS; attempt++) {
                try (Transaction t = engine.storage().begin(branch)) {
                    engine.spaceRegistry().ensure(t, space);
                    T value = fn.apply(t);
                    if (!t.hasWrites()) {
                        t.rollback();
                        return new Written<>(value, t.version(), 0);
                    }
                    CommitResult c = t.commit();
                    return new Written<>(value, c.version(), c.timestampMicros());
                } catch (CommitConflictException e) {
                    last = new ConflictException("write on branch '" + branch + "' kept conflicting: "
                            + e.getMessage(), e);
                    if (attempt > 8) {
                        Thread.yield();
                    }
                } catch (StorageException e) {
                    throw StorageErrors.translate(e);
                }
            }
            throw last;
        }
    }

    static final class InTxn extends Scope {
        private final EngineTxn txn;

        InTxn(Engine engine, EngineTxn txn) {
            super(engine);
            this.txn = txn;
        }

        @Override
        String branch() {
            return txn.branch();
        }

        @Override
        ReadView reader() {
            return txn.activeStorageTxn();
        }

        @Override
        <T> Written<T> write(String space, Function<Transaction, T> fn) {
            txn.checkWritable();
            try {
                Transaction t = txn.activeStorageTxn();
                engine.spaceRegistry().ensure(t, space);
                return new Written<>(fn.apply(t), 0, 0);
            } catch (StorageException e) {
                throw StorageErrors.translate(e);
            }
        }
    }

    static final class View extends Scope {
        private final ReadView view;

        View(Engine engine, ReadView view) {
            super(engine);
            this.view = view;
        }

        @Override
        String branch() {
            return view.branch();
        }

        @Override
        ReadView reader() {
            return view;
        }

        @Override
        <T> Written<T> write(String space, Function<Transaction, T> fn) {
            throw new AccessDeniedException("cannot write through a read-only snapshot of branch '" + view.branch()
                    + "' at version " + view.version());
        }
    }
}
