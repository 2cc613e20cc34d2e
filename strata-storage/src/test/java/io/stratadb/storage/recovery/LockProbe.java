package io.stratadb.storage.recovery;

import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.StorageStateException;
import java.nio.file.Path;

/** Run in a second JVM by {@link LifecycleTest}: tries to open the database for writing. */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) {
        try (Storage s = Storage.open(StorageOptions.durable(Path.of(args[0])))) {
            System.out.println("OPENED (the lock did not exclude this process)");
        } catch (StorageStateException e) {
            System.out.println("LOCKED: " + e.getMessage());
        }
    }
}
