package io.stratadb;

import io.stratadb.command.Result;
import io.stratadb.command.Scope;
import io.stratadb.command.StateCommand;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * State cells of the current branch and space ({@code db.state()}): named values with a per-cell
 * version (1 on creation, +1 per write) for compare-and-swap coordination. A CAS mismatch is an
 * empty result, never an exception. Thread-safety, errors and transactions as for {@link Kv}.
 */
public final class StateCells {
    private final Runner runner;
    private final Scope scope;

    StateCells(Runner runner, Scope scope) {
        this.runner = runner;
        this.scope = scope;
    }

    /** Sets the cell unconditionally; returns its new version. */
    public long set(String cell, Object value) {
        return runner.run(new StateCommand.Set(cell, Value.of(value), scope)).version();
    }

    public Optional<Value> get(String cell) {
        return get(cell, null);
    }

    public Optional<Value> get(String cell, AsOf at) {
        return runner.run(new StateCommand.Get(cell, Runner.at(scope, at))).toOptional();
    }

    /** Value with the cell's version (what {@link #cas} compares), commit version and timestamp. */
    public Optional<Versioned> getVersioned(String cell) {
        return getVersioned(cell, null);
    }

    public Optional<Versioned> getVersioned(String cell, AsOf at) {
        return Optional.ofNullable(runner.run(new StateCommand.GetVersioned(cell, Runner.at(scope, at))).versioned());
    }

    /** Creates the cell with {@code value} if absent; idempotent. Returns the cell's current version. */
    public long init(String cell, Object value) {
        return runner.run(new StateCommand.Init(cell, Value.of(value), scope)).version();
    }

    /**
     * Compare-and-swap: writes {@code value} only if the cell's version is {@code expectedVersion}
     * ({@code null}: only if the cell does not exist). Returns the new version, or empty on a mismatch.
     */
    public OptionalLong cas(String cell, Object value, Long expectedVersion) {
        Result.MaybeVersion r = runner.run(new StateCommand.Cas(cell, Value.of(value), expectedVersion, scope));
        return r.matched() ? OptionalLong.of(r.version()) : OptionalLong.empty();
    }

    /** Deletes the cell; true if it existed. */
    public boolean delete(String cell) {
        return runner.run(new StateCommand.Delete(cell, scope)).value();
    }

    public List<String> list() {
        return list(null, null);
    }

    public List<String> list(String prefix) {
        return list(prefix, null);
    }

    public List<String> list(String prefix, AsOf at) {
        return runner.run(new StateCommand.List(prefix, Runner.at(scope, at))).keys();
    }

    /** Every version of the cell, newest first (deletions included); empty for a cell never written. */
    public List<Versioned> history(String cell) {
        return runner.run(new StateCommand.History(cell, scope)).versions();
    }
}
