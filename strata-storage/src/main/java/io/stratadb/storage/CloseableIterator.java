package io.stratadb.storage;

import java.util.Iterator;

/** An iterator holding resources (e.g. pinned tables); close it when done. Not thread-safe. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close();
}
