package io.stratadb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java example of README.md, verbatim apart from the assertions and the directory (a temporary one). */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void readmeExampleRuns() {
        try (Strata db = Strata.open(tmp.resolve("my-data"))) {   // durable (buffered); Strata.cache() = in memory
            db.kv().put("user:123", "Alice");
            db.state().init("counter", 0);
            db.events().append("tool_call", Map.of("tool", "search", "query", "weather"));
            db.json().set("config", "$", Map.of("timeout", 30));

            db.branches().fork("experiment");          // copy-on-write, O(metadata)
            db.branches().use("experiment");
            db.transaction(tx -> {                     // all or nothing, across primitives
                tx.kv().put("user:123", "Bob");
                tx.json().set("config", "$.timeout", 60);
            });
            db.branches().use("default");
            BranchDiff diff = db.branches().diff("default", "experiment");
            MergeResult merged = db.branches().merge("experiment", MergeStrategy.LAST_WRITER_WINS);
            Snapshot before = db.at(merged.mergeBaseVersion());   // read any past state

            assertEquals(2, diff.summary().totalModified());
            assertTrue(merged.applied());
            assertEquals(Value.of("Bob"), db.kv().get("user:123").orElseThrow());
            assertEquals(Value.of("Alice"), before.kv().get("user:123").orElseThrow());
        }
    }
}
