package io.stratadb.storage.internal.backend;

import java.io.Closeable;
import java.io.IOException;

/** A held exclusive lock from {@link Backend#tryLock}. {@link #close()} releases it; idempotent. */
public interface ObjectLock extends Closeable {
    @Override
    void close() throws IOException;
}
