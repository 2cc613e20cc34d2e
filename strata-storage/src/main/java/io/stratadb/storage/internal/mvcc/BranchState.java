package io.stratadb.storage.internal.mvcc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One branch as the catalog knows it, by id (ids are never reused, so a deleted branch's data stays
 * reachable from its children). The identity fields are immutable; the head fields
 * ({@link #lastCommitVersion()}, {@link #updatedMicros()}) advance in version order as the
 * branch's commits become visible; {@link #isDeleted()} flips once. Thread-safe.
 */
public final class BranchState {
    /** No parent (a branch created empty, or {@code default}). */
    public static final long NO_PARENT = -1;
    private static final byte FORMAT = 1;

    private final String name;
    private final long id;
    private final long parentId;
    private final long forkVersion;
    private final long createdMicros;
    private final long createdVersion;
    private volatile boolean deleted;
    private volatile long lastCommitVersion;
    private volatile long updatedMicros;

    public BranchState(String name, long id, long parentId, long forkVersion, long createdMicros,
                       long createdVersion, boolean deleted) {
        this.name = name;
        this.id = id;
        this.parentId = parentId;
        this.forkVersion = forkVersion;
        this.createdMicros = createdMicros;
        this.createdVersion = createdVersion;
        this.deleted = deleted;
        this.updatedMicros = createdMicros;
    }

    public String name() {
        return name;
    }

    public long id() {
        return id;
    }

    public long parentId() {
        return parentId;
    }

    public long forkVersion() {
        return forkVersion;
    }

    public long createdMicros() {
        return createdMicros;
    }

    public long createdVersion() {
        return createdVersion;
    }

    public boolean isDeleted() {
        return deleted;
    }

    void markDeleted() {
        deleted = true;
    }

    public long lastCommitVersion() {
        return lastCommitVersion;
    }

    public long updatedMicros() {
        return updatedMicros;
    }

    /** Records a visible commit on this branch (called in version order). */
    public void committed(long version, long micros) {
        if (version > lastCommitVersion) {
            lastCommitVersion = version;
            updatedMicros = micros;
        }
    }

    /** The catalog value persisted for this branch (identity fields and the deleted flag). */
    public byte[] encode(boolean asDeleted) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(1 + 5 * 8 + 1 + n.length);
        b.put(FORMAT).putLong(id).putLong(parentId).putLong(forkVersion).putLong(createdMicros)
                .putLong(createdVersion).put((byte) (asDeleted ? 1 : 0)).put(n);
        return b.array();
    }

    /** Decodes a catalog value written by {@link #encode}. */
    public static BranchState decode(byte[] value) {
        if (value.length < 42 || value[0] != FORMAT) {
            throw new IllegalArgumentException("catalog record of " + value.length + " bytes has unknown format "
                    + (value.length == 0 ? "(empty)" : Byte.toString(value[0])));
        }
        ByteBuffer b = ByteBuffer.wrap(value, 1, value.length - 1);
        long id = b.getLong();
        long parent = b.getLong();
        long fork = b.getLong();
        long created = b.getLong();
        long createdVersion = b.getLong();
        boolean deleted = b.get() != 0;
        String name = new String(value, 42, value.length - 42, StandardCharsets.UTF_8);
        return new BranchState(name, id, parent, fork, created, createdVersion, deleted);
    }

    @Override
    public String toString() {
        return "Branch[" + name + " #" + id + (deleted ? " deleted" : "") + "]";
    }
}
