package io.stratadb;

/** Opens the database the facade tests run on: the real in-memory runtime. */
public final class TestDb {
    private TestDb() {
    }

    public static Strata open() {
        return Strata.cache();
    }
}
