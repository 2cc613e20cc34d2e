package io.stratadb.storage.lsm;

import io.stratadb.storage.internal.lsm.TableStore;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory {@link TableStore} for tests, with hooks to read and tamper with object bytes. */
final class MemoryTableStore implements TableStore {
    private final Map<Long, byte[]> objects = new ConcurrentHashMap<>();
    /** Readers report themselves as memory-mapped (the TableReader path for mapped tables). */
    volatile boolean mapped;
    /** Range reads served, over all objects (block copies included). */
    final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();

    private MemoryTableStore blobStore;

    /** The blob files' store: another in-memory store, created on first use (readers report it mapped alike). */
    @Override
    public synchronized TableStore blobs() {
        if (blobStore == null) {
            blobStore = new MemoryTableStore();
        }
        blobStore.mapped = mapped;
        return blobStore;
    }

    static String nameOf(long id) {
        return "tables/" + String.format("%06d", id) + ".sst";
    }

    @Override
    public TableOutput create(long id) throws IOException {
        if (objects.containsKey(id)) {
            throw new IOException("object " + nameOf(id) + " already exists");
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        return new TableOutput() {
            boolean done;

            @Override
            public String name() {
                return nameOf(id);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                buf.write(b, off, len);
            }

            @Override
            public void finish() throws IOException {
                if (objects.putIfAbsent(id, buf.toByteArray()) != null) {
                    throw new IOException("object " + nameOf(id) + " already exists");
                }
                done = true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public TableInput open(long id) throws IOException {
        byte[] b = objects.get(id);
        if (b == null) {
            throw new FileNotFoundException(nameOf(id));
        }
        return new TableInput() {
            @Override
            public String name() {
                return nameOf(id);
            }

            @Override
            public long size() {
                return b.length;
            }

            @Override
            public boolean mapped() {
                return mapped;
            }

            @Override
            public java.nio.ByteBuffer buffer() {
                return mapped ? java.nio.ByteBuffer.wrap(b).asReadOnlyBuffer() : null;
            }

            @Override
            public byte[] read(long offset, int len) throws IOException {
                if (offset < 0 || len < 0 || offset + len > b.length) {
                    throw new EOFException(nameOf(id) + ": read " + len + " bytes at " + offset + " past end " + b.length);
                }
                reads.incrementAndGet();
                return java.util.Arrays.copyOfRange(b, (int) offset, (int) offset + len);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void delete(long id) {
        objects.remove(id);
    }

    boolean exists(long id) {
        return objects.containsKey(id);
    }

    int count() {
        return objects.size();
    }

    byte[] bytes(long id) {
        return objects.get(id).clone();
    }

    void replace(long id, byte[] b) {
        objects.put(id, b.clone());
    }
}
