package io.stratadb.internal.vector.hnsw;

import io.stratadb.internal.vector.Similarity;
import io.stratadb.internal.vector.hnsw.HnswIndex.Node;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The neighbour lists of an {@link HnswIndex}: choosing a new node's neighbours with the diversity heuristic,
 * adding the reverse links, and pruning a list that overflows, with the layer-0 rule that pruning never takes
 * away a node's last incoming link (see the index's class comment). Lists are immutable arrays replaced under
 * the owning node's lock; each node's count of layer-0 lists holding it ({@link #IN_LINKS0}) is kept exact
 * as lists are replaced. Thread-safe, as the index's inserts are.
 */
final class NeighborLists {
    static final AtomicIntegerFieldUpdater<Node> IN_LINKS0 = AtomicIntegerFieldUpdater.newUpdater(Node.class, "inLinks0");

    private final HnswIndex index;
    /** Distances inside the graph. */
    private final Similarity graphSim;
    /** Links per node on the upper layers (twice as many on layer 0). */
    private final int m;

    NeighborLists(HnswIndex index, Similarity graphSim, int m) {
        this.index = index;
        this.graphSim = graphSim;
        this.m = m;
    }

    /**
     * Links node {@code id} on {@code level} to the neighbours chosen among {@code candidates} (packed, nearest
     * first), and each of them back to it. {@code topUp}: top the choice up to m/2 with the nearest candidates
     * the heuristic dropped (the index asks for it on layer 0 of inner-product graphs).
     */
    void connect(Node node, int id, int level, long[] candidates, boolean topUp) {
        int[] chosen = selectNeighbors(candidates, maxLinks(level), id);
        if (topUp) {
            chosen = fillUp(chosen, candidates, m / 2, id);
        }
        setOwnLinks(node, id, level, chosen);
        for (int neighbor : chosen) {
            addReverseLink(neighbor, id, level);
        }
    }

    private static int[] fillUp(int[] chosen, long[] candidates, int min, int self) {
        for (int i = 0; i < candidates.length && chosen.length < min; i++) {
            int c = NodeHeap.id(candidates[i]);
            if (c != self && !contains(chosen, c)) {
                chosen = java.util.Arrays.copyOf(chosen, chosen.length + 1);
                chosen[chosen.length - 1] = c;
            }
        }
        return chosen;
    }

    private int maxLinks(int level) {
        return level == 0 ? 2 * m : m;
    }

    /**
     * The diversity heuristic: walk candidates nearest first; keep one only if it is closer to the
     * base than to every neighbour kept so far. {@code candidates} are packed, ascending by distance
     * to the base.
     */
    private int[] selectNeighbors(long[] candidates, int max, int self) {
        int[] kept = new int[Math.min(max, candidates.length)];
        int count = 0;
        for (int i = 0; i < candidates.length && count < max; i++) {
            int c = NodeHeap.id(candidates[i]);
            if (c == self) {
                continue;
            }
            float distToBase = NodeHeap.distance(candidates[i]);
            float[] cv = index.node(c).vector;
            boolean good = true;
            for (int j = 0; j < count; j++) {
                if (graphSim.distance(cv, index.node(kept[j]).vector) < distToBase) {
                    good = false;
                    break;
                }
            }
            if (good) {
                kept[count++] = c;
            }
        }
        return count == kept.length ? kept : java.util.Arrays.copyOf(kept, count);
    }

    /**
     * Installs a new node's links on one layer. Under the node's lock, because a concurrent insert
     * may already have added a reverse link to it that must not be lost.
     */
    private void setOwnLinks(Node node, int id, int level, int[] chosen) {
        synchronized (node) {
            int[] existing = node.links.get(level);
            if (existing.length == 0) {
                replaceLinks(node, level, existing, chosen);
                return;
            }
            NodeHeap all = new NodeHeap(existing.length + chosen.length, false);
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            for (int[] list : new int[][]{chosen, existing}) {
                for (int n : list) {
                    if (n != id && seen.add(n)) {
                        all.push(graphSim.distance(node.vector, index.node(n).vector), n);
                    }
                }
            }
            long[] sorted = all.drainAscending();
            replaceLinks(node, level, existing, sorted.length <= maxLinks(level) ? idsOf(sorted)
                    : prune(sorted, maxLinks(level), id, existing, level));
        }
    }

    private static int[] idsOf(long[] packed) {
        int[] ids = new int[packed.length];
        for (int i = 0; i < packed.length; i++) {
            ids[i] = NodeHeap.id(packed[i]);
        }
        return ids;
    }

    void addReverseLink(int target, int newId, int level) {
        Node t = index.node(target);
        synchronized (t) {
            int[] old = t.links.get(level);
            for (int existing : old) {
                if (existing == newId) {
                    return;
                }
            }
            int max = maxLinks(level);
            if (old.length < max) {
                int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
                grown[old.length] = newId;
                replaceLinks(t, level, old, grown);
                return;
            }
            NodeHeap all = new NodeHeap(old.length + 1, false);
            for (int n : old) {
                all.push(graphSim.distance(t.vector, index.node(n).vector), n);
            }
            all.push(graphSim.distance(t.vector, index.node(newId).vector), newId);
            replaceLinks(t, level, old, prune(all.drainAscending(), max, target, old, level));
        }
    }

    /**
     * Pruning of an overflowing list: the diversity heuristic, then on layer 0 a rescue of every
     * dropped candidate that no other list holds (it would become unreachable). A rescued node
     * takes a free slot, else the slot of the farthest kept neighbour that another list still
     * holds; if there is none it is dropped after all (every kept neighbour depends on this list).
     * {@code current} is the owner's list before the change.
     */
    private int[] prune(long[] sorted, int max, int self, int[] current, int level) {
        int[] kept = selectNeighbors(sorted, max, self);
        if (level != 0 || kept.length == sorted.length) {
            return kept;
        }
        for (long packed : sorted) {
            int c = NodeHeap.id(packed);
            if (c == self || contains(kept, c) || heldElsewhere(c, current)) {
                continue;
            }
            if (kept.length < max) {
                kept = java.util.Arrays.copyOf(kept, kept.length + 1);
                kept[kept.length - 1] = c;
                continue;
            }
            // a rescued node is held nowhere else, so it is never picked as a later victim
            for (int i = kept.length - 1; i >= 0; i--) {
                if (heldElsewhere(kept[i], current)) {
                    kept[i] = c;
                    break;
                }
            }
        }
        return kept;
    }

    /** Whether some layer-0 list other than {@code current} (the owner's) holds {@code id}. */
    private boolean heldElsewhere(int id, int[] current) {
        return index.node(id).inLinks0 - (contains(current, id) ? 1 : 0) > 0;
    }

    private static boolean contains(int[] list, int id) {
        for (int x : list) {
            if (x == id) {
                return true;
            }
        }
        return false;
    }

    /** Installs {@code next} as {@code node}'s list on {@code level} (was {@code prev}), keeping in-link counts. */
    private void replaceLinks(Node node, int level, int[] prev, int[] next) {
        node.links.set(level, next);
        if (level != 0) {
            return;
        }
        for (int id : next) {
            if (!contains(prev, id)) {
                IN_LINKS0.incrementAndGet(index.node(id));
            }
        }
        for (int id : prev) {
            if (!contains(next, id)) {
                IN_LINKS0.decrementAndGet(index.node(id));
            }
        }
    }
}
