package io.stratadb.storage.internal.manifest;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.layout.Layout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * Loads and publishes manifests. {@link #publish} writes the new record object, syncs it, then
 * atomically publishes {@code manifest/current} pointing at it: a crash leaves either the old or the
 * new manifest live, never a mix. {@link #collectGarbage} deletes what the live manifest no longer
 * reaches: older manifests, timeline chunks its runtime state does not list and WAL segments before
 * {@code walStartSegment}; with {@code recovery} (no reader exists yet) also every table the manifest
 * does not list (and blob file no live table refers to), e.g. the output of a crashed
 * flush or the inputs of a compaction whose deletion was interrupted. While running, the LSM deletes
 * the tables it retires itself, once no reader pins them.
 *
 * <p>Errors: I/O as {@link IOException}; a damaged pointer or record as
 * {@link io.stratadb.storage.internal.record.CorruptionException} naming the object and offset.
 * Not thread-safe: the runtime publishes from one thread at a time (under its flush lock).
 */
public final class ManifestStore {
    private final Backend backend;

    public ManifestStore(Backend backend) {
        this.backend = backend;
    }

    /** The id {@code manifest/current} points to, or empty when there is none (no manifest read). */
    public OptionalLong currentId() throws IOException {
        if (!backend.exists(Layout.CURRENT)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(ManifestCodec.decodePointer(Layout.CURRENT, backend.read(Layout.CURRENT)));
        } catch (java.nio.file.NoSuchFileException e) {
            return OptionalLong.empty(); // deleted between the two calls
        }
    }

    /** The live manifest, or empty for a database that never published one. */
    public Optional<ManifestRecord> load() throws IOException {
        if (!backend.exists(Layout.CURRENT)) {
            return Optional.empty();
        }
        long id = ManifestCodec.decodePointer(Layout.CURRENT, backend.read(Layout.CURRENT));
        String name = Layout.manifest(id);
        if (!backend.exists(name)) {
            throw new io.stratadb.storage.internal.record.CorruptionException(Layout.CURRENT, 0,
                    "points to manifest " + name + " which does not exist");
        }
        ManifestRecord m = ManifestCodec.decode(name, backend.read(name));
        if (m.id() != id) {
            throw new io.stratadb.storage.internal.record.CorruptionException(name, 0,
                    "manifest object holds id " + m.id() + " but the pointer says " + id);
        }
        return Optional.of(m);
    }

    /** Writes timeline chunk {@code id} durably (before a manifest that lists it is published). */
    public void writeTimelineChunk(long id, byte[] object) throws IOException {
        String name = Layout.timelineChunk(id);
        backend.write(name, object);
        backend.sync(name);
    }

    /** Makes {@code next} the live manifest, durably and atomically. */
    public void publish(ManifestRecord next) throws IOException {
        String name = Layout.manifest(next.id());
        backend.write(name, ManifestCodec.encode(next));
        backend.sync(name);
        backend.publish(Layout.CURRENT, ManifestCodec.encodePointer(next.id()));
    }

    /** Objects {@code live} does not reach (see class doc), in name order; blob files count as reached. */
    public List<String> unreachable(ManifestRecord live, boolean recovery) throws IOException {
        return unreachable(live, recovery, id -> true);
    }

    /**
     * Objects {@code live} does not reach, in name order. Which blob files the live tables refer to is
     * the LSM's knowledge ({@code liveBlob}); in recovery the others are unreachable.
     */
    public List<String> unreachable(ManifestRecord live, boolean recovery, LongPredicate liveBlob) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : backend.list(Layout.MANIFEST_DIR)) {
            OptionalLong id = Layout.manifestId(n);
            if (id.isPresent() && id.getAsLong() != live.id() && (id.getAsLong() < live.id() || recovery)) {
                out.add(n);
            }
        }
        Set<Long> liveTables = new HashSet<>();
        live.tables().forEach(t -> liveTables.add(t.tableId()));
        // while running, the LSM deletes the tables it retires itself, once no reader pins them
        for (String n : recovery ? backend.list(Layout.TABLES_DIR) : List.<String>of()) {
            OptionalLong id = Layout.tableId(n);
            OptionalLong blob = Layout.blobId(n);
            if ((id.isPresent() && !liveTables.contains(id.getAsLong()))
                    || (blob.isPresent() && !liveBlob.test(blob.getAsLong()))) {
                out.add(n);
            }
        }
        Set<Long> liveChunks = RuntimeState.chunkIds(live.extra(), Layout.manifest(live.id()));
        for (String n : backend.list(Layout.TIMELINE_DIR)) {
            OptionalLong id = Layout.timelineChunkId(n);
            if (id.isPresent() && !liveChunks.contains(id.getAsLong())) {
                out.add(n);
            }
        }
        for (String n : backend.list(Layout.WAL_DIR)) {
            OptionalLong seq = Layout.walSegmentSeq(n);
            if (seq.isPresent() && seq.getAsLong() < live.walStartSegment()) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Deletes {@link #unreachable} objects, and in recovery the temporaries a crash left
     * ({@link Backend#deleteTemporaries}: recovery runs before the WAL opens, so nothing is mid-publish);
     * returns how many.
     */
    public int collectGarbage(ManifestRecord live, boolean recovery) throws IOException {
        return collectGarbage(live, recovery, id -> true);
    }

    /** As {@link #collectGarbage(ManifestRecord, boolean)}, deleting in recovery the blob files not {@code liveBlob}. */
    public int collectGarbage(ManifestRecord live, boolean recovery, LongPredicate liveBlob) throws IOException {
        List<String> dead = unreachable(live, recovery, liveBlob);
        for (String n : dead) {
            backend.delete(n);
        }
        return dead.size() + (recovery ? backend.deleteTemporaries() : 0);
    }
}
