package io.stratadb.storage.internal.lsm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Merges several cursors into one ordered stream. Sources are given newest first: when two
 * sources hold the identical internal key (the same version of the same key, e.g. a memtable
 * and the table it was just flushed to), only the newest source's entry is returned.
 * Closing the merging cursor closes every source. Not thread-safe.
 */
public final class MergingCursor implements EntryCursor {
    private final List<EntryCursor> sources;
    private final PriorityQueue<Integer> heap;
    private int current = -1;
    private boolean closed;

    /** @param sources cursors, newest source first; ownership passes to this cursor */
    public MergingCursor(List<? extends EntryCursor> sources) {
        this.sources = new ArrayList<>(sources);
        this.heap = new PriorityQueue<>(Math.max(1, sources.size()), (a, b) -> {
            int c = InternalKeys.compare(this.sources.get(a).key(), this.sources.get(b).key());
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    @Override
    public void seekToFirst() throws IOException {
        checkOpen();
        for (EntryCursor c : sources) {
            c.seekToFirst();
        }
        rebuild();
    }

    @Override
    public void seek(byte[] target) throws IOException {
        checkOpen();
        for (EntryCursor c : sources) {
            c.seek(target);
        }
        rebuild();
    }

    private void rebuild() {
        heap.clear();
        for (int i = 0; i < sources.size(); i++) {
            if (sources.get(i).valid()) {
                heap.add(i);
            }
        }
        current = heap.isEmpty() ? -1 : heap.peek();
    }

    @Override
    public boolean valid() {
        return current >= 0;
    }

    @Override
    public byte[] key() {
        return sources.get(current).key();
    }

    @Override
    public byte[] value() {
        return sources.get(current).value();
    }

    @Override
    public byte[] blobReference() {
        return sources.get(current).blobReference();
    }

    @Override
    public boolean tombstone() {
        return sources.get(current).tombstone();
    }

    @Override
    public long timestampMicros() {
        return sources.get(current).timestampMicros();
    }

    @Override
    public void next() throws IOException {
        checkOpen();
        if (current < 0) {
            throw new IllegalStateException("merging cursor is not positioned");
        }
        byte[] k = key();
        // advance every source positioned on this exact key (the newest one is the current)
        while (!heap.isEmpty() && java.util.Arrays.equals(sources.get(heap.peek()).key(), k)) {
            int i = heap.poll();
            EntryCursor c = sources.get(i);
            c.next();
            if (c.valid()) {
                heap.add(i);
            }
        }
        current = heap.isEmpty() ? -1 : heap.peek();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("merging cursor is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            current = -1;
            for (EntryCursor c : sources) {
                c.close();
            }
        }
    }
}
