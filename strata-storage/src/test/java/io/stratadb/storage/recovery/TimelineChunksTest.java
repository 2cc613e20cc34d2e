package io.stratadb.storage.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stratadb.storage.Key;
import io.stratadb.storage.Storage;
import io.stratadb.storage.StorageException;
import io.stratadb.storage.StorageOptions;
import io.stratadb.storage.WriteBatch;
import io.stratadb.storage.internal.layout.Layout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit timeline lives in chunk objects, not in the manifest: over many flushes the manifest stays
 * small, the number of chunks grows with the logarithm of the flushes, and every version's timestamp
 * survives a reopen.
 */
class TimelineChunksTest {
    @TempDir
    Path dir;

    private long count(String sub, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(sub))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
        }
    }

    private long manifestBytes() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(Layout.MANIFEST_DIR))) {
            return s.filter(p -> p.getFileName().toString().endsWith(".mf")).mapToLong(p -> p.toFile().length()).max()
                    .orElseThrow();
        }
    }

    @Test
    void manifestsStaySmallAndTimestampsSurviveReopen() throws Exception {
        int flushes = 64;
        long[] micros;
        try (Storage db = Storage.open(StorageOptions.durable(dir))) {
            for (int f = 1; f <= flushes; f++) {
                for (int i = 0; i < 200; i++) {
                    db.commit("default", new WriteBatch().put(Key.of("default", 1, "k" + i), new byte[] {(byte) f}));
                }
                db.flush();
                long chunks = count(Layout.TIMELINE_DIR, ".tl");
                // a binary counter of chunk sizes: at most one chunk per bit of the flush count, plus one
                assertTrue(chunks <= 32 - Integer.numberOfLeadingZeros(f) + 1, chunks + " chunks after " + f + " flushes");
                assertTrue(manifestBytes() < 2048, "manifest of " + manifestBytes() + " bytes after " + f + " flushes");
            }
            long latest = db.latestVersion();
            micros = new long[(int) latest + 1];
            for (long v = 1; v <= latest; v++) {
                micros[(int) v] = db.timestampOf(v);
            }
        }
        try (Storage db = Storage.open(StorageOptions.durable(dir))) {
            assertEquals(micros.length - 1, db.latestVersion());
            for (long v = 1; v < micros.length; v++) {
                assertEquals(micros[(int) v], db.timestampOf(v), "timestamp of version " + v);
                assertEquals(v, db.versionAt(micros[(int) v]), "version at the timestamp of " + v);
            }
        }
        // a damaged chunk is damage the open reports
        Path chunk;
        try (Stream<Path> s = Files.list(dir.resolve(Layout.TIMELINE_DIR))) {
            chunk = s.findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(chunk);
        b[b.length / 2] ^= 0x40;
        Files.write(chunk, b);
        StorageException e = assertThrows(StorageException.class, () -> Storage.open(StorageOptions.durable(dir)));
        assertTrue(String.valueOf(e.getMessage()).contains(chunk.getFileName().toString()), e.getMessage());
        Files.delete(chunk);
        assertThrows(StorageException.class, () -> Storage.open(StorageOptions.durable(dir)));
    }
}
