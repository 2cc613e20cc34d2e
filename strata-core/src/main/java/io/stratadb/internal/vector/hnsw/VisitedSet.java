package io.stratadb.internal.vector.hnsw;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Marks which nodes a search has seen, in O(1) per check, reset in O(1) by bumping an epoch.
 * Instances are pooled per index and lent to one search at a time (not thread-safe themselves).
 */
final class VisitedSet {
    private int[] marks;
    private int epoch = 1;

    private VisitedSet(int capacity) {
        marks = new int[Math.max(16, capacity)];
    }

    /** Marks {@code id}; true if it was not marked before in this epoch. */
    boolean visit(int id) {
        if (id >= marks.length) {
            marks = Arrays.copyOf(marks, Math.max(id + 1, marks.length + (marks.length >> 1)));
        }
        if (marks[id] == epoch) {
            return false;
        }
        marks[id] = epoch;
        return true;
    }

    private void reset() {
        if (++epoch == Integer.MAX_VALUE) {
            Arrays.fill(marks, 0);
            epoch = 1;
        }
    }

    /** A small pool so concurrent searches do not allocate an n-sized array each time. */
    static final class Pool {
        private final ConcurrentLinkedQueue<VisitedSet> free = new ConcurrentLinkedQueue<>();

        VisitedSet borrow(int capacity) {
            VisitedSet v = free.poll();
            if (v == null) {
                return new VisitedSet(capacity);
            }
            v.reset();
            return v;
        }

        void release(VisitedSet v) {
            free.offer(v);
        }
    }
}
