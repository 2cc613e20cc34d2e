package io.stratadb.storage;

import java.util.List;

/**
 * What the last open recovered. {@code HEALTHY}: every durable commit was restored. {@code DEGRADED}:
 * something was lost or repaired; {@link #problems()} says what (e.g. a torn WAL tail truncated at
 * an offset).
 */
public record RecoveryHealth(Status status, List<String> problems) {
    public enum Status { HEALTHY, DEGRADED }

    public RecoveryHealth {
        problems = List.copyOf(problems);
    }

    public static RecoveryHealth healthy() {
        return new RecoveryHealth(Status.HEALTHY, List.of());
    }

    public boolean isHealthy() {
        return status == Status.HEALTHY;
    }
}
