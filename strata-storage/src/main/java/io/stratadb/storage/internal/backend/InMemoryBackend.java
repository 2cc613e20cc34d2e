package io.stratadb.storage.internal.backend;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Backend} in the heap. Everything is "durable" at once (there is no crash to survive;
 * {@link FaultInjectingBackend} adds one). Counts {@link #syncCount() syncs} so tests can check group
 * commit. Thread-safe (one monitor).
 */
public final class InMemoryBackend implements Backend {
    private final Map<String, Blob> objects = new TreeMap<>();
    private final Set<String> locks = new HashSet<>();
    private final AtomicLong syncs = new AtomicLong();
    private final String label;

    public InMemoryBackend() {
        this("memory");
    }

    public InMemoryBackend(String label) {
        this.label = label;
    }

    /** A growable byte array. */
    private static final class Blob {
        byte[] buf;
        int len;

        Blob(byte[] data) {
            buf = data.clone();
            len = data.length;
        }

        void append(byte[] data) {
            if (len + data.length > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + data.length));
            }
            System.arraycopy(data, 0, buf, len, data.length);
            len += data.length;
        }

        byte[] bytes() {
            return Arrays.copyOf(buf, len);
        }

        /** Overwrites {@code [at, at + data.length)}, growing the blob if that reaches past its end. */
        void writeAt(int at, byte[] data) {
            if (at + data.length > len) {
                if (at + data.length > buf.length) {
                    buf = Arrays.copyOf(buf, Math.max(buf.length * 2, at + data.length));
                }
                len = at + data.length;
            }
            System.arraycopy(data, 0, buf, at, data.length);
        }
    }

    private Blob get(String name) throws NoSuchFileException {
        Blob b = objects.get(ObjectNames.check(name));
        if (b == null) {
            throw new NoSuchFileException(name, null, "no such object in " + label);
        }
        return b;
    }

    @Override
    public synchronized byte[] read(String name) throws IOException {
        return get(name).bytes();
    }

    @Override
    public synchronized byte[] readRange(String name, long offset, int length) throws IOException {
        Blob b = get(name);
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("bad range offset=" + offset + " length=" + length + " of " + name);
        }
        if (offset + length > b.len) {
            throw new EOFException("range [" + offset + ", " + (offset + length) + ") past the end (" + b.len
                    + " bytes) of " + name);
        }
        return Arrays.copyOfRange(b.buf, (int) offset, (int) offset + length);
    }

    @Override
    public synchronized void write(String name, byte[] data) {
        objects.put(ObjectNames.check(name), new Blob(data));
    }

    @Override
    public synchronized long append(String name, byte[] data) {
        Blob b = objects.computeIfAbsent(ObjectNames.check(name), n -> new Blob(new byte[0]));
        long at = b.len;
        b.append(data);
        return at;
    }

    @Override
    public Appender openAppender(String name) {
        Blob blob;
        synchronized (this) {
            blob = objects.computeIfAbsent(ObjectNames.check(name), n -> new Blob(new byte[0]));
            return new BlobAppender(name, blob, blob.len);
        }
    }

    @Override
    public Appender openReserved(String name, long reserve) throws IOException {
        Backend.checkReserve(reserve, Integer.MAX_VALUE - 8); // a blob is one array
        Blob blob = new Blob(new byte[(int) reserve]);
        synchronized (this) {
            if (objects.containsKey(ObjectNames.check(name))) {
                throw new java.nio.file.FileAlreadyExistsException(name);
            }
            objects.put(name, blob);
            syncs.incrementAndGet();
        }
        return new BlobAppender(name, blob, 0);
    }

    /** Writes at its own position, from {@code start} on, into the blob it was opened on (as a file descriptor would). */
    private final class BlobAppender implements Appender {
        private final String name;
        private final Blob blob;
        private long size;

        BlobAppender(String name, Blob blob, long start) {
            this.name = name;
            this.blob = blob;
            this.size = start;
        }

        @Override
        public long append(byte[] data) throws IOException {
            synchronized (InMemoryBackend.this) {
                if (objects.get(name) != blob) {
                    throw new NoSuchFileException(name, null, "object was replaced or deleted in " + label);
                }
                long at = size;
                blob.writeAt((int) at, data);
                size = at + data.length;
                return at;
            }
        }

        @Override
        public void sync() throws IOException {
            InMemoryBackend.this.sync(name);
        }

        @Override
        public long size() {
            synchronized (InMemoryBackend.this) {
                return size;
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
        }
    }

    @Override
    public synchronized void truncate(String name, long size) throws IOException {
        Blob b = get(name);
        if (size < 0 || size > b.len) {
            throw new IllegalArgumentException("cannot truncate " + name + " of " + b.len + " bytes to " + size);
        }
        b.len = (int) size;
    }

    @Override
    public synchronized void sync(String name) throws IOException {
        get(name);
        syncs.incrementAndGet();
    }

    @Override
    public synchronized void publish(String name, byte[] data) {
        objects.put(ObjectNames.check(name), new Blob(data));
        syncs.incrementAndGet();
    }

    @Override
    public synchronized List<String> list(String prefix) {
        List<String> out = new ArrayList<>();
        for (String n : objects.keySet()) {
            if (n.startsWith(ObjectNames.checkPrefix(prefix))) {
                out.add(n);
            }
        }
        return out;
    }

    @Override
    public synchronized boolean delete(String name) {
        return objects.remove(ObjectNames.check(name)) != null;
    }

    @Override
    public synchronized boolean exists(String name) {
        return objects.containsKey(ObjectNames.check(name));
    }

    @Override
    public synchronized long size(String name) throws IOException {
        return get(name).len;
    }

    @Override
    public synchronized ObjectLock tryLock(String name) {
        ObjectNames.check(name);
        objects.computeIfAbsent(name, n -> new Blob(new byte[0]));
        if (!locks.add(name)) {
            return null;
        }
        return new ObjectLock() {
            private boolean released;

            @Override
            public void close() {
                synchronized (InMemoryBackend.this) {
                    if (!released) {
                        released = true;
                        locks.remove(name);
                    }
                }
            }
        };
    }

    /** Number of syncs and publishes so far. */
    public long syncCount() {
        return syncs.get();
    }

    /** A deep copy of every object (for crash images and assertions). */
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> out = new TreeMap<>();
        objects.forEach((k, v) -> out.put(k, v.bytes()));
        return out;
    }

    @Override
    public String describe() {
        return label;
    }

    @Override
    public void close() {
    }
}
