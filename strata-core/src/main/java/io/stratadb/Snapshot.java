package io.stratadb;

import io.stratadb.command.Scope;

/**
 * A read-only, consistent view of one branch and space as of one point in the past, over every
 * primitive ({@code db.at(...)}). The branch and space are the session's current ones when the
 * snapshot was taken; later switches, commits and deletes do not change what it sees. Every write
 * through it throws {@link AccessDeniedException}. Thread-safe; cheap (holds no resources) and valid
 * until the database is closed.
 */
public final class Snapshot {
    private final Runner runner;
    private final Scope scope;
    private final AsOf asOf;
    private final long version;

    Snapshot(Runner runner, String branch, String space, AsOf asOf, long version) {
        this.runner = runner;
        this.asOf = asOf;
        this.version = version;
        this.scope = new Scope(branch, space, version, null);
    }

    public String branch() {
        return scope.branch();
    }

    public String space() {
        return scope.space();
    }

    /** The point this snapshot was asked for. */
    public AsOf asOf() {
        return asOf;
    }

    /** The commit version it reads at (a timestamp is resolved when the snapshot is taken). */
    public long version() {
        return version;
    }

    public Kv kv() {
        return new Kv(runner, scope);
    }

    public StateCells state() {
        return new StateCells(runner, scope);
    }

    public EventLog events() {
        return new EventLog(runner, scope);
    }

    public JsonDocs json() {
        return new JsonDocs(runner, scope);
    }

    /** The same point in another space of the same branch. */
    public Snapshot inSpace(String space) {
        return new Snapshot(runner, scope.branch(), space, asOf, version);
    }

    @Override
    public String toString() {
        return "Snapshot[" + scope.branch() + "/" + scope.space() + " at " + asOf + " = version " + version + "]";
    }
}
