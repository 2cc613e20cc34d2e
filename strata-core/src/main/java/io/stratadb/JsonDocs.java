package io.stratadb;

import io.stratadb.command.JsonCommand;
import io.stratadb.command.Result;
import io.stratadb.command.Scope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JSON documents of the current branch and space ({@code db.json()}). Paths are the JSONPath subset
 * {@code $}, {@code .key}, {@code [n]} (e.g. {@code $.users[0].name}); anything else throws
 * {@link ValidationException} naming the path. {@code set} creates missing intermediate objects and
 * arrays, an index equal to an array's length appends, and deleting {@code $} deletes the document.
 * Each document has a version (1 on creation, +1 per write). Thread-safety, errors and transactions
 * as for {@link Kv}.
 */
public final class JsonDocs {
    private final Runner runner;
    private final Scope scope;

    JsonDocs(Runner runner, Scope scope) {
        this.runner = runner;
        this.scope = scope;
    }

    /** Sets {@code value} at {@code path} of document {@code key}; returns the document's new version. */
    public long set(String key, String path, Object value) {
        return runner.run(new JsonCommand.Set(key, path, Value.of(value), scope)).version();
    }

    /** The whole document. */
    public Optional<Value> get(String key) {
        return get(key, "$", null);
    }

    /** The value at {@code path}, or empty if the document or the path does not exist. */
    public Optional<Value> get(String key, String path) {
        return get(key, path, null);
    }

    public Optional<Value> get(String key, String path, AsOf at) {
        return runner.run(new JsonCommand.Get(key, path, Runner.at(scope, at))).toOptional();
    }

    /** The whole document with its version, commit version and timestamp. */
    public Optional<Versioned> getVersioned(String key) {
        return getVersioned(key, null);
    }

    public Optional<Versioned> getVersioned(String key, AsOf at) {
        return Optional.ofNullable(runner.run(new JsonCommand.GetVersioned(key, Runner.at(scope, at))).versioned());
    }

    /** Deletes the value at {@code path} ({@code $}: the document); true if something was removed. */
    public boolean delete(String key, String path) {
        return runner.run(new JsonCommand.Delete(key, path, scope)).value();
    }

    /** Every document key with {@code prefix} (null = all), sorted, following cursors to the end. */
    public List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<String> p = list(prefix, null, cursor);
            out.addAll(p.items());
            cursor = p.nextCursor();
        } while (cursor != null);
        return out;
    }

    /** One page of document keys; pass {@link Page#nextCursor()} back for the next. {@code limit} null = 1000. */
    public Page<String> list(String prefix, Integer limit, String cursor) {
        return list(prefix, limit, cursor, null);
    }

    public Page<String> list(String prefix, Integer limit, String cursor, AsOf at) {
        Result.KeyPage r = runner.run(new JsonCommand.List(prefix, limit, cursor, Runner.at(scope, at)));
        return new Page<>(r.keys(), r.nextCursor());
    }

    /** Every version of the document, newest first (deletions included). */
    public List<Versioned> history(String key) {
        return runner.run(new JsonCommand.History(key, scope)).versions();
    }

    /** Applies every set in one commit; returns the documents' new versions in order. */
    public List<Long> batchSet(List<JsonCommand.Item> items) {
        return runner.run(new JsonCommand.BatchSet(items, scope)).versions();
    }

    /** Reads every (key, path) from one snapshot; values in order (the items' values are ignored). */
    public List<Optional<Value>> batchGet(List<JsonCommand.Item> items) {
        List<Optional<Value>> out = new ArrayList<>();
        for (Result.Maybe m : runner.run(new JsonCommand.BatchGet(items, scope)).values()) {
            out.add(m.toOptional());
        }
        return out;
    }

    /** Applies every delete in one commit; whether each removed something, in order. */
    public List<Boolean> batchDelete(List<JsonCommand.Item> items) {
        return runner.run(new JsonCommand.BatchDelete(items, scope)).values();
    }

    /** A batch item: set {@code value} at {@code path} of {@code key} (value ignored by get/delete). */
    public static JsonCommand.Item item(String key, String path, Object value) {
        return new JsonCommand.Item(key, path, Value.of(value));
    }

    /** A batch item for get/delete. */
    public static JsonCommand.Item item(String key, String path) {
        return new JsonCommand.Item(key, path, null);
    }
}
