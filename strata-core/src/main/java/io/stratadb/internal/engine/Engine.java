package io.stratadb.internal.engine;

import io.stratadb.AccessDeniedException;
import io.stratadb.ConflictException;
import io.stratadb.ValidationException;
import io.stratadb.internal.Keyspaces;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The engine: KV, state cells, event logs, JSON documents, spaces and branch operations over one
 * {@link Storage}. It holds no session state: every call names its branch and space explicitly,
 * and binds where it reads and writes in one of three ways:
 * <ul>
 *   <li>auto-commit: {@code engine.kv(branch, space).put(...)} — each write is one storage
 *       transaction (conflicts retried internally), each read sees the latest commit;</li>
 *   <li>in a transaction: {@code txn.kv(space)} on an {@link EngineTxn} from {@link #begin};</li>
 *   <li>time travel: {@code engine.at(branch, AsOf.version(v)).kv(space)} — read-only; writes throw
 *       {@link AccessDeniedException}.</li>
 * </ul>
 *
 * <p><b>Thread safety:</b> thread-safe; the ops objects are immutable and cheap (create them per call).
 * An {@link EngineTxn} is driven by one thread.
 * <p><b>Errors:</b> only the {@code StrataException} family (storage errors are translated by
 * {@link StorageErrors}). <b>Durability:</b> a write is as durable as the storage's mode when it returns.
 * <p>The engine does not own the storage: closing the storage is the caller's job.
 */
public final class Engine {
    /** Engine metadata lives in this reserved space (invisible to users; not a valid user space name). */
    public static final String SYSTEM_SPACE = "_system";

    private final Storage storage;
    private final SpaceRegistry spaces;
    private final Map<Integer, String> mergeKeyspaces = new ConcurrentSkipListMap<>();

    public Engine(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.spaces = new SpaceRegistry(this);
        mergeKeyspaces.put(Keyspaces.KV, "kv");
        mergeKeyspaces.put(Keyspaces.STATE, "state");
        mergeKeyspaces.put(Keyspaces.JSON, "json");
    }

    /** The storage underneath (for other engine parts, e.g. vectors). */
    public Storage storage() {
        return storage;
    }

    // ---- auto-commit bindings ---------------------------------------------------------------

    public KvOps kv(String branch, String space) {
        return new Scope.Auto(this, branch).kv(space);
    }

    public StateOps state(String branch, String space) {
        return new Scope.Auto(this, branch).state(space);
    }

    public EventOps events(String branch, String space) {
        return new Scope.Auto(this, branch).events(space);
    }

    public JsonOps json(String branch, String space) {
        return new Scope.Auto(this, branch).json(space);
    }

    /** Space operations on a branch (auto-commit). */
    public SpaceOps spaces(String branch) {
        return new Scope.Auto(this, branch).spaces();
    }

    /** Branch operations: create, fork, list, get, delete, diff, merge. */
    public BranchOps branches() {
        return new BranchOps(this);
    }

    // ---- transactions -----------------------------------------------------------------------

    /**
     * Begins a transaction on {@code branch} at its latest commit.
     *
     * @param readOnly if true, every write through it throws {@link AccessDeniedException}
     * @throws io.stratadb.NotFoundException if the branch does not exist
     */
    public EngineTxn begin(String branch, boolean readOnly) {
        Names.checkBranch(branch);
        if (!readOnly) {
            checkWritable();
        }
        return new EngineTxn(this, branch, readOnly, StorageErrors.call(() -> storage.begin(branch)));
    }

    /**
     * Runs {@code body} in a transaction: commits if it returns, rolls back if it throws. On a
     * commit conflict the whole body is retried, up to {@code maxAttempts} times.
     *
     * @throws ConflictException when every attempt conflicted
     */
    public <T> T transaction(String branch, int maxAttempts, Function<EngineTxn, T> body) {
        return retry(maxAttempts, () -> {
            try (EngineTxn txn = begin(branch, false)) {
                T result = body.apply(txn);
                txn.commit();
                return result;
            }
        });
    }

    /**
     * Calls {@code fn} until it does not throw {@link ConflictException}, at most {@code maxAttempts}
     * times; the last conflict is rethrown.
     *
     * @throws ValidationException if {@code maxAttempts < 1}
     */
    public static <T> T retry(int maxAttempts, Supplier<T> fn) {
        if (maxAttempts < 1) {
            throw new ValidationException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        ConflictException last = null;
        for (int i = 0; i < maxAttempts; i++) {
            try {
                return fn.get();
            } catch (ConflictException e) {
                last = e;
                Thread.yield();
            }
        }
        throw last;
    }

    /**
     * For other engine parts (vectors, graph): runs {@code fn} in a fresh storage transaction on
     * {@code branch} with {@code space} registered, commits it, and retries the whole function on
     * OCC conflicts (so {@code fn} must read through the transaction it is given and be repeatable).
     *
     * @return {@code fn}'s result
     */
    public <T> T autoCommit(String branch, String space, Function<io.stratadb.storage.Transaction, T> fn) {
        return new Scope.Auto(this, branch).write(Names.checkSpace(space), fn).value();
    }

    /** The latest consistent view of {@code branch} (for other engine parts' reads). */
    public ReadView latest(String branch) {
        Names.checkBranch(branch);
        return StorageErrors.call(() -> storage.snapshot(branch));
    }

    // ---- time travel ------------------------------------------------------------------------

    /**
     * A read-only, consistent snapshot of {@code branch} as of {@code asOf}, usable by every primitive.
     *
     * @throws io.stratadb.NotFoundException  if the branch does not exist
     * @throws ValidationException            if the version is above the latest commit
     */
    public EngineView at(String branch, AsOf asOf) {
        Names.checkBranch(branch);
        Objects.requireNonNull(asOf, "asOf");
        ReadView view;
        try {
            view = switch (asOf) {
                case AsOf.Latest l -> storage.snapshot(branch);
                case AsOf.Version v -> {
                    long latest = storage.latestVersion();
                    if (v.version() > latest) {
                        throw new ValidationException("as-of version " + v.version()
                                + " is above the latest commit version " + latest);
                    }
                    yield storage.asOf(branch, v.version());
                }
                case AsOf.Timestamp t -> storage.asOfTimestamp(branch, t.micros());
            };
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
        return new EngineView(this, view);
    }

    /** Counts for {@code info}: branches, spaces and entities per primitive on {@code branch} (a scan). */
    public EngineInfo info(String branch) {
        return EngineStats.collect(this, branch);
    }

    // ---- extension points -------------------------------------------------------------------

    /**
     * Makes diff and merge cover keys of {@code keyspace} (compared and merged key by key as bytes),
     * reported under {@code primitiveName}. KV, state and JSON are registered by default; events are
     * always handled by appending. Register only keyspaces holding primary data, never derived state.
     */
    public void registerMergeKeyspace(int keyspace, String primitiveName) {
        if (keyspace == Keyspaces.META || keyspace == Keyspaces.EVENT || keyspace < 0 || keyspace > 255) {
            throw new ValidationException("keyspace " + keyspace + " cannot be registered for merge");
        }
        mergeKeyspaces.put(keyspace, Objects.requireNonNull(primitiveName, "primitiveName"));
    }

    /** Keyspace id → primitive name of everything diff and merge cover (besides events). */
    public Map<Integer, String> mergeKeyspaces() {
        return Map.copyOf(mergeKeyspaces);
    }

    // ---- internal ---------------------------------------------------------------------------

    SpaceRegistry spaceRegistry() {
        return spaces;
    }

    /** Microseconds from the storage's clock (the test hook of {@code StorageOptions}). */
    long nowMicros() {
        return storage.options().clockMicros().getAsLong();
    }

    void checkWritable() {
        if (storage.options().readOnly()) {
            throw new AccessDeniedException("the database is open read-only; writes are refused");
        }
    }
}
