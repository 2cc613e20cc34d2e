package io.stratadb.internal.vector;

import io.stratadb.internal.vector.hnsw.HnswCodec;
import io.stratadb.internal.vector.hnsw.HnswIndex;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Persisted collection indexes under one directory: {@code <dir>/<branch id>/<space>/<collection>.svi}
 * (names are restricted to file-safe characters). File layout:
 * <pre>
 *   table : magic "SVIX" · format version (int) · config version · built version (longs) ·
 *           node count (int) · per node: has key (byte) · key (UTF) · row version (long)
 *   crc   : CRC32C of the table (long)
 *   graph : {@link HnswCodec} (its own header and checksum)
 * </pre>
 * Written to a temporary file, fsynced and atomically renamed, so a crash leaves the old file or
 * the new one. A missing, unreadable or corrupt file is reported as empty/{@link IOException} and
 * the caller rebuilds from storage: the file can speed up opening, never change a result.
 * Thread-safe for distinct files; the store serializes writes per collection.
 */
final class IndexFiles {
    private static final int MAGIC = 0x53564958; // "SVIX"
    private static final int FORMAT_VERSION = 1;
    private final Path dir;

    IndexFiles(Path dir) {
        this.dir = dir;
    }

    Path file(long branchId, String space, String collection) {
        return dir.resolve(Long.toString(branchId)).resolve(space).resolve(collection + ".svi");
    }

    void write(long branchId, String space, String collection, PersistedIndex p) throws IOException {
        Path target = file(branchId, space, collection);
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(collection + ".svi.tmp");
        try (OutputStream raw = Files.newOutputStream(tmp)) {
            BufferedOutputStream buffered = new BufferedOutputStream(raw, 1 << 16);
            CRC32C crc = new CRC32C();
            DataOutputStream table = new DataOutputStream(new CheckedOutputStream(buffered, crc));
            table.writeInt(MAGIC);
            table.writeInt(FORMAT_VERSION);
            table.writeLong(p.configVersion());
            table.writeLong(p.builtVersion());
            int n = Math.min(p.keys().length, p.graph().size());
            table.writeInt(n);
            for (int i = 0; i < n; i++) {
                String k = p.keys()[i];
                table.writeByte(k == null ? 0 : 1);
                table.writeUTF(k == null ? "" : k);
                table.writeLong(p.versions()[i]);
            }
            table.flush();
            new DataOutputStream(buffered).writeLong(crc.getValue());
            HnswCodec.write(p.graph(), buffered);
            buffered.flush();
        }
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The persisted index, or null when there is no file. */
    PersistedIndex read(long branchId, String space, String collection, Similarity similarity) throws IOException {
        Path f = file(branchId, space, collection);
        if (!Files.exists(f)) {
            return null;
        }
        String source = f.toString();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            CRC32C crc = new CRC32C();
            DataInputStream table = new DataInputStream(new CheckedInputStream(in, crc));
            if (table.readInt() != MAGIC) {
                throw new IOException("corrupt vector index " + source + " at offset 0: bad magic");
            }
            int version = table.readInt();
            if (version != FORMAT_VERSION) {
                throw new IOException("vector index " + source + " at offset 4: unknown format version " + version);
            }
            long configVersion = table.readLong();
            long builtVersion = table.readLong();
            int n = table.readInt();
            if (n < 0 || n > 200_000_000) {
                throw new IOException("corrupt vector index " + source + " at offset 24: node count " + n);
            }
            String[] keys = new String[Math.min(n, 1 << 16)];
            long[] versions = new long[keys.length];
            for (int i = 0; i < n; i++) {
                if (i == keys.length) {
                    keys = java.util.Arrays.copyOf(keys, Math.min(n, keys.length * 2));
                    versions = java.util.Arrays.copyOf(versions, keys.length);
                }
                int has = table.readByte();
                String k = table.readUTF();
                keys[i] = has == 1 ? k : null;
                versions[i] = table.readLong();
            }
            long expected = crc.getValue();
            long stored = new DataInputStream(in).readLong();
            if (stored != expected) {
                throw new IOException("corrupt vector index " + source + ": table checksum mismatch");
            }
            HnswIndex graph = HnswCodec.read(in, similarity, source);
            if (graph.size() != n) {
                throw new IOException("corrupt vector index " + source + ": table has " + n + " nodes, graph "
                        + graph.size());
            }
            return new PersistedIndex(graph, java.util.Arrays.copyOf(keys, n), java.util.Arrays.copyOf(versions, n),
                    configVersion, builtVersion);
        } catch (EOFException e) {
            throw new IOException("corrupt vector index " + source + ": truncated", e);
        } catch (java.io.UTFDataFormatException e) {
            throw new IOException("corrupt vector index " + source + ": bad key encoding", e);
        }
    }

    void delete(long branchId, String space, String collection) {
        try {
            Files.deleteIfExists(file(branchId, space, collection));
        } catch (IOException ignored) {
            // a stale file is harmless: it is checked against storage on load
        }
    }
}
