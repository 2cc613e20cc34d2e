package io.stratadb;

import io.stratadb.command.Command;
import io.stratadb.command.DbCommand;
import io.stratadb.command.Result;
import io.stratadb.command.TxnCommand;
import io.stratadb.internal.executor.Database;
import io.stratadb.internal.executor.Session;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An embedded Strata database: KV, state cells, event logs, JSON documents and vector collections over one MVCC,
 * branch-aware store, with transactions, time travel, forks, diffs and merges.
 *
 * <pre>{@code
 * try (Strata db = Strata.open(Path.of("./my-data"))) {
 *     db.kv().put("user:123", "Alice");
 *     db.branches().fork("experiment");
 *     db.branches().use("experiment");
 *     db.transaction(tx -> {
 *         tx.kv().put("a", 1);
 *         tx.state().set("step", 2);
 *     });
 * }
 * }</pre>
 *
 * <p><b>Sessions.</b> A handle has one session: a current branch ({@code default} at first), a current
 * space ({@code default}) and at most one manually begun transaction ({@link #begin()}). Calls through
 * {@link #kv()} and the other namespaces run in that session: inside the manual transaction if one is
 * active, else each write is its own commit. {@link #newSession()} gives another handle on the same
 * database with its own session (e.g. one per agent or thread).
 *
 * <p><b>Thread safety.</b> All methods are thread-safe; calls on one session run one at a time. The
 * manual transaction belongs to the session, so several threads sharing a handle share it: give each
 * thread its own {@link #newSession()} or use {@link #transaction}, whose body gets a private
 * transaction, safe to run concurrently from many threads.
 *
 * <p><b>Durability.</b> {@link #open(Path)} databases are durable: a write has the durability of the
 * mode in {@link Options} ({@code BUFFERED} by default, {@code STRICT}, or {@code IN_MEMORY}) when its
 * call returns (or when its transaction commits), and survives close and reopen. {@link #cache()}
 * databases keep nothing. {@link #recoveryHealth()} reports what the open recovered.
 *
 * <p><b>Errors.</b> Unchecked {@link StrataException} subclasses, whose messages name the bad input.
 * After {@link #close()} every call throws {@link StateException}. Every call is a {@link Command} run by
 * the executor; {@link #execute} runs one directly (what the CLI and bindings do).
 */
public final class Strata implements AutoCloseable {
    private final Database database;
    private final Session session;
    private final boolean owner;
    private final Runner runner;

    private Strata(Database database, Session session, boolean owner) {
        this.database = database;
        this.session = session;
        this.owner = owner;
        this.runner = runnerFor(session);
    }

    /**
     * Opens (creating if needed) a durable database in directory {@code path} with default options:
     * {@link Options.Durability#BUFFERED} (a commit survives a process crash at once and an OS crash
     * after the next WAL fsync, at most 100 ms later), read-write, keep every version.
     *
     * <p>Opening replays the write-ahead log after the last flush; a torn or corrupt WAL tail is
     * truncated and reported by {@link #recoveryHealth()} (the database still opens). Only one
     * read-write handle per directory may be open at a time, in any process (an OS lock on
     * {@code <path>/locks/writer.lock}); read-only opens may run beside it.
     *
     * @throws StateException      if another writer (process or handle) holds the directory's writer lock
     * @throws NotFoundException   if {@code options.readOnly()} and the directory holds no database
     * @throws ValidationException if {@code path} is null or not a directory
     * @throws IoException         if the directory cannot be read, or a table or the manifest is corrupt
     *                             (the message names the object and offset)
     */
    public static Strata open(Path path) {
        return open(path, Options.defaults());
    }

    /**
     * Opens a database in {@code path} with {@code options} (durability, read-only, retention, memory
     * budgets); see {@link #open(Path)}. {@link Options.Durability#IN_MEMORY} writes nothing to the
     * directory and keeps nothing after close.
     */
    public static Strata open(Path path, Options options) {
        required(options, "options");
        if (path == null) {
            throw new ValidationException("database path must not be null (use Strata.cache() for in-memory)");
        }
        Database db = Database.open(path, options);
        return new Strata(db, db.newSession(), true);
    }

    /** A fresh in-memory database: fast, nothing is written to disk, everything is gone on close. */
    public static Strata cache() {
        Database db = Database.inMemory();
        return new Strata(db, db.newSession(), true);
    }

    /**
     * Another handle on the same database with its own session (current branch and space copied from
     * this one, no transaction). Closing it only ends its session; closing the original closes the
     * database for every handle.
     */
    public Strata newSession() {
        Session s = database.newSession();
        s.copyPositionFrom(session);
        return new Strata(database, s, false);
    }

    // ---- namespaces ---------------------------------------------------------------------------

    public Kv kv() {
        return new Kv(runner, io.stratadb.command.Scope.CURRENT);
    }

    public StateCells state() {
        return new StateCells(runner, io.stratadb.command.Scope.CURRENT);
    }

    public EventLog events() {
        return new EventLog(runner, io.stratadb.command.Scope.CURRENT);
    }

    public JsonDocs json() {
        return new JsonDocs(runner, io.stratadb.command.Scope.CURRENT);
    }

    /** Vector collections of the current branch and space. */
    public Vectors vectors() {
        return new Vectors(runner, io.stratadb.command.Scope.CURRENT);
    }

    public Branches branches() {
        return new Branches(runner);
    }

    public Spaces spaces() {
        return new Spaces(runner);
    }

    // ---- transactions -------------------------------------------------------------------------

    /**
     * Runs {@code body} in a new transaction on the current branch and space: commits when it returns,
     * rolls back (and rethrows) when it throws. The body gets its own transaction, independent of
     * this handle's session: use the {@link Transaction} it receives ({@code tx.kv()}, ...), not
     * {@code db.kv()}, which runs outside it.
     *
     * @throws ConflictException if the commit conflicted with a concurrent commit (nothing applied)
     */
    public void transaction(Consumer<Transaction> body) {
        transaction(TxOptions.DEFAULT, body);
    }

    /** Like {@link #transaction(Consumer)}, read-only and/or retried on conflict per {@code options}. */
    public void transaction(TxOptions options, Consumer<Transaction> body) {
        required(body, "body");
        transactionResult(options, tx -> {
            body.accept(tx);
            return null;
        });
    }

    /** Like {@link #transaction(Consumer)}, returning the body's result. */
    public <T> T transactionResult(Function<Transaction, T> body) {
        return transactionResult(TxOptions.DEFAULT, body);
    }

    /**
     * Runs {@code body} in a transaction per {@code options}; on {@link ConflictException} the whole
     * body runs again in a fresh transaction, up to {@code options.maxAttempts()} times in total.
     *
     * @throws ConflictException when every attempt conflicted (the last conflict)
     */
    public <T> T transactionResult(TxOptions options, Function<Transaction, T> body) {
        required(options, "options");
        required(body, "body");
        ConflictException last = null;
        for (int attempt = 0; attempt < options.maxAttempts(); attempt++) {
            Session s = database.newSession();
            s.copyPositionFrom(session);
            Runner r = runnerFor(s);
            r.run(new TxnCommand.Begin(options.readOnly()));
            Transaction tx = new Transaction(r, options.readOnly());
            try {
                T result = body.apply(tx);
                tx.finish();
                r.run(new TxnCommand.Commit());
                return result;
            } catch (ConflictException e) {
                last = e;
                s.abandon();
            } catch (RuntimeException | Error e) {
                try {
                    s.abandon();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            } finally {
                tx.finish();
            }
        }
        throw last;
    }

    /** Begins a read-write transaction in this handle's session. */
    public void begin() {
        begin(false);
    }

    /**
     * Begins a transaction in this handle's session: until {@link #commit()} or {@link #rollback()},
     * every namespace call on this handle reads its snapshot and buffers its writes.
     *
     * @throws StateException if a transaction is already active
     */
    public void begin(boolean readOnly) {
        runner.run(new TxnCommand.Begin(readOnly));
    }

    /**
     * Commits the session's transaction atomically.
     *
     * @return the commit version
     * @throws ConflictException if it conflicted (nothing applied; the transaction is over)
     * @throws StateException    if no transaction is active
     */
    public long commit() {
        return runner.run(new TxnCommand.Commit()).version();
    }

    /** Discards every write of the session's transaction. @throws StateException if none is active */
    public void rollback() {
        runner.run(new TxnCommand.Rollback());
    }

    /** Whether the session has an active transaction. */
    public boolean inTransaction() {
        return txnInfo().active();
    }

    public TxnInfo txnInfo() {
        return runner.run(new TxnCommand.Info()).info();
    }

    // ---- time travel --------------------------------------------------------------------------

    /**
     * A read-only view of the current branch and space as of {@code at}. A timestamp is pinned to
     * the newest commit at or before it when the snapshot is taken, so the view never changes, even
     * for a timestamp in the future.
     *
     * @throws ValidationException if a version is above the latest commit
     */
    public Snapshot at(AsOf at) {
        required(at, "at");
        var pos = session.position();
        long version;
        if (at.version() != null) {
            long latest = runner.run(new DbCommand.VersionAt(null)).version();
            if (at.version() > latest) {
                throw new ValidationException("as-of version " + at.version() + " is above the latest commit version "
                        + latest);
            }
            version = at.version();
        } else {
            version = runner.run(new DbCommand.VersionAt(at.micros())).version();
        }
        return new Snapshot(runner, pos.branch(), pos.space(), at, version);
    }

    /** A read-only view as of commit {@code version}. */
    public Snapshot at(long version) {
        return at(AsOf.version(version));
    }

    /** A read-only view as of the newest commit at or before {@code time}. */
    public Snapshot at(Instant time) {
        return at(AsOf.instant(time));
    }

    // ---- database -----------------------------------------------------------------------------

    /** Health check: the Strata version. */
    public String ping() {
        return runner.run(new DbCommand.Ping()).version();
    }

    /**
     * Real figures from the storage: durability, counts (keys, versions, branches, spaces), bytes on
     * disk per LSM level, WAL size, cache hit rate, lifecycle state, recovery health, session position.
     */
    public DatabaseInfo info() {
        return runner.run(new DbCommand.Info()).info();
    }

    /** What the open of this database recovered: healthy, or degraded with what was lost. */
    public RecoveryHealth recoveryHealth() {
        return info().recovery();
    }

    /**
     * Makes every acknowledged commit durable now: writes the memtable to a sorted table, syncs the
     * WAL and publishes the manifest (a no-op for in-memory databases).
     */
    public void flush() {
        runner.run(new DbCommand.Flush());
    }

    /**
     * Runs a compaction now: merges tables and drops the versions {@link Options#retention()} allows
     * (never the newest version of a key, never what a fork still sees).
     */
    public void compact() {
        runner.run(new DbCommand.Compact());
    }

    /** Runs any command in this handle's session (the CLI and bindings use this). */
    public <R extends Result> R execute(Command<R> command) {
        return runner.run(required(command, "command"));
    }

    /**
     * Rolls back this session's open transaction, if any; for the handle that opened the database,
     * also flushes and closes it (every other handle then fails with {@link StateException}).
     * Idempotent.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        try {
            session.abandon();
        } catch (RuntimeException e) {
            failure = e;
        }
        if (owner) {
            try {
                database.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "Strata[" + database.describe() + "]";
    }

    /** Null arguments are bad input like any other: a ValidationException naming the argument. */
    static <T> T required(T value, String name) {
        if (value == null) {
            throw new ValidationException(name + " must not be null");
        }
        return value;
    }

    private Runner runnerFor(Session s) {
        return new Runner() {
            @Override
            public <R extends Result> R run(Command<R> command) {
                return database.executor().execute(s, command);
            }
        };
    }
}
