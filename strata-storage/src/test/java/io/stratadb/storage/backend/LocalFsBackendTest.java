package io.stratadb.storage.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.internal.backend.Backend;
import io.stratadb.storage.internal.backend.LocalFsBackend;
import io.stratadb.storage.internal.layout.Layout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFsBackendTest extends BackendContractTest {
    @TempDir
    Path dir;

    @Override
    protected Backend newBackend() throws Exception {
        return new LocalFsBackend(dir.resolve("db"));
    }

    @Test
    void objectsAreFilesAndPublishLeavesNoTemp() throws Exception {
        backend.publish(Layout.CURRENT, b("p"));
        Path current = dir.resolve("db/manifest/current");
        assertArrayEquals(b("p"), Files.readAllBytes(current));
        assertFalse(Files.exists(dir.resolve("db/manifest/current.tmp")));
        Files.write(dir.resolve("db/manifest/current.tmp"), b("stale"));
        assertTrue(backend.list("").stream().noneMatch(n -> n.endsWith(".tmp")));
        // a second backend on the same root sees the same objects
        assertArrayEquals(b("p"), new LocalFsBackend(dir.resolve("db")).read(Layout.CURRENT));
    }
}
