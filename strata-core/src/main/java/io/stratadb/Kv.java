package io.stratadb;

import io.stratadb.command.KvCommand;
import io.stratadb.command.Scope;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Key-value store of the current branch and space ({@code db.kv()}). Values are anything
 * {@link Value#of(Object)} accepts. Each write is its own commit unless a transaction is active on the
 * session; reads see the latest commit (or the transaction's view, or the snapshot's point for a
 * {@link Snapshot}). Every read has an as-of overload.
 *
 * <p>Thread-safe when the session is (see {@link Strata}). Errors: {@link ValidationException} for bad
 * keys (empty, over 1 KiB), {@link AccessDeniedException} for writes on read-only databases, transactions
 * and snapshots. A missing key is an empty result, not an error.
 */
public final class Kv {
    private final Runner runner;
    private final Scope scope;

    Kv(Runner runner, Scope scope) {
        this.runner = runner;
        this.scope = scope;
    }

    /** Stores {@code value} under {@code key}; returns the commit version (0 inside a transaction). */
    public long put(String key, Object value) {
        return runner.run(new KvCommand.Put(key, Value.of(value), scope)).version();
    }

    public Optional<Value> get(String key) {
        return get(key, null);
    }

    public Optional<Value> get(String key, AsOf at) {
        return runner.run(new KvCommand.Get(key, Runner.at(scope, at))).toOptional();
    }

    /** Value with its commit version and timestamp. */
    public Optional<Versioned> getVersioned(String key) {
        return getVersioned(key, null);
    }

    public Optional<Versioned> getVersioned(String key, AsOf at) {
        return Optional.ofNullable(runner.run(new KvCommand.GetVersioned(key, Runner.at(scope, at))).versioned());
    }

    /** Deletes {@code key}; true if it existed. */
    public boolean delete(String key) {
        return runner.run(new KvCommand.Delete(key, scope)).value();
    }

    /** Every key, sorted. */
    public List<String> list() {
        return list(null, null);
    }

    /** Keys starting with {@code prefix} (null = all), sorted. */
    public List<String> list(String prefix) {
        return list(prefix, null);
    }

    public List<String> list(String prefix, AsOf at) {
        return runner.run(new KvCommand.List(prefix, Runner.at(scope, at))).keys();
    }

    /**
     * One page of keys with {@code prefix}; pass the page's {@link Page#nextCursor()} as {@code cursor}
     * for the next one. {@code limit} null = 1000.
     */
    public Page<String> listPaginated(String prefix, Integer limit, String cursor) {
        return listPaginated(prefix, limit, cursor, null);
    }

    public Page<String> listPaginated(String prefix, Integer limit, String cursor, AsOf at) {
        var r = runner.run(new KvCommand.ListPage(prefix, limit, cursor, Runner.at(scope, at)));
        return new Page<>(r.keys(), r.nextCursor());
    }

    /** Every version of {@code key}, newest first, deletions included; empty for a key never written. */
    public List<Versioned> history(String key) {
        return runner.run(new KvCommand.History(key, scope)).versions();
    }

    /** Stores every entry in one commit; returns its version (0 inside a transaction). */
    public long batchPut(Map<String, ?> entries) {
        Strata.required(entries, "entries");
        Map<String, Value> values = new LinkedHashMap<>();
        entries.forEach((k, v) -> values.put(k, Value.of(v)));
        return runner.run(new KvCommand.BatchPut(values, scope)).version();
    }
}
