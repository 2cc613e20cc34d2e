package io.stratadb.internal.vector.hnsw;

import io.stratadb.internal.vector.Similarity;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The self-describing, checksummed binary form of an {@link HnswIndex}:
 * <pre>
 *   header  : magic "SHNW" · format version (int) · metric (byte) · dimension · m · efConstruction
 *             · efSearch (ints) · seed (long) · inner-product norm bound (float) · node count · entry id (ints)
 *   nodes   : per node: deleted (byte) · level (int) · stored vector (dimension floats, one more
 *             for inner product) ·
 *             per layer: link count (int) · link ids (ints)
 *   footer  : CRC32C of everything before it (long) · magic "SHNW"
 * </pre>
 * Big-endian. Reading validates every count and id as it goes (garbage never allocates unbounded
 * memory or builds a graph with dangling links) and checks the CRC at the end; any problem is an
 * {@link IOException} naming the source and byte offset. Stateless, thread-safe; writing a graph
 * that is being modified concurrently gives some consistent-enough snapshot of it, so owners write
 * while no inserts run.
 */
public final class HnswCodec {
    static final int MAGIC = 0x53484E57; // "SHNW"
    static final int FORMAT_VERSION = 1;
    private static final int MAX_LEVEL = 32;

    private HnswCodec() {
    }

    public static void write(HnswIndex index, OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        DataOutputStream data = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(out, 1 << 16),
                crc));
        int n = index.size();
        data.writeInt(MAGIC);
        data.writeInt(FORMAT_VERSION);
        data.writeByte(index.similarity().metric().ordinal());
        data.writeInt(index.dimension());
        HnswParams p = index.params();
        data.writeInt(p.m());
        data.writeInt(p.efConstruction());
        data.writeInt(p.efSearch());
        data.writeLong(p.seed());
        data.writeFloat(index.mipsNormSq());
        data.writeInt(n);
        int entry = index.entryId();
        data.writeInt(entry < n ? entry : -1);
        for (int i = 0; i < n; i++) {
            HnswIndex.Node node = index.node(i);
            data.writeByte(node.deleted ? 1 : 0);
            int level = node.level();
            data.writeInt(level);
            for (float f : node.vector) {
                data.writeFloat(f);
            }
            for (int l = 0; l <= level; l++) {
                int[] links = node.links.get(l);
                int count = 0;
                for (int id : links) {
                    if (id < n) {
                        count++;
                    }
                }
                data.writeInt(count);
                for (int id : links) {
                    if (id < n) { // a link to a node added after we read the count is left out
                        data.writeInt(id);
                    }
                }
            }
        }
        data.flush();
        long checksum = crc.getValue();
        DataOutputStream tail = new DataOutputStream(out);
        tail.writeLong(checksum);
        tail.writeInt(MAGIC);
        tail.flush();
    }

    /**
     * Reads a graph written by {@link #write}. {@code source} names the input in error messages.
     *
     * @param similarity metric and kernel; its metric must match the stored one
     */
    public static HnswIndex read(InputStream in, Similarity similarity, String source) throws IOException {
        CountingInput counting = new CountingInput(new BufferedInputStream(in, 1 << 16));
        CRC32C crc = new CRC32C();
        DataInputStream data = new DataInputStream(new CheckedInputStream(counting, crc));
        try {
            if (data.readInt() != MAGIC) {
                throw corrupt(source, 0, "bad magic: not an HNSW index");
            }
            int version = data.readInt();
            if (version != FORMAT_VERSION) {
                throw corrupt(source, 4, "unknown HNSW format version " + version + " (this build reads "
                        + FORMAT_VERSION + ")");
            }
            int metricOrdinal = data.readByte();
            if (metricOrdinal != similarity.metric().ordinal()) {
                throw corrupt(source, 8, "metric ordinal " + metricOrdinal + " does not match "
                        + similarity.metric());
            }
            int dimension = data.readInt();
            int m = data.readInt();
            int efC = data.readInt();
            int efS = data.readInt();
            long seed = data.readLong();
            HnswParams params;
            try {
                params = new HnswParams(m, efC, efS, seed);
            } catch (IllegalArgumentException e) {
                throw corrupt(source, counting.count, "bad parameters: " + e.getMessage());
            }
            if (dimension < 1 || dimension > 65_536) {
                throw corrupt(source, counting.count, "bad dimension " + dimension);
            }
            float mipsNormSq = data.readFloat();
            int n = data.readInt();
            int entry = data.readInt();
            if (n < 0 || entry < -1 || entry >= Math.max(n, 1) || (n > 0 && entry < 0)) {
                throw corrupt(source, counting.count, "bad node count " + n + " / entry " + entry);
            }
            HnswIndex index = new HnswIndex(dimension, similarity, params);
            if (!(mipsNormSq == -1f || (mipsNormSq >= 1f && Float.isFinite(mipsNormSq)))) {
                throw corrupt(source, 33, "bad inner-product norm bound " + mipsNormSq);
            }
            index.restoreMipsNormSq(mipsNormSq);
            int storedLength = index.storedLength();
            HnswIndex.Node[] nodes = new HnswIndex.Node[Math.min(n, 1 << 16)];
            for (int i = 0; i < n; i++) {
                long at = counting.count;
                int deleted = data.readByte();
                int level = data.readInt();
                if ((deleted & ~1) != 0 || level < 0 || level > MAX_LEVEL) {
                    throw corrupt(source, at, "node " + i + ": bad header (deleted " + deleted + ", level " + level
                            + ")");
                }
                float[] v = new float[storedLength];
                for (int d = 0; d < storedLength; d++) {
                    v[d] = data.readFloat();
                }
                HnswIndex.Node node = new HnswIndex.Node(v, level);
                node.deleted = deleted == 1;
                for (int l = 0; l <= level; l++) {
                    int count = data.readInt();
                    int max = l == 0 ? 2 * m : m;
                    if (count < 0 || count > max) {
                        throw corrupt(source, counting.count, "node " + i + " layer " + l + ": bad link count "
                                + count);
                    }
                    int[] links = new int[count];
                    for (int j = 0; j < count; j++) {
                        links[j] = data.readInt();
                        if (links[j] < 0 || links[j] >= n) {
                            throw corrupt(source, counting.count, "node " + i + ": link to missing node " + links[j]);
                        }
                    }
                    node.links.set(l, links);
                }
                if (i == nodes.length) {
                    nodes = java.util.Arrays.copyOf(nodes, Math.min(n, nodes.length * 2));
                }
                nodes[i] = node;
            }
            long end = counting.count;
            long expected = crc.getValue();
            DataInputStream tail = new DataInputStream(counting);
            long stored = tail.readLong();
            if (stored != expected) {
                throw corrupt(source, end, "checksum mismatch (stored " + Long.toHexString(stored) + ", computed "
                        + Long.toHexString(expected) + ")");
            }
            if (tail.readInt() != MAGIC) {
                throw corrupt(source, end + 8, "bad footer magic");
            }
            for (int i = 0; i < n; i++) { // links must point at nodes that have that layer
                for (int l = 0; l <= nodes[i].level(); l++) {
                    for (int t : nodes[i].links.get(l)) {
                        if (nodes[t].level() < l) {
                            throw corrupt(source, end, "node " + i + " layer " + l + " links node " + t
                                    + " that has no such layer");
                        }
                    }
                }
            }
            if (n > 0 && nodes[entry].level() != maxLevel(nodes, n)) {
                throw corrupt(source, end, "entry node " + entry + " is not on the top layer");
            }
            index.restore(java.util.Arrays.copyOf(nodes, n), n == 0 ? -1 : entry);
            return index;
        } catch (EOFException e) {
            throw corrupt(source, counting.count, "truncated");
        }
    }

    private static int maxLevel(HnswIndex.Node[] nodes, int n) {
        int max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, nodes[i].level());
        }
        return max;
    }

    private static IOException corrupt(String source, long offset, String what) {
        return new IOException("corrupt HNSW index " + source + " at offset " + offset + ": " + what);
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0) {
                count += r;
            }
            return r;
        }
    }
}
