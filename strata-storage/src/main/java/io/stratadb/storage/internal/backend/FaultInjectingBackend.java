package io.stratadb.storage.internal.backend;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A test {@link Backend} wrapper that injects faults and simulates crashes (after Lucene's
 * MockDirectoryWrapper and H2's reorder-writes file system).
 *
 * <p><b>Faults.</b> Operations are numbered from 1 in call order ({@link #opCount()}); by default
 * only mutating operations (write, append, truncate, sync, the four steps of publish, delete,
 * lock) are counted, {@code countReads} adds read, readRange, list, exists and size.
 * {@link #failOnce(long)} makes operation N throw an {@link InjectedIOException} without effect;
 * {@link #failFrom(long)} makes N and every later operation (counted or not) fail: the process is
 * "dead", which is how a crash at N is simulated.
 *
 * <p><b>Crashes.</b> The wrapper tracks what is durable by the {@link Backend} contract (synced
 * content, published objects, deletes) and what is not (unsynced writes, appends, truncates; a
 * publish whose directory fsync did not happen). {@link #crashImage(Random)} returns a fresh
 * {@link InMemoryBackend} holding what a power loss could leave: per object, unsynced changes are
 * dropped, kept, torn at a random byte, reordered (each unsynced append survives or not on its own,
 * holes read as zeros), or replaced by random garbage; an unsynced rename is lost or kept.
 *
 * <p>Thread-safe: every call runs under one monitor (fine for tests).
 */
public final class FaultInjectingBackend implements Backend {
    /** Operation kinds, as numbered and reported. */
    public enum Op {
        READ(false), READ_RANGE(false), LIST(false), EXISTS(false), SIZE(false),
        WRITE(true), APPEND(true), TRUNCATE(true), SYNC(true), PUBLISH_TEMP(true), PUBLISH_SYNC(true),
        PUBLISH_RENAME(true), PUBLISH_DIRSYNC(true), DELETE(true), LOCK(true);

        private final boolean mutating;

        Op(boolean mutating) {
            this.mutating = mutating;
        }

        public boolean mutating() {
            return mutating;
        }
    }

    private sealed interface Pending permits PWrite, PAppend, PTruncate {
    }

    private record PWrite(byte[] data) implements Pending {
    }

    private record PAppend(long offset, byte[] data) implements Pending {
    }

    private record PTruncate(long size) implements Pending {
    }

    /** What we know about one object's durability. */
    private static final class Tracked {
        byte[] durable; // null: absent after a crash
        final List<Pending> pending = new ArrayList<>();
        byte[] unsyncedRename; // published content whose rename is not yet durable (durable still has the old)
    }

    private final Backend delegate;
    private final boolean countReads;
    private final Map<String, Tracked> tracked = new TreeMap<>();
    private final Map<Op, Long> perOp = new HashMap<>();
    private long ops;
    private long failOnceAt = -1;
    private long failFromAt = -1;
    private boolean dead;
    private long syncs;

    /** Wraps {@code delegate}; everything it holds now counts as durable. */
    public FaultInjectingBackend(Backend delegate, boolean countReads) throws IOException {
        this.delegate = delegate;
        this.countReads = countReads;
        for (String name : delegate.list("")) {
            Tracked t = new Tracked();
            t.durable = delegate.read(name);
            tracked.put(name, t);
        }
    }

    public FaultInjectingBackend(Backend delegate) throws IOException {
        this(delegate, false);
    }

    // ---- fault plan --------------------------------------------------------------------------

    /** Operation {@code n} fails once, with no effect. */
    public synchronized FaultInjectingBackend failOnce(long n) {
        failOnceAt = n;
        return this;
    }

    /** Operation {@code n} and everything after it fails (a crash at {@code n}). */
    public synchronized FaultInjectingBackend failFrom(long n) {
        failFromAt = n;
        return this;
    }

    /** Removes any pending fault plan (does not revive a dead backend). */
    public synchronized void clearFaults() {
        failOnceAt = -1;
        failFromAt = -1;
    }

    /** Number of counted operations so far. */
    public synchronized long opCount() {
        return ops;
    }

    /** Number of successful syncs (sync calls, appender syncs, publishes). */
    public synchronized long syncCount() {
        return syncs;
    }

    /** Counted operations of one kind so far. */
    public synchronized long count(Op op) {
        return perOp.getOrDefault(op, 0L);
    }

    /** Whether a {@link #failFrom} fault has fired. */
    public synchronized boolean isDead() {
        return dead;
    }

    private void op(Op op, String name) throws InjectedIOException {
        if (dead) {
            throw new InjectedIOException(ops, "backend crashed earlier; " + op + " " + name);
        }
        if (!op.mutating() && !countReads) {
            return;
        }
        long n = ++ops;
        perOp.merge(op, 1L, Long::sum);
        if (n == failOnceAt) {
            throw new InjectedIOException(n, op + " " + name);
        }
        if (failFromAt > 0 && n >= failFromAt) {
            dead = true;
            throw new InjectedIOException(n, "crash at " + op + " " + name);
        }
    }

    private Tracked track(String name) {
        return tracked.computeIfAbsent(name, n -> new Tracked());
    }

    // ---- Backend -----------------------------------------------------------------------------

    @Override
    public synchronized byte[] read(String name) throws IOException {
        op(Op.READ, name);
        return delegate.read(name);
    }

    @Override
    public synchronized byte[] readRange(String name, long offset, int length) throws IOException {
        op(Op.READ_RANGE, name);
        return delegate.readRange(name, offset, length);
    }

    @Override
    public synchronized void write(String name, byte[] data) throws IOException {
        ObjectNames.check(name);
        op(Op.WRITE, name);
        delegate.write(name, data);
        Tracked t = track(name);
        t.pending.clear();
        t.pending.add(new PWrite(data.clone()));
    }

    @Override
    public synchronized long append(String name, byte[] data) throws IOException {
        ObjectNames.check(name);
        op(Op.APPEND, name);
        long at = delegate.append(name, data);
        track(name).pending.add(new PAppend(at, data.clone()));
        return at;
    }

    @Override
    public synchronized Appender openAppender(String name) throws IOException {
        ObjectNames.check(name);
        op(Op.APPEND, name); // opening creates the object
        Appender inner = delegate.openAppender(name);
        Tracked t = track(name);
        if (t.durable == null && t.pending.isEmpty()) {
            t.pending.add(new PWrite(new byte[0]));
        }
        return tracking(name, inner);
    }

    @Override
    public synchronized int deleteTemporaries() throws IOException {
        return delegate.deleteTemporaries();
    }

    /**
     * Counted as the temp file's write and its sync (then rename and directory sync, which follow
     * without a fault point): a crash before both leaves no object, after them all its zeros.
     */
    @Override
    public synchronized Appender openReserved(String name, long reserve) throws IOException {
        ObjectNames.check(name);
        Backend.checkReserve(reserve, Integer.MAX_VALUE - 8); // its durable image is one array
        if (delegate.exists(name)) {
            throw new java.nio.file.FileAlreadyExistsException(name);
        }
        op(Op.WRITE, name);
        op(Op.SYNC, name);
        Appender inner = delegate.openReserved(name, reserve);
        Tracked t = track(name);
        t.pending.clear();
        t.unsyncedRename = null;
        t.durable = new byte[(int) reserve];
        syncs++;
        return tracking(name, inner);
    }

    /** {@code inner}, with each append recorded as pending at the offset it was written at. */
    private Appender tracking(String name, Appender inner) {
        return new Appender() {
            @Override
            public long append(byte[] data) throws IOException {
                synchronized (FaultInjectingBackend.this) {
                    op(Op.APPEND, name);
                    long at = inner.append(data);
                    track(name).pending.add(new PAppend(at, data.clone()));
                    return at;
                }
            }

            @Override
            public void sync() throws IOException {
                synchronized (FaultInjectingBackend.this) {
                    op(Op.SYNC, name);
                    inner.sync();
                    markSynced(name);
                }
            }

            @Override
            public long size() {
                return inner.size();
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public void close() throws IOException {
                inner.close();
            }
        };
    }

    @Override
    public synchronized void truncate(String name, long size) throws IOException {
        op(Op.TRUNCATE, name);
        delegate.truncate(name, size);
        track(name).pending.add(new PTruncate(size));
    }

    @Override
    public synchronized void sync(String name) throws IOException {
        op(Op.SYNC, name);
        delegate.sync(name);
        markSynced(name);
    }

    private void markSynced(String name) {
        Tracked t = track(name);
        t.durable = apply(t.durable, t.pending, t.pending.size(), -1);
        t.pending.clear();
        t.unsyncedRename = null;
        syncs++;
    }

    @Override
    public synchronized void publish(String name, byte[] data) throws IOException {
        ObjectNames.check(name);
        op(Op.PUBLISH_TEMP, name);
        op(Op.PUBLISH_SYNC, name);
        op(Op.PUBLISH_RENAME, name);
        delegate.publish(name, data);
        Tracked t = track(name);
        t.pending.clear();
        t.unsyncedRename = data.clone();
        op(Op.PUBLISH_DIRSYNC, name);
        t.durable = t.unsyncedRename;
        t.unsyncedRename = null;
        syncs++;
    }

    @Override
    public synchronized List<String> list(String prefix) throws IOException {
        op(Op.LIST, prefix);
        return delegate.list(prefix);
    }

    @Override
    public synchronized boolean delete(String name) throws IOException {
        ObjectNames.check(name);
        op(Op.DELETE, name);
        boolean existed = delegate.delete(name);
        tracked.remove(name);
        return existed;
    }

    @Override
    public synchronized boolean exists(String name) throws IOException {
        op(Op.EXISTS, name);
        return delegate.exists(name);
    }

    @Override
    public synchronized long size(String name) throws IOException {
        op(Op.SIZE, name);
        return delegate.size(name);
    }

    @Override
    public synchronized ObjectLock tryLock(String name) throws IOException {
        op(Op.LOCK, name);
        return delegate.tryLock(name);
    }

    @Override
    public String describe() {
        return "fault-injecting(" + delegate.describe() + ")";
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    // ---- crash images ------------------------------------------------------------------------

    /** Content after applying {@code pending[0, count)} to {@code base}; the op at {@code count} torn to {@code tornLen} bytes if >= 0. */
    private static byte[] apply(byte[] base, List<Pending> pending, int count, int tornLen) {
        byte[] cur = base;
        for (int i = 0; i < count || (tornLen >= 0 && i == count && i < pending.size()); i++) {
            boolean torn = i == count;
            Pending p = pending.get(i);
            if (p instanceof PWrite w) {
                cur = torn ? Arrays.copyOf(w.data(), Math.min(tornLen, w.data().length)) : w.data();
            } else if (p instanceof PAppend a) {
                byte[] d = torn ? Arrays.copyOf(a.data(), Math.min(tornLen, a.data().length)) : a.data();
                byte[] c = cur == null ? new byte[0] : cur;
                byte[] next = Arrays.copyOf(c, (int) Math.max(c.length, a.offset() + d.length));
                System.arraycopy(d, 0, next, (int) a.offset(), d.length);
                cur = next;
            } else if (p instanceof PTruncate tr) {
                byte[] c = cur == null ? new byte[0] : cur;
                cur = Arrays.copyOf(c, (int) Math.min(c.length, tr.size()));
            }
        }
        return cur;
    }

    /**
     * What a power loss now could leave, as a new in-memory backend (this wrapper is unchanged). Uses
     * {@code rnd} to pick, per object with unsynced changes, one of: drop, keep, tear, reorder, garbage.
     */
    public synchronized InMemoryBackend crashImage(Random rnd) {
        InMemoryBackend out = new InMemoryBackend("crash-image");
        for (Map.Entry<String, Tracked> e : tracked.entrySet()) {
            byte[] content = crashContent(e.getValue(), rnd);
            if (content != null) {
                out.write(e.getKey(), content);
            }
        }
        return out;
    }

    private static byte[] crashContent(Tracked t, Random rnd) {
        byte[] base = t.durable;
        if (t.unsyncedRename != null) {
            return rnd.nextBoolean() ? t.unsyncedRename : base;
        }
        List<Pending> p = t.pending;
        if (p.isEmpty()) {
            return base;
        }
        switch (rnd.nextInt(5)) {
            case 0: // drop everything unsynced
                return base;
            case 1: // everything reached the disk
                return apply(base, p, p.size(), -1);
            case 2: { // a prefix of the operations, the next one torn
                int k = rnd.nextInt(p.size());
                int len = dataLength(p.get(k));
                return apply(base, p, k, len == 0 ? 0 : rnd.nextInt(len + 1));
            }
            case 3: { // reordered appends: each survives independently
                byte[] cur = base;
                for (Pending q : p) {
                    if (!(q instanceof PAppend) || rnd.nextBoolean()) {
                        cur = apply(cur, List.of(q), 1, -1);
                    }
                }
                return cur;
            }
            default: { // garbage where the unsynced bytes would be
                byte[] full = apply(base, p, p.size(), -1);
                int keep = base == null ? 0 : Math.min(base.length, full == null ? 0 : full.length);
                if (full == null) {
                    return base;
                }
                byte[] g = Arrays.copyOf(full, full.length);
                for (int i = keep; i < g.length; i++) {
                    g[i] = (byte) rnd.nextInt(256);
                }
                for (Pending q : p) { // appends over reserved zeros lie inside the durable length
                    if (q instanceof PAppend a) {
                        int to = (int) Math.min(g.length, a.offset() + a.data().length);
                        for (int i = (int) a.offset(); i < to; i++) {
                            g[i] = (byte) rnd.nextInt(256);
                        }
                    }
                }
                return g;
            }
        }
    }

    private static int dataLength(Pending p) {
        if (p instanceof PWrite w) {
            return w.data().length;
        }
        if (p instanceof PAppend a) {
            return a.data().length;
        }
        return 0;
    }
}
