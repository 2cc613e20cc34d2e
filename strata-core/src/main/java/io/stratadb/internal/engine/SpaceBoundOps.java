package io.stratadb.internal.engine;

import io.stratadb.Page;
import io.stratadb.storage.Key;

import java.util.List;

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

    /** Deletes {@code k} if it is live; returns whether it was. */
    final boolean deleteIfPresent(Key k) {
        return scope.write(space, t -> {
            if (t.get(k).isEmpty()) {
                return false;
            }
            t.delete(k);
            return true;
        }).value();
    }

    /** Names of the live entities of {@code keyspace} starting with {@code prefix} (null = all), in key order. */
    final List<String> listNames(int keyspace, String prefix) {
        return Listing.keys(scope.reader(), space, keyspace, prefix);
    }

    /** One page of those names; {@code limit} null = 1000; pass the returned cursor back for the next page. */
    final Page<String> pageNames(int keyspace, String prefix, Integer limit, String cursor) {
        return Listing.page(scope.reader(), space, keyspace, prefix, limit, cursor, kv -> kv.key().userKeyString());
    }
}
