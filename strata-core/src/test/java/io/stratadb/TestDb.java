package io.stratadb;

import io.stratadb.internal.executor.Database;
import io.stratadb.testing.ModelStorage;

/**
 * Opens the database the facade tests run on: the real in-memory runtime ({@link Strata#cache()}) when
 * the storage runtime is built, else the {@link ModelStorage} reference model. The same tests thus
 * cover the real stack as soon as it exists.
 */
public final class TestDb {
    private TestDb() {
    }

    public static Strata open() {
        try {
            return Strata.cache();
        } catch (StateException e) {
            return Strata.over(Database.over(ModelStorage.inMemory(), null, null));
        }
    }

    /** Whether the real storage runtime answered (false: tests run on the model). */
    public static boolean realRuntime() {
        try (Strata db = Strata.cache()) {
            return true;
        } catch (StateException e) {
            return false;
        }
    }
}
