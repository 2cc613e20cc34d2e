package io.stratadb.storage.internal.lifecycle;

import io.stratadb.storage.RecoveryHealth;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what recovery could not confirm or had to repair (a truncated WAL tail, a quarantined
 * segment, a missing object) and turns it into the {@link RecoveryHealth} the storage reports. Not
 * thread-safe (recovery is single-threaded).
 */
public final class RecoveryReport {
    private final List<String> problems = new ArrayList<>();

    /** Records one problem, described for a human. */
    public void problem(String description) {
        problems.add(description);
    }

    public void problems(List<String> descriptions) {
        problems.addAll(descriptions);
    }

    public boolean isClean() {
        return problems.isEmpty();
    }

    /** HEALTHY when nothing was reported, else DEGRADED with every problem. */
    public RecoveryHealth health() {
        return problems.isEmpty() ? RecoveryHealth.healthy()
                : new RecoveryHealth(RecoveryHealth.Status.DEGRADED, problems);
    }
}
