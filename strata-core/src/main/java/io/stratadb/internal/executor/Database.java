package io.stratadb.internal.executor;

import io.stratadb.IoException;
import io.stratadb.NotFoundException;
import io.stratadb.Options;
import io.stratadb.RecoveryHealth;
import io.stratadb.Retention;
import io.stratadb.StateException;
import io.stratadb.ValidationException;
import io.stratadb.internal.Keyspaces;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.StorageErrors;
import io.stratadb.internal.vector.VectorStore;
import io.stratadb.internal.vector.VectorStoreOptions;
import io.stratadb.storage.Durability;
import io.stratadb.storage.RetentionPolicy;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageOptions;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open database: the storage, the engine over it, the vector store and the executor, shared by
 * every session. Owns the storage and the vector store (closes the store first, then the storage).
 * The vector indexes are derived state: for a durable, writable database they are persisted under
 * {@code <root>/derived/vectors} for fast opening; otherwise they live in memory only. Thread-safe.
 *
 * <p>Opening a directory opens durable storage ({@code BUFFERED} or {@code STRICT}: WAL, tables, manifest,
 * recovery, writer lock) unless {@link Options#durability()} is {@code IN_MEMORY}, which keeps nothing and
 * writes nothing to the directory. Storage errors become {@link io.stratadb.StrataException}s via
 * {@link StorageErrors}; a read-only open of a directory that holds no database is a
 * {@link NotFoundException}.
 */
public final class Database implements AutoCloseable {
    /** The library version reported by ping and info. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final Storage storage;
    private final Engine engine;
    private final VectorStore vectors;
    private final Executor executor;
    private final Path path;
    private final boolean persistent;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Storage storage, Path path, boolean persistent) {
        this.storage = storage;
        this.engine = new Engine(storage);
        // vectors are primary data in keyspace VECTOR: diff and merge cover them like KV rows
        engine.registerMergeKeyspace(Keyspaces.VECTOR, "vector");
        VectorStoreOptions vo = VectorStoreOptions.defaults();
        if (persistent && !storage.options().readOnly()) {
            vo = vo.withIndexDir(path.resolve("derived").resolve("vectors"));
        }
        this.vectors = new VectorStore(storage, vo);
        this.path = path;
        this.persistent = persistent;
        this.executor = new Executor(this);
    }

    /** A fresh in-memory database. @throws StateException if the storage runtime is unavailable */
    public static Database inMemory() {
        return new Database(openStorage(StorageOptions.inMemory(), null), null, false);
    }

    /** Opens the database in directory {@code path}; see the class comment. */
    public static Database open(Path path, Options options) {
        Path abs = path.toAbsolutePath().normalize();
        if (options.durability() == Options.Durability.IN_MEMORY) {
            return new Database(openStorage(storageOptions(StorageOptions.inMemory(), options), abs), abs, false);
        }
        if (options.readOnly() && !Files.isDirectory(abs)) {
            throw new NotFoundException("no database at " + abs + " (the directory does not exist); a read-only "
                    + "open cannot create one");
        }
        if (!options.readOnly() && Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new ValidationException("cannot open " + abs + ": it is a file, not a database directory");
        }
        StorageOptions so = storageOptions(StorageOptions.durable(abs), options);
        Storage storage;
        try {
            storage = Storage.open(so);
        } catch (StorageException e) {
            if (options.readOnly() && hasCause(e, NoSuchFileException.class)) {
                throw new NotFoundException("no database at " + abs + ": " + e.getMessage(), e);
            }
            throw StorageErrors.translate(e);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("cannot open " + abs + ": " + e.getMessage(), e);
        }
        try {
            return new Database(storage, abs, true);
        } catch (RuntimeException | Error e) {
            try {
                storage.close(); // release the writer lock
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    /** The public form of a storage recovery report. */
    static RecoveryHealth health(io.stratadb.storage.RecoveryHealth h) {
        return new RecoveryHealth(h.isHealthy(), h.problems());
    }

    private static StorageOptions storageOptions(StorageOptions base, Options o) {
        Durability d = switch (o.durability()) {
            case IN_MEMORY -> Durability.IN_MEMORY;
            case BUFFERED -> Durability.BUFFERED;
            case STRICT -> Durability.STRICT;
        };
        StorageOptions so = base.withReadOnly(o.readOnly()).withMemtableBytes(o.memtableBytes())
                .withBlockCacheBytes(o.blockCacheBytes()).withSyncIntervalMillis(o.syncIntervalMillis())
                .withRetention(retentionPolicy(o.retention()));
        return base.durability() == Durability.IN_MEMORY ? so : so.withDurability(d);
    }

    private static RetentionPolicy retentionPolicy(Retention r) {
        if (r.keepsAll()) {
            return RetentionPolicy.keepAll();
        }
        if (r.keepLatest() > 0) {
            return RetentionPolicy.keepLatest(r.keepLatest());
        }
        long micros;
        try {
            micros = Math.multiplyExact(r.keepFor().getSeconds(), 1_000_000L) + r.keepFor().getNano() / 1_000;
        } catch (ArithmeticException e) {
            return RetentionPolicy.keepAll();
        }
        return RetentionPolicy.keepFor(micros);
    }

    private static Storage openStorage(StorageOptions so, Path path) {
        try {
            return Storage.open(so);
        } catch (UnsupportedOperationException e) {
            throw new StateException("cannot open an in-memory database: " + e.getMessage(), e);
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }

    public Session newSession() {
        checkOpen();
        return new Session();
    }

    public Executor executor() {
        return executor;
    }

    Engine engine() {
        return engine;
    }

    Storage storage() {
        return storage;
    }

    VectorStore vectors() {
        return vectors;
    }

    /** The directory, or null for {@code Strata.cache()}. */
    public Path path() {
        return path;
    }

    /** Whether data survives close. */
    public boolean persistent() {
        return persistent;
    }

    /** What the open recovered. */
    public RecoveryHealth recoveryHealth() {
        return health(StorageErrors.call(storage::recoveryHealth));
    }

    /** Durability in force, lower case. */
    String durabilityName() {
        return storage.options().durability().name().toLowerCase(Locale.ROOT);
    }

    boolean readOnly() {
        return storage.options().readOnly();
    }

    void checkOpen() {
        if (closed.get()) {
            throw new StateException("the database" + (path == null ? "" : " at " + path) + " is closed");
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    public String describe() {
        return (path == null ? "in-memory" : path.toString()) + ", " + durabilityName()
                + (readOnly() ? ", read-only" : "") + (closed.get() ? ", closed" : "");
    }

    /** Closes the vector store (persisting its indexes), then flushes and closes the storage. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            vectors.close();
        } catch (RuntimeException e) {
            // derived state only: a failed index persist costs a rebuild on next open, never data
            System.getLogger(Database.class.getName()).log(System.Logger.Level.WARNING,
                    "persisting vector indexes failed; they will be rebuilt on next open", e);
        }
        try {
            storage.close();
        } catch (StorageException e) {
            throw new IoException("closing the database" + (path == null ? "" : " at " + path) + " failed: "
                    + e.getMessage(), e);
        }
    }
}
