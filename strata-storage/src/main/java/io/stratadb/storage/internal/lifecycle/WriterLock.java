package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.StorageIOException;
import io.stratadb.storage.StorageStateException;
import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.ObjectLock;
import io.stratadb.storage.internal.layout.Layout;
import java.io.IOException;

/**
 * The single-writer rule: a writable open takes an exclusive lock on {@code locks/writer.lock}
 * (an OS file lock on a local file system, so it also excludes other processes and is released if
 * the process dies). A second writer, in this or another process, fails with a clear
 * {@link StorageStateException}; read-only opens never take it. {@link #close()} releases; idempotent.
 */
public final class WriterLock implements AutoCloseable {
    private final ObjectLock lock;

    private WriterLock(ObjectLock lock) {
        this.lock = lock;
    }

    /**
     * Takes the writer lock of the database in {@code backend}.
     *
     * @throws StorageStateException another writer holds it
     * @throws StorageIOException    the lock file cannot be created or locked
     */
    public static WriterLock acquire(Backend backend) {
        ObjectLock l;
        try {
            l = backend.tryLock(Layout.writerLock());
        } catch (IOException e) {
            throw new StorageIOException("cannot take the writer lock " + Layout.writerLock() + " of "
                    + backend.describe() + ": " + e.getMessage(), e);
        }
        if (l == null) {
            throw new StorageStateException("database " + backend.describe() + " is already open for writing by "
                    + "another process or storage instance (lock " + Layout.writerLock() + " is held); close it first "
                    + "or open read-only");
        }
        return new WriterLock(l);
    }

    @Override
    public void close() throws IOException {
        lock.close();
    }
}
