package io.stratadb.storage.internal.backend;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link RangeReader} over a read-only memory map of an immutable file: a read is a copy out of
 * the operating system's page cache, with no system call, so the page cache serves as a second
 * block cache behind the heap one (as LMDB reads its whole map).
 *
 * <p>The map belongs to a shared {@code java.lang.foreign.Arena} (final API since Java 22), so
 * {@link #close()} unmaps it at once, and the file's disk space is freed as soon as it is deleted,
 * not at some later garbage collection. A read racing or following close fails with
 * {@link ClosedChannelException}, never touches unmapped memory. The language level is 21, where
 * that API is still a preview, so it is reached through method handles, and only on a runtime of
 * 22 or later; elsewhere (or with {@code -Dio.stratadb.storage.mmap=false}, or when mapping fails,
 * e.g. address space on a 32-bit system) {@link #open} returns null and the caller reads with
 * positional reads. Thread-safe.
 */
final class MappedRangeReader implements RangeReader {
    /** System property: {@code false} turns memory-mapped table reads off. */
    static final String PROPERTY = "io.stratadb.storage.mmap";
    private static final MethodHandle OF_SHARED;
    private static final MethodHandle MAP;
    private static final MethodHandle AS_BYTE_BUFFER;

    static {
        MethodHandle ofShared = null;
        MethodHandle map = null;
        MethodHandle asBuffer = null;
        if (Runtime.version().feature() >= 22 && !"false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            try {
                MethodHandles.Lookup lookup = MethodHandles.publicLookup();
                Class<?> arena = Class.forName("java.lang.foreign.Arena");
                Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
                ofShared = lookup.findStatic(arena, "ofShared", MethodType.methodType(arena))
                        .asType(MethodType.methodType(AutoCloseable.class));
                map = lookup.findVirtual(FileChannel.class, "map", MethodType.methodType(segment,
                                FileChannel.MapMode.class, long.class, long.class, arena))
                        .asType(MethodType.methodType(Object.class, FileChannel.class, FileChannel.MapMode.class,
                                long.class, long.class, AutoCloseable.class));
                asBuffer = lookup.findVirtual(segment, "asByteBuffer", MethodType.methodType(ByteBuffer.class))
                        .asType(MethodType.methodType(ByteBuffer.class, Object.class));
            } catch (ReflectiveOperationException | RuntimeException e) {
                ofShared = null;
                map = null;
                asBuffer = null;
            }
        }
        OF_SHARED = ofShared;
        MAP = map;
        AS_BYTE_BUFFER = asBuffer;
    }

    private final String name;
    private final AutoCloseable arena;
    private final ByteBuffer map;
    private final int size;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MappedRangeReader(String name, AutoCloseable arena, ByteBuffer map) {
        this.name = name;
        this.arena = arena;
        this.map = map;
        this.size = map.capacity();
    }

    /** Whether this runtime can map files this way (Java 22+, not turned off by {@link #PROPERTY}). */
    static boolean available() {
        return OF_SHARED != null;
    }

    /**
     * Maps all {@code size} bytes of {@code ch} (the channel may be closed afterwards: the map stays),
     * or returns null if mapping is unavailable, the file is too large for one buffer, or the map fails.
     */
    static MappedRangeReader open(String name, FileChannel ch, long size) {
        if (!available() || size > Integer.MAX_VALUE) {
            return null;
        }
        AutoCloseable arena;
        try {
            arena = (AutoCloseable) OF_SHARED.invokeExact();
        } catch (Throwable e) {
            return null;
        }
        try {
            Object segment = (Object) MAP.invokeExact(ch, FileChannel.MapMode.READ_ONLY, 0L, size, arena);
            ByteBuffer buf = (ByteBuffer) AS_BYTE_BUFFER.invokeExact(segment);
            return new MappedRangeReader(name, arena, buf);
        } catch (Throwable e) {
            closeQuietly(arena);
            return null;
        }
    }

    @Override
    public byte[] read(long offset, int length) throws IOException {
        RangeReader.checkRange(name, size, offset, length);
        byte[] out = new byte[length];
        copy(offset, length, out);
        return out;
    }

    @Override
    public void read(long offset, int length, byte[] dst) throws IOException {
        RangeReader.checkRange(name, size, offset, length);
        copy(offset, length, dst);
    }

    /** Copies a range already checked against the object's size. */
    private void copy(long offset, int length, byte[] dst) throws IOException {
        try {
            map.get((int) offset, dst, 0, length);
        } catch (IllegalStateException closed) {
            ClosedChannelException e = new ClosedChannelException();
            e.initCause(closed);
            throw e;
        } catch (InternalError fault) {
            // the JVM's report of a fault inside a mapped region (the file shrank under the map); it can also
            // surface just after this method returns, so callers may see the InternalError itself
            throw new IOException("reading " + name + " at offset " + offset + " failed: the file was truncated or "
                    + "changed on disk while mapped (" + fault.getMessage() + ")", fault);
        }
    }

    @Override
    public boolean mapped() {
        return true;
    }

    @Override
    public ByteBuffer buffer() {
        return map.asReadOnlyBuffer();
    }

    /**
     * Unmaps the file. Idempotent. A read in progress on another thread either finishes first or
     * fails cleanly; if the runtime reports the map busy, closing is retried for up to about a second.
     */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (int attempt = 0; ; attempt++) {
            try {
                arena.close();
                return;
            } catch (IllegalStateException busy) {
                if (attempt >= 1000) {
                    throw new IOException("unmapping " + name + " failed: still in use", busy);
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while unmapping " + name, e);
                }
            } catch (Exception e) {
                throw new IOException("unmapping " + name + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static void closeQuietly(AutoCloseable arena) {
        try {
            arena.close();
        } catch (Exception ignored) {
            // nothing was mapped
        }
    }
}
