package io.stratadb.storage.internal.lsm;

import java.io.IOException;

/** Closing several resources where each may fail: the first failure wins, later ones are suppressed into it. */
final class Closing {
    private Closing() {
    }

    /** Closes one item. */
    @FunctionalInterface
    interface Closer<T> {
        void close(T item) throws IOException;
    }

    /**
     * Closes every item (each attempted whatever the others do); returns {@code first}, or if that is null the
     * first failure, with the later failures suppressed into it; null if nothing failed.
     */
    static <T> IOException closeEach(Iterable<T> items, Closer<T> closer, IOException first) {
        for (T item : items) {
            try {
                closer.close(item);
            } catch (IOException e) {
                first = chain(first, e);
            }
        }
        return first;
    }

    /** {@code next} if {@code first} is null, else {@code first} with {@code next} suppressed into it. */
    static IOException chain(IOException first, IOException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
