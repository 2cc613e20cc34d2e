package io.stratadb;

import java.util.List;

/**
 * What the last open of a database recovered. Healthy: every durable commit was restored (always
 * the case for a new or in-memory database). Degraded: recovery had to cut something, e.g. a torn
 * or corrupt WAL tail truncated at an offset or a segment quarantined; {@link #problems()} says
 * what was lost, naming the object and offset. The database is usable either way; the recovered
 * state is a prefix of the acknowledged commits. Immutable.
 *
 * @param healthy  true when nothing was lost or repaired
 * @param problems what recovery cut, one line each (empty when healthy)
 */
public record RecoveryHealth(boolean healthy, List<String> problems) {
    public RecoveryHealth {
        problems = List.copyOf(problems == null ? List.of() : problems);
    }

    /** {@code healthy}, or {@code degraded: <problem>; <problem>...}. */
    public String describe() {
        return healthy ? "healthy" : "degraded: " + String.join("; ", problems);
    }
}
