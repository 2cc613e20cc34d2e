package io.stratadb.command;

import io.stratadb.Value;

/**
 * JSON document commands. Paths are a JSONPath subset: {@code $}, {@code .key}, {@code [n]} (checked
 * by the engine, which names the bad path). Documents keep a per-document version starting at 1.
 */
public sealed interface JsonCommand<R extends Result> extends Command<R> {

    /** Sets the value at {@code path} (creating intermediate containers); returns the document version. */
    record Set(String key, String path, Value value, Scope scope) implements JsonCommand<Result.Version> {
        public Set {
            Args.name("json_set", "key", key);
            Args.name("json_set", "path", path);
            value = Args.value("json_set", "value", value);
        }
    }

    /** The value at {@code path}, or none when the document or the path is missing. */
    record Get(String key, String path, Scope scope) implements JsonCommand<Result.Maybe> {
        public Get {
            Args.name("json_get", "key", key);
            Args.name("json_get", "path", path);
        }
    }

    record GetVersioned(String key, Scope scope) implements JsonCommand<Result.VersionedOne> {
        public GetVersioned {
            Args.name("json_get_versioned", "key", key);
        }
    }

    /** Deletes at {@code path} ({@code $} deletes the document); the result says whether anything was removed. */
    record Delete(String key, String path, Scope scope) implements JsonCommand<Result.Flag> {
        public Delete {
            Args.name("json_delete", "key", key);
            Args.name("json_delete", "path", path);
        }
    }

    /** One page of document keys with {@code prefix}, after {@code cursor}. */
    record List(String prefix, Integer limit, String cursor, Scope scope) implements JsonCommand<Result.KeyPage> {
        public List {
            Args.positiveOrNull("json_list", "limit", limit);
        }
    }

    record History(String key, Scope scope) implements JsonCommand<Result.History> {
        public History {
            Args.name("json_history", "key", key);
        }
    }

    /** One element of a batch: document, path and (for sets) value. */
    record Item(String key, String path, Value value) {
        public Item {
            Args.name("json_batch", "key", key);
            Args.name("json_batch", "path", path);
        }
    }

    /** Several sets in one commit; returns the document versions in order. */
    record BatchSet(java.util.List<Item> items, Scope scope) implements JsonCommand<Result.Versions> {
        public BatchSet {
            items = java.util.List.copyOf(Args.notNull("json_batch_set", "items", items));
            for (Item i : items) {
                if (i.value() == null) {
                    throw new io.stratadb.ValidationException("json_batch_set: item " + i.key() + " " + i.path()
                            + " has no value");
                }
            }
        }
    }

    /** Several reads from one snapshot; values in order (missing ones as not found). */
    record BatchGet(java.util.List<Item> items, Scope scope) implements JsonCommand<Result.Maybes> {
        public BatchGet {
            items = java.util.List.copyOf(Args.notNull("json_batch_get", "items", items));
        }
    }

    /** Several deletes in one commit; the flags in order. */
    record BatchDelete(java.util.List<Item> items, Scope scope) implements JsonCommand<Result.Flags> {
        public BatchDelete {
            items = java.util.List.copyOf(Args.notNull("json_batch_delete", "items", items));
        }
    }
}
