package io.stratadb.internal;

/**
 * Keyspace ids: which primitive owns a storage key. Part of the durable format — never renumber.
 */
public final class Keyspaces {
    /** Engine metadata: space registry, collection configs, merge records, counters. */
    public static final int META = 0;
    public static final int KV = 1;
    public static final int STATE = 2;
    public static final int EVENT = 3;
    public static final int JSON = 4;
    public static final int VECTOR = 5;
    public static final int GRAPH = 6;
    /** Derived search structures (text index), if persisted. */
    public static final int SEARCH = 7;

    private Keyspaces() {
    }
}
