package io.stratadb.internal.vector.hnsw;

import java.util.Arrays;

/**
 * A binary heap of (distance, node id) pairs packed into longs: the high 32 bits hold the distance
 * mapped to an order-preserving int, the low 32 bits the id, so one long comparison orders by
 * distance then id. Min-heap or max-heap by construction. Not thread-safe (one per search).
 */
final class NodeHeap {
    private final boolean max;
    private long[] heap;
    private int size;

    NodeHeap(int initialCapacity, boolean max) {
        this.heap = new long[Math.max(4, initialCapacity)];
        this.max = max;
    }

    static long pack(float distance, int id) {
        int bits = Float.floatToIntBits(distance == 0f ? 0f : distance); // -0.0 == 0.0
        bits ^= (bits >> 31) & 0x7fffffff; // negative floats: flip magnitude bits so ints order like floats
        return ((long) bits << 32) | (id & 0xffffffffL);
    }

    static float distance(long packed) {
        int bits = (int) (packed >> 32);
        bits ^= (bits >> 31) & 0x7fffffff;
        return Float.intBitsToFloat(bits);
    }

    static int id(long packed) {
        return (int) packed;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        size = 0;
    }

    void push(float distance, int id) {
        pushPacked(pack(distance, id));
    }

    void pushPacked(long v) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        long key = max ? ~v : v; // store inverted for a max-heap so the sift code is min-only
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent] <= key) {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = key;
    }

    /** The top (smallest for a min-heap, largest for a max-heap), packed. */
    long peek() {
        return max ? ~heap[0] : heap[0];
    }

    float peekDistance() {
        return distance(peek());
    }

    long pop() {
        long top = heap[0];
        long last = heap[--size];
        int i = 0;
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && heap[right] < heap[child]) {
                child = right;
            }
            if (last <= heap[child]) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        if (size > 0) {
            heap[i] = last;
        }
        return max ? ~top : top;
    }

    /** The packed entries in ascending order (destroys the heap). */
    long[] drainAscending() {
        long[] out = new long[size];
        if (max) {
            for (int i = size - 1; i >= 0; i--) {
                out[i] = pop();
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = pop();
            }
        }
        return out;
    }
}
