package io.stratadb.internal.engine;

import java.util.Map;

/**
 * Counts for {@code info}: branches and spaces, and live entities per primitive on one branch
 * (summed over its spaces).
 *
 * @param perPrimitive primitive name ({@code kv, state, json, event} ...) → live entities
 */
public record EngineInfo(String branch, int branches, int spaces, Map<String, Long> perPrimitive, long latestVersion) {
    public EngineInfo {
        perPrimitive = Map.copyOf(perPrimitive);
    }
}
