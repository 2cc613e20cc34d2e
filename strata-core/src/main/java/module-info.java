/**
 * Strata: the public API ({@code io.stratadb}), the command layer ({@code io.stratadb.command}),
 * and the engine (internal packages, not exported).
 */
module io.stratadb {
    requires io.stratadb.storage;
    requires transitive com.fasterxml.jackson.databind;
    // SIMD distance kernels when present at run time (--add-modules jdk.incubator.vector); scalar otherwise
    requires static jdk.incubator.vector;

    exports io.stratadb;
    exports io.stratadb.command;

    // Jackson reads and builds the public records reflectively (JSON form of commands and results)
    opens io.stratadb to com.fasterxml.jackson.databind;
    opens io.stratadb.command to com.fasterxml.jackson.databind;
}
