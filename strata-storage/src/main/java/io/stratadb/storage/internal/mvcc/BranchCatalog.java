package io.stratadb.storage.internal.mvcc;

import io.stratadb.storage.BranchNotFoundException;
import io.stratadb.storage.InvalidKeyException;
import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.commit.CommitRecord;
import io.stratadb.storage.internal.format.InternalKeyCodec;
import io.stratadb.storage.internal.memtable.SourceEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Branch catalog: live names to branches, and every branch ever created by id. {@code default}
 * (id {@link #DEFAULT_ID}) always exists. Changes are persisted as ordinary commits on the reserved
 * branch id {@link CommitRecord#CATALOG_BRANCH_ID} (one key per branch id, see {@link #catalogWrite}),
 * so the commit log records and replays them with no special case; {@link #rebuild} restores the
 * catalog from those entries.
 *
 * <p>Mutations ({@link #register}, {@link #markDeleted}, {@link #reserveId}) happen only under the
 * commit lock; lookups are lock-free. Thread-safe.
 */
public final class BranchCatalog {
    /** Id of {@code default}. */
    public static final long DEFAULT_ID = 1;
    /** Largest branch name in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 255;
    private static final String CATALOG_SPACE = "catalog";

    private final ConcurrentHashMap<String, BranchState> live = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, BranchState> byId = new ConcurrentHashMap<>();
    private long nextId = DEFAULT_ID + 1;

    public BranchCatalog(long defaultCreatedMicros) {
        BranchState d = new BranchState(Storage.DEFAULT_BRANCH, DEFAULT_ID, BranchState.NO_PARENT, 0,
                defaultCreatedMicros, 0, false);
        live.put(d.name(), d);
        byId.put(d.id(), d);
    }

    /** Checks a branch name: non-null, non-empty, at most {@value #MAX_NAME_BYTES} UTF-8 bytes. */
    public static String checkName(String name, String what) {
        if (name == null || name.isEmpty()) {
            throw new InvalidKeyException(what + " must be a non-empty branch name, got "
                    + (name == null ? "null" : "\"\""));
        }
        // a UTF-16 char encodes to at most 3 UTF-8 bytes: only long names need the exact count
        if (name.length() * 3 > MAX_NAME_BYTES && name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new InvalidKeyException(what + " is longer than " + MAX_NAME_BYTES + " bytes: '"
                    + name.substring(0, 32) + "...'");
        }
        return name;
    }

    /** The live branch called {@code name}. */
    public BranchState requireLive(String name) {
        checkName(name, "branch");
        BranchState b = live.get(name);
        if (b == null) {
            throw new BranchNotFoundException(name);
        }
        return b;
    }

    public BranchState live(String name) {
        return name == null ? null : live.get(name);
    }

    /** Any branch ever created (deleted ones included), or null. */
    public BranchState byId(long id) {
        return byId.get(id);
    }

    /** Live branches sorted by name. */
    public List<BranchState> liveSorted() {
        List<BranchState> out = new ArrayList<>(live.values());
        out.sort(Comparator.comparing(BranchState::name));
        return out;
    }

    /** Every branch ever created (for stats and compaction). */
    public List<BranchState> all() {
        return new ArrayList<>(byId.values());
    }

    /** The live parent's name, if the parent (by id) is still live. */
    public String liveParentName(BranchState b) {
        if (b.parentId() == BranchState.NO_PARENT) {
            return null;
        }
        BranchState p = byId.get(b.parentId());
        return p == null || p.isDeleted() ? null : p.name();
    }

    /** The chain for reading {@code b} at {@code version}. */
    public ReadChain chain(BranchState b, long version) {
        int n = 1;
        for (BranchState p = parentOf(b); p != null; p = parentOf(p)) {
            n++;
        }
        long[] ids = new long[n];
        long[] caps = new long[n];
        ids[0] = b.id();
        caps[0] = version;
        BranchState cur = b;
        for (int i = 1; i < n; i++) {
            BranchState p = parentOf(cur);
            ids[i] = p.id();
            caps[i] = Math.min(caps[i - 1], cur.forkVersion());
            cur = p;
        }
        return new ReadChain(ids, caps);
    }

    private BranchState parentOf(BranchState b) {
        return b.parentId() == BranchState.NO_PARENT ? null : byId.get(b.parentId());
    }

    // ---- mutations (under the commit lock) ------------------------------------------------------

    /** The id the next created branch gets (not consumed until {@link #register}). */
    public long reserveId() {
        return nextId;
    }

    public void register(BranchState b) {
        byId.put(b.id(), b);
        live.put(b.name(), b);
        nextId = Math.max(nextId, b.id() + 1);
    }

    public void markDeleted(BranchState b) {
        b.markDeleted();
        live.remove(b.name(), b);
    }

    /** The catalog write that persists {@code b} (optionally as deleted). */
    public static WriteBatch.Write catalogWrite(BranchState b, boolean deleted) {
        return new WriteBatch.Write(catalogKey(b.id()), b.encode(deleted));
    }

    private static Key catalogKey(long id) {
        return Key.of(CATALOG_SPACE, 0, ByteBuffer.allocate(8).putLong(id).array());
    }

    /**
     * Restores the catalog from the catalog branch's entries (in internal-key order, newest version
     * of each key first), e.g. after the durable layer replayed the log. Entries of other branches
     * end the iteration. Idempotent: branches already known keep their objects (and head fields).
     */
    public void rebuild(Iterator<SourceEntry> catalogEntries) {
        byte[] previous = null;
        while (catalogEntries.hasNext()) {
            SourceEntry e = catalogEntries.next();
            if (InternalKeyCodec.branchOf(e.internalKey()) != CommitRecord.CATALOG_BRANCH_ID) {
                break;
            }
            if (previous != null && InternalKeyCodec.compareLogical(previous, e.internalKey()) == 0) {
                continue;
            }
            previous = e.internalKey();
            if (e.isTombstone()) {
                continue;
            }
            BranchState decoded = BranchState.decode(e.value());
            BranchState b = byId.get(decoded.id());
            if (b == null) {
                b = decoded;
                byId.put(b.id(), b);
            }
            nextId = Math.max(nextId, b.id() + 1);
            if (decoded.isDeleted()) {
                b.markDeleted();
                live.remove(b.name(), b);
            } else {
                live.put(b.name(), b);
            }
        }
    }
}
