package io.stratadb.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An ordered batch of puts and deletes, committed atomically with one version. A later
 * write to the same key in the batch wins. Not thread-safe while being built.
 */
public final class WriteBatch {
    /** One write: {@code value == null} is a delete (tombstone). */
    public record Write(Key key, byte[] value) {
        public Write {
            Objects.requireNonNull(key, "key");
        }

        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Write> writes = new ArrayList<>();

    public WriteBatch put(Key key, byte[] value) {
        if (value == null) {
            throw new InvalidKeyException("value must not be null for key " + key + " (use delete)");
        }
        writes.add(new Write(Objects.requireNonNull(key, "key"), value));
        return this;
    }

    public WriteBatch delete(Key key) {
        writes.add(new Write(Objects.requireNonNull(key, "key"), null));
        return this;
    }

    public boolean isEmpty() {
        return writes.isEmpty();
    }

    public int size() {
        return writes.size();
    }

    public List<Write> writes() {
        return Collections.unmodifiableList(writes);
    }
}
