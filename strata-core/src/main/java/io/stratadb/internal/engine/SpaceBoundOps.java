package io.stratadb.internal.engine;

import io.stratadb.storage.Key;

/**
 * What every primitive's operations share: the binding to one (branch, space) through a
 * {@link Scope} (auto-commit, transaction or snapshot) and the checked construction of a
 * storage key in the primitive's keyspace.
 */
abstract sealed class SpaceBoundOps permits KvOps, StateOps, EventOps, JsonOps {
    final Scope scope;
    final String space;

    SpaceBoundOps(Scope scope, String space) {
        this.scope = scope;
        this.space = space;
    }

    public final String branch() {
        return scope.branch();
    }

    public final String space() {
        return space;
    }

    /** The storage key of a user-named entity; {@code what} names it in validation errors. */
    final Key userKey(int keyspace, String what, String name) {
        return Key.of(space, keyspace, Names.checkKey(what, name));
    }
}
