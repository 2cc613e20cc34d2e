package io.stratadb.internal.vector;

import io.stratadb.internal.vector.hnsw.HnswIndex;

import java.util.HashMap;
import java.util.Map;

/**
 * A collection index as persisted: the graph, and per node the vector key and the commit version
 * of the row it was built from (null key = a node that no longer backs a row). On load the store
 * trusts a node only if the branch still holds that key at exactly that version.
 */
record PersistedIndex(HnswIndex graph, String[] keys, long[] versions, long configVersion, long builtVersion) {
    Map<String, Integer> keyToOrd() {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                m.put(keys[i], i);
            }
        }
        return m;
    }
}
