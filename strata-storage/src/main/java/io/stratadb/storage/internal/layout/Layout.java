package io.stratadb.storage.internal.layout;

import java.util.OptionalLong;

/**
 * L2: the one namespace of a database's objects. Every object name used anywhere comes from a
 * typed constructor here; nothing else builds paths. Numbered objects use 20-digit zero-padded ids
 * so lexical order is numeric order.
 *
 * <pre>
 * manifest/current                 the one atomic pointer to the live manifest record
 * manifest/NNNNNNNNNNNNNNNNNNNN.mf  manifest records
 * wal/NNNNNNNNNNNNNNNNNNNN.wal      WAL segments (by segment sequence)
 * tables/NNNNNNNNNNNNNNNNNNNN.sst   sorted tables (by table id)
 * tables/NNNNNNNNNNNNNNNNNNNN.blob  blob files: older versions' values that tables refer to (ids from the table counter)
 * timeline/NNNNNNNNNNNNNNNNNNNN.tl   commit timeline chunks the manifest lists (ids from the table counter)
 * snapshots/NNNNNNNNNNNNNNNNNNNN.snap  snapshot objects
 * quarantine/&lt;original with '/' as '_'&gt;  objects moved aside by recovery
 * locks/writer.lock                the single-writer lock
 * </pre>
 *
 * An object is deleted only when it is unreachable from {@link #CURRENT}. Stateless, thread-safe.
 */
public final class Layout {
    public static final String MANIFEST_DIR = "manifest/";
    public static final String WAL_DIR = "wal/";
    public static final String TABLES_DIR = "tables/";
    public static final String TIMELINE_DIR = "timeline/";
    public static final String SNAPSHOTS_DIR = "snapshots/";
    public static final String QUARANTINE_DIR = "quarantine/";
    public static final String LOCKS_DIR = "locks/";

    /** The atomic pointer to the live manifest record. */
    public static final String CURRENT = MANIFEST_DIR + "current";

    private static final String MANIFEST_SUFFIX = ".mf";
    private static final String WAL_SUFFIX = ".wal";
    private static final String TABLE_SUFFIX = ".sst";
    private static final String BLOB_SUFFIX = ".blob";
    private static final String SNAPSHOT_SUFFIX = ".snap";
    private static final String TIMELINE_SUFFIX = ".tl";

    private Layout() {
    }

    private static String numbered(String dir, long id, String suffix) {
        if (id < 0) {
            throw new IllegalArgumentException("object id must be >= 0, got " + id + " for " + dir);
        }
        return dir + String.format("%020d", id) + suffix;
    }

    private static OptionalLong parse(String name, String dir, String suffix) {
        if (name == null || !name.startsWith(dir) || !name.endsWith(suffix)
                || name.length() != dir.length() + 20 + suffix.length()) {
            return OptionalLong.empty();
        }
        String digits = name.substring(dir.length(), dir.length() + 20);
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Manifest record {@code id}. */
    public static String manifest(long id) {
        return numbered(MANIFEST_DIR, id, MANIFEST_SUFFIX);
    }

    /** The id of a manifest record name, or empty if {@code name} is not one. */
    public static OptionalLong manifestId(String name) {
        return parse(name, MANIFEST_DIR, MANIFEST_SUFFIX);
    }

    /** WAL segment {@code seq}. */
    public static String walSegment(long seq) {
        return numbered(WAL_DIR, seq, WAL_SUFFIX);
    }

    /** The sequence of a WAL segment name, or empty. */
    public static OptionalLong walSegmentSeq(String name) {
        return parse(name, WAL_DIR, WAL_SUFFIX);
    }

    /** Sorted table {@code id}. */
    public static String table(long id) {
        return numbered(TABLES_DIR, id, TABLE_SUFFIX);
    }

    /** The id of a table name, or empty. */
    public static OptionalLong tableId(String name) {
        return parse(name, TABLES_DIR, TABLE_SUFFIX);
    }

    /** Blob file {@code id} (its id comes from the same counter as table ids). */
    public static String blob(long id) {
        return numbered(TABLES_DIR, id, BLOB_SUFFIX);
    }

    /** The id of a blob file name, or empty. */
    public static OptionalLong blobId(String name) {
        return parse(name, TABLES_DIR, BLOB_SUFFIX);
    }

    /** Commit timeline chunk {@code id}. */
    public static String timelineChunk(long id) {
        return numbered(TIMELINE_DIR, id, TIMELINE_SUFFIX);
    }

    /** The id of a timeline chunk name, or empty. */
    public static OptionalLong timelineChunkId(String name) {
        return parse(name, TIMELINE_DIR, TIMELINE_SUFFIX);
    }

    /** Snapshot object {@code id}. */
    public static String snapshot(long id) {
        return numbered(SNAPSHOTS_DIR, id, SNAPSHOT_SUFFIX);
    }

    /** The id of a snapshot name, or empty. */
    public static OptionalLong snapshotId(String name) {
        return parse(name, SNAPSHOTS_DIR, SNAPSHOT_SUFFIX);
    }

    /** Where recovery moves a damaged or unreachable-but-suspicious object {@code original}. */
    public static String quarantine(String original) {
        if (original == null || original.isEmpty() || original.startsWith(QUARANTINE_DIR)) {
            throw new IllegalArgumentException("cannot quarantine '" + original + "'");
        }
        return QUARANTINE_DIR + original.replace('/', '_');
    }

    /** The single-writer lock object. */
    public static String writerLock() {
        return LOCKS_DIR + "writer.lock";
    }
}
