package io.stratadb.command;

import io.stratadb.Value;

import java.util.LinkedHashMap;
import java.util.Map;

/** Key-value commands. Keys are non-empty strings (at most 1 KiB in UTF-8, checked by the engine). */
public sealed interface KvCommand<R extends Result> extends Command<R> {

    /** Stores {@code value} under {@code key}; returns the commit version. */
    record Put(String key, Value value, Scope scope) implements KvCommand<Result.Version> {
        public Put {
            Args.name("kv_put", "key", key);
            value = Args.value("kv_put", "value", value);
        }
    }

    /** The latest (or as-of) value of {@code key}; not found is a result, not an error. */
    record Get(String key, Scope scope) implements KvCommand<Result.Maybe> {
        public Get {
            Args.name("kv_get", "key", key);
        }
    }

    /** Value, version and timestamp of {@code key}, or none. */
    record GetVersioned(String key, Scope scope) implements KvCommand<Result.VersionedOne> {
        public GetVersioned {
            Args.name("kv_get_versioned", "key", key);
        }
    }

    /** Deletes {@code key}; the result says whether it existed. */
    record Delete(String key, Scope scope) implements KvCommand<Result.Flag> {
        public Delete {
            Args.name("kv_delete", "key", key);
        }
    }

    /** Keys starting with {@code prefix} (null or empty = all), sorted. */
    record List(String prefix, Scope scope) implements KvCommand<Result.Keys> {
    }

    /** One page of keys after {@code cursor} (null = from the start); {@code limit} null = engine default. */
    record ListPage(String prefix, Integer limit, String cursor, Scope scope) implements KvCommand<Result.KeyPage> {
        public ListPage {
            Args.positiveOrNull("kv_list_page", "limit", limit);
        }
    }

    /** Every version of {@code key}, newest first (tombstones included); empty for a missing key. */
    record History(String key, Scope scope) implements KvCommand<Result.History> {
        public History {
            Args.name("kv_history", "key", key);
        }
    }

    /** Stores several entries in one commit; returns its version. */
    record BatchPut(Map<String, Value> entries, Scope scope) implements KvCommand<Result.Version> {
        public BatchPut {
            Args.notNull("kv_batch_put", "entries", entries);
            Map<String, Value> copy = new LinkedHashMap<>();
            for (Map.Entry<String, Value> e : entries.entrySet()) {
                copy.put(Args.name("kv_batch_put", "key", e.getKey()), Args.value("kv_batch_put", "value",
                        e.getValue()));
            }
            entries = java.util.Collections.unmodifiableMap(copy);
        }
    }
}
