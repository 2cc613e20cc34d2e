package io.stratadb;

/** Opens the database the facade tests run on: the real in-memory runtime. */
public final class TestDb {
    private TestDb() {
    }

    public static Strata open() {
        return Strata.cache();
    }

    /** Whether the storage runtime answers (it does since the in-memory runtime landed). */
    public static boolean realRuntime() {
        try (Strata db = Strata.cache()) {
            return true;
        } catch (StateException e) {
            return false;
        }
    }
}
