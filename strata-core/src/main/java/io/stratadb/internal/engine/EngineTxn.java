package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConflictException;
import io.stratadb.StateException;
import io.stratadb.storage.CommitConflictException;
import io.stratadb.storage.CommitResult;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.Transaction;

/**
 * A transaction over every primitive of one branch, wrapping exactly one storage
 * {@link Transaction}: reads see its snapshot plus its own writes; {@link #commit()} validates
 * optimistically (snapshot isolation plus read-set validation) and applies all writes in one
 * commit, or throws {@link ConflictException} and applies nothing; {@link #rollback()} discards
 * everything. Other engine parts (vectors) write in the same transaction through
 * {@link #storageTxn()} and should call {@link #registerSpace} for spaces they write into.
 *
 * <p>Read-only transactions refuse writes with {@link AccessDeniedException}. Writes through a
 * transaction return 0 where an auto-commit write returns a commit version (the version is known
 * only at commit; {@link #commit()} returns it).
 *
 * <p>Not thread-safe: one thread drives it. {@link #close()} rolls back if not finished.
 * After commit or rollback every use throws {@link StateException}.
 */
public final class EngineTxn implements AutoCloseable {
    private final Engine engine;
    private final String branch;
    private final boolean readOnly;
    private final Transaction txn;
    private final Scope scope;
    private boolean finished;
    private long commitVersion = -1;

    EngineTxn(Engine engine, String branch, boolean readOnly, Transaction txn) {
        this.engine = engine;
        this.branch = branch;
        this.readOnly = readOnly;
        this.txn = txn;
        this.scope = new Scope.InTxn(engine, this);
    }

    public String branch() {
        return branch;
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Whether neither commit nor rollback has happened. */
    public boolean isActive() {
        return !finished;
    }

    /** The commit version this transaction reads at. */
    public long snapshotVersion() {
        return StorageErrors.call(txn::version);
    }

    /** Whether anything has been written. */
    public boolean hasWrites() {
        return StorageErrors.call(txn::hasWrites);
    }

    /** The commit version after a successful commit, else -1. */
    public long commitVersion() {
        return commitVersion;
    }

    /**
     * The storage transaction underneath, for engine parts writing in the same transaction.
     *
     * @throws StateException if finished
     */
    public Transaction storageTxn() {
        return activeStorageTxn();
    }

    /** Registers {@code space} on the branch within this transaction (what every primitive write does). */
    public void registerSpace(String space) {
        checkWritable();
        engine.spaceRegistry().ensure(activeStorageTxn(), Names.checkSpace(space));
    }

    public KvOps kv(String space) {
        return scope.kv(space);
    }

    public StateOps state(String space) {
        return scope.state(space);
    }

    public EventOps events(String space) {
        return scope.events(space);
    }

    public JsonOps json(String space) {
        return scope.json(space);
    }

    public SpaceOps spaces() {
        return scope.spaces();
    }

    /**
     * Validates and commits every write atomically.
     *
     * @return the commit version (the snapshot version if nothing was written)
     * @throws ConflictException if a key read or written was changed by a later commit (nothing applied)
     * @throws StateException    if already finished
     */
    public long commit() {
        checkActive();
        finished = true;
        try {
            CommitResult r = txn.commit();
            commitVersion = r.version();
            return commitVersion;
        } catch (CommitConflictException e) {
            txn.close();
            throw new ConflictException("transaction on branch '" + branch + "' conflicted: " + e.getMessage(), e);
        } catch (StorageException e) {
            txn.close();
            throw StorageErrors.translate(e);
        }
    }

    /** Discards every write. Idempotent once finished by rollback; after commit it throws {@link StateException}. */
    public void rollback() {
        if (finished) {
            if (commitVersion >= 0) {
                throw new StateException("transaction on branch '" + branch + "' is already committed");
            }
            return;
        }
        finished = true;
        StorageErrors.run(txn::rollback);
    }

    @Override
    public void close() {
        if (!finished) {
            rollback();
        }
    }

    // ---- internal ---------------------------------------------------------------------------

    Transaction activeStorageTxn() {
        checkActive();
        return txn;
    }

    void checkWritable() {
        checkActive();
        if (readOnly) {
            throw new AccessDeniedException("transaction on branch '" + branch + "' is read-only; writes are refused");
        }
        engine.checkWritable();
    }

    private void checkActive() {
        if (finished) {
            throw new StateException("transaction on branch '" + branch + "' is already "
                    + (commitVersion >= 0 ? "committed" : "rolled back"));
        }
    }
}
