package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.VersionedValue;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.layout.Layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blob files on disk: with the default retention, compaction moves older versions' values to blob files;
 * every version reads back after a reopen, and recovery deletes a blob file no live table refers to (what a
 * crash between writing a compaction's outputs and publishing them leaves) while keeping the live ones.
 */
class BlobRecoveryTest {
    @TempDir
    Path dir;

    private static Key key(int i) {
        return Key.of("default", 1, "key-" + i);
    }

    private List<Path> blobFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(Layout.TABLES_DIR))) {
            return s.filter(p -> Layout.blobId(Layout.TABLES_DIR + p.getFileName()).isPresent()).sorted().toList();
        }
    }

    @Test
    void everyVersionSurvivesAReopenAndStrayBlobFilesAreRemoved() throws Exception {
        Random rnd = new Random(7);
        List<byte[]> written = new ArrayList<>(); // per commit: the value written to key (commit % 20)
        List<Long> versions = new ArrayList<>();
        try (Storage db = Storage.open(StorageOptions.durable(dir))) {
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 200; i++) {
                    byte[] v = new byte[100 + rnd.nextInt(300)];
                    rnd.nextBytes(v);
                    versions.add(db.commit("default", new WriteBatch().put(key(written.size() % 20), v)).version());
                    written.add(v);
                }
                db.flush();
            }
            db.compact();
        }
        List<Path> live = blobFiles();
        assertFalse(live.isEmpty(), "compaction must have moved older values to blob files");
        Path stray = dir.resolve(Layout.blob(999_999));
        Files.write(stray, new byte[] {1, 2, 3});
        try (Storage db = Storage.open(StorageOptions.durable(dir))) {
            assertFalse(Files.exists(stray), "recovery deletes a blob file no table refers to");
            assertEquals(live, blobFiles(), "recovery keeps the blob files the tables refer to");
            for (int c = 0; c < written.size(); c++) {
                assertArrayEquals(written.get(c), db.getVersioned("default", key(c % 20), versions.get(c)).orElseThrow().value(),
                        "commit " + c);
            }
            List<VersionedValue> history = db.history("default", key(0));
            assertEquals(written.size() / 20, history.size());
            long onDisk = 0;
            for (Path p : live) {
                onDisk += Files.size(p);
            }
            assertEquals(onDisk, db.stats().blobBytes(), "stats report the blob files' bytes");
        }
        // a read-only open reads the blob files too
        try (Storage ro = Storage.open(StorageOptions.durable(dir).withReadOnly(true))) {
            assertArrayEquals(written.get(0), ro.getVersioned("default", key(0), versions.get(0)).orElseThrow().value());
        }
        // a missing blob file is damage the open reports, as a missing table is
        Files.delete(live.get(0));
        StorageException e = assertThrows(StorageException.class, () -> Storage.open(StorageOptions.durable(dir)));
        assertTrue(String.valueOf(e.getMessage()).contains("refers to blob file"), e.getMessage());
    }
}
