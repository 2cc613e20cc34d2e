package io.stratadb.internal.executor;

import io.stratadb.IoException;
import io.stratadb.Options;
import io.stratadb.StateException;
import io.stratadb.internal.engine.Engine;
import io.stratadb.internal.engine.StorageErrors;
import io.stratadb.storage.Durability;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageOptions;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open database: the storage, the engine over it and the executor, shared by every session.
 * Owns the storage (closes it). Thread-safe.
 *
 * <p>Opening a directory asks the storage runtime for a durable storage. If the runtime cannot do
 * durable storage (before issue 4 is built it answers {@link UnsupportedOperationException}), the open
 * fails with {@link StateException} unless {@link Options#inMemoryFallback()} is set; then the
 * database is in memory, {@link #persistent()} is false and {@link #notice()} says so loudly.
 */
public final class Database implements AutoCloseable {
    /** The library version reported by ping and info. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    private final Storage storage;
    private final Engine engine;
    private final Executor executor;
    private final Path path;
    private final boolean persistent;
    private final String notice;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Database(Storage storage, Path path, boolean persistent, String notice) {
        this.storage = storage;
        this.engine = new Engine(storage);
        this.path = path;
        this.persistent = persistent;
        this.notice = notice;
        this.executor = new Executor(this);
    }

    /** A fresh in-memory database. @throws StateException if the storage runtime is unavailable */
    public static Database inMemory() {
        return new Database(openStorage(StorageOptions.inMemory(), null), null, false, null);
    }

    /** Opens the database in directory {@code path}; see the class comment for the fallback. */
    public static Database open(Path path, Options options) {
        Path abs = path.toAbsolutePath().normalize();
        if (options.durability() == Options.Durability.IN_MEMORY) {
            return new Database(openStorage(storageOptions(StorageOptions.inMemory(), options), abs), abs, false,
                    "in-memory durability: nothing is written to " + abs);
        }
        StorageOptions so = storageOptions(StorageOptions.durable(abs), options);
        try {
            return new Database(Storage.open(so), abs, true, null);
        } catch (UnsupportedOperationException e) {
            String why = "durable storage is not available in this build (" + e.getMessage() + ")";
            if (!options.inMemoryFallback()) {
                throw new StateException("cannot open " + abs + ": " + why + "; open with Strata.cache() or "
                        + "Options.withInMemoryFallback(true) to use an in-memory database instead", e);
            }
            String loud = "NOT PERSISTENT: " + why + "; this database lives in memory and nothing is written to "
                    + abs;
            return new Database(openStorage(storageOptions(StorageOptions.inMemory(), options), abs), abs, false,
                    loud);
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        } catch (IllegalArgumentException e) {
            throw new io.stratadb.ValidationException("cannot open " + abs + ": " + e.getMessage(), e);
        }
    }

    private static StorageOptions storageOptions(StorageOptions base, Options o) {
        Durability d = switch (o.durability()) {
            case IN_MEMORY -> Durability.IN_MEMORY;
            case BUFFERED -> Durability.BUFFERED;
            case STRICT -> Durability.STRICT;
        };
        StorageOptions so = base.withReadOnly(o.readOnly()).withMemtableBytes(o.memtableBytes())
                .withBlockCacheBytes(o.blockCacheBytes()).withSyncIntervalMillis(o.syncIntervalMillis());
        return base.durability() == Durability.IN_MEMORY ? so : so.withDurability(d);
    }

    private static Storage openStorage(StorageOptions so, Path path) {
        try {
            return Storage.open(so);
        } catch (UnsupportedOperationException e) {
            throw new StateException("cannot open an in-memory database: the storage runtime is not available in "
                    + "this build (" + e.getMessage() + ")", e);
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

    /** The directory, or null for {@code Strata.cache()}. */
    public Path path() {
        return path;
    }

    /** Whether data survives close. */
    public boolean persistent() {
        return persistent;
    }

    /** A warning the user must see (e.g. not persistent), or null. */
    public String notice() {
        return notice;
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
                + (persistent ? "" : ", NOT PERSISTENT") + (closed.get() ? ", closed" : "");
    }

    /** Flushes and closes the storage. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            storage.close();
        } catch (StorageException e) {
            throw new IoException("closing the database" + (path == null ? "" : " at " + path) + " failed: "
                    + e.getMessage(), e);
        }
    }
}
