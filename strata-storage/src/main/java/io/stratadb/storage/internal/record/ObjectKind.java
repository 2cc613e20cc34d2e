package io.stratadb.storage.internal.record;

/**
 * What a durable object is; stored in its {@link FormatHeader} so a reader can refuse an object of
 * the wrong kind (e.g. a table passed where a WAL segment was expected). Codes are persistent:
 * never renumber, only append.
 */
public enum ObjectKind {
    WAL_SEGMENT(1),
    MANIFEST(2),
    CURRENT_POINTER(3),
    TABLE(4),
    SNAPSHOT(5),
    TABLE_INDEX(6),
    BLOOM_FILTER(7),
    BLOB_FILE(8),
    TIMELINE_CHUNK(9);

    private final int code;

    ObjectKind(int code) {
        this.code = code;
    }

    /** The persistent code written to disk. */
    public int code() {
        return code;
    }

    /** The kind with {@code code}, or {@code null} when unknown. */
    public static ObjectKind fromCode(int code) {
        for (ObjectKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        return null;
    }
}
