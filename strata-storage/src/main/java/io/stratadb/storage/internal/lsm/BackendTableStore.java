package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.backend.Appender;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.RangeReader;
import io.stratadb.storage.internal.layout.Layout;

import java.io.IOException;
import java.util.Objects;

/**
 * {@link TableStore} over the L1 {@link Backend}, naming tables with {@link Layout#table(long)}.
 * A table is streamed through an {@link Appender} in 64 KiB chunks and synced by
 * {@link TableStore.TableOutput#finish()}. An unfinished table may exist under its name after a
 * crash, but it is never referenced from the manifest, so recovery's unreachable-object sweep
 * removes it; {@code close()} without {@code finish()} deletes it at once. Thread-safe.
 */
public final class BackendTableStore implements TableStore {
    private static final int CHUNK = 64 * 1024;
    private final Backend backend;
    private final java.util.function.LongFunction<String> naming;
    private final BackendTableStore blobs;

    public BackendTableStore(Backend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.naming = Layout::table;
        this.blobs = new BackendTableStore(backend, Layout::blob);
    }

    private BackendTableStore(Backend backend, java.util.function.LongFunction<String> naming) {
        this.backend = backend;
        this.naming = naming;
        this.blobs = null;
    }

    /** The blob files' store: the same backend, objects named with {@link Layout#blob(long)}. */
    @Override
    public TableStore blobs() {
        if (blobs == null) {
            throw new UnsupportedOperationException("a blob file store keeps no blob files of its own");
        }
        return blobs;
    }

    @Override
    public TableOutput create(long tableId) throws IOException {
        String name = naming.apply(tableId);
        if (backend.exists(name)) {
            throw new java.nio.file.FileAlreadyExistsException(name, null, "object already exists in "
                    + backend.describe());
        }
        return new Output(name, backend.openAppender(name));
    }

    @Override
    public TableInput open(long tableId) throws IOException {
        String name = naming.apply(tableId);
        long size = backend.size(name);
        RangeReader reader = backend.openRangeReader(name);
        return new TableInput() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public byte[] read(long offset, int len) throws IOException {
                return reader.read(offset, len);
            }

            @Override
            public void read(long offset, int len, byte[] dst) throws IOException {
                reader.read(offset, len, dst);
            }

            @Override
            public boolean mapped() {
                return reader.mapped();
            }

            @Override
            public java.nio.ByteBuffer buffer() {
                return reader.buffer();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public void delete(long tableId) throws IOException {
        backend.delete(naming.apply(tableId));
    }

    private final class Output implements TableOutput {
        private final String name;
        private final Appender appender;
        private final byte[] buf = new byte[CHUNK];
        private int len;
        private boolean finished;
        private boolean closed;

        Output(String name, Appender appender) {
            this.name = name;
            this.appender = appender;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void write(byte[] b, int off, int n) throws IOException {
            while (n > 0) {
                int k = Math.min(n, CHUNK - len);
                System.arraycopy(b, off, buf, len, k);
                len += k;
                off += k;
                n -= k;
                if (len == CHUNK) {
                    drain();
                }
            }
        }

        private void drain() throws IOException {
            if (len > 0) {
                appender.append(buf, 0, len);
                len = 0;
            }
        }

        @Override
        public void finish() throws IOException {
            drain();
            appender.sync();
            finished = true;
            appender.close();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            if (!finished) {
                try {
                    appender.close();
                } finally {
                    backend.delete(name);
                }
            }
        }
    }
}
