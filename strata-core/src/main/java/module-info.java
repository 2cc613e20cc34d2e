/**
 * Strata: the public API ({@code io.stratadb}), the command layer ({@code io.stratadb.command}),
 * and the engine (internal packages, not exported).
 */
module io.stratadb {
    requires io.stratadb.storage;
    requires transitive com.fasterxml.jackson.databind;

    exports io.stratadb;
}
