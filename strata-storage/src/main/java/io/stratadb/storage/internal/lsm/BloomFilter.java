package io.stratadb.storage.internal.lsm;

import io.stratadb.storage.internal.record.CorruptionException;

/**
 * A bloom filter over key prefixes (internal keys minus the version suffix), so that a point
 * lookup for any version can skip tables that cannot hold the key. Immutable once built;
 * thread-safe for reads.
 *
 * <p>Two layouts. Blocked (written since table format 2; first payload byte {@code 0x80 | k}): the
 * high half of the key's 64-bit hash picks one 512-bit block, and all {@code k} probes (9 bits each
 * of a remix of the hash) fall inside it, so a lookup touches one or two cache lines instead of
 * {@code k}; at 10 bits per key it admits about 1% false positives (classic: 0.8%). Classic (format 1
 * tables; first byte {@code k}): double hashing over the whole array, still read.
 */
final class BloomFilter {
    private static final int BLOCKED = 0x80;
    /** Blocked layout: bits per block (one 64-byte cache line's worth) and most probes (9 bits each from 64). */
    private static final int BLOCK_BITS = 512;
    private static final int MAX_BLOCKED_PROBES = 7;

    private final byte[] bits;
    private final int hashes;
    private final long bitCount;
    /** Blocked layout: the bits as words, eight per block; null for the classic layout. */
    private final long[] words;
    private final long blocks;

    private BloomFilter(byte[] bits, int hashes) {
        this.bits = bits;
        this.hashes = hashes;
        this.bitCount = bits.length * 8L;
        this.words = null;
        this.blocks = 0;
    }

    private BloomFilter(long[] words, int hashes) {
        this.bits = null;
        this.hashes = hashes;
        this.bitCount = words.length * 64L;
        this.words = words;
        this.blocks = words.length / 8;
    }

    /** Build a blocked filter for the given prefix hashes with about {@code bitsPerKey} bits per key. */
    static byte[] buildBlocked(long[] keyHashes, int count, int bitsPerKey) {
        int k = Math.max(1, Math.min(MAX_BLOCKED_PROBES, (int) Math.round(bitsPerKey * 0.69)));
        long blocks = Math.max(1, ((long) count * bitsPerKey + BLOCK_BITS - 1) / BLOCK_BITS);
        if (blocks * (BLOCK_BITS / 8) > Integer.MAX_VALUE - 16) {
            blocks = (Integer.MAX_VALUE - 16) / (BLOCK_BITS / 8);
        }
        long[] w = new long[(int) (blocks * 8)];
        for (int i = 0; i < count; i++) {
            long h = keyHashes[i];
            int base = blockOf(h, blocks) << 3;
            long g = remix(h);
            for (int j = 0; j < k; j++) {
                int bit = (int) (g >>> (9 * j)) & (BLOCK_BITS - 1);
                w[base + (bit >>> 6)] |= 1L << bit;
            }
        }
        byte[] out = new byte[1 + w.length * 8];
        out[0] = (byte) (BLOCKED | k);
        for (int i = 0; i < w.length; i++) {
            long v = w[i];
            for (int b = 0; b < 8; b++) {
                out[1 + i * 8 + b] = (byte) (v >>> (8 * b));
            }
        }
        return out;
    }

    private static int blockOf(long h, long blocks) {
        return (int) (((h >>> 32) * blocks) >>> 32);
    }

    private static long remix(long h) {
        long g = h * 0x9E3779B97F4A7C15L;
        return g ^ (g >>> 29);
    }


    static BloomFilter decode(byte[] payload, String object, long base) throws CorruptionException {
        if (payload.length < 2) {
            throw new CorruptionException(object, base, "bloom block of " + payload.length + " bytes is too short");
        }
        if ((payload[0] & BLOCKED) != 0) {
            int k = payload[0] & 0x7f;
            if (k < 1 || k > MAX_BLOCKED_PROBES) {
                throw new CorruptionException(object, base, "blocked bloom filter probe count " + k
                        + " out of range 1.." + MAX_BLOCKED_PROBES);
            }
            int n = payload.length - 1;
            if (n % (BLOCK_BITS / 8) != 0) {
                throw new CorruptionException(object, base, "blocked bloom filter of " + n
                        + " bytes is not a whole number of " + BLOCK_BITS / 8 + "-byte blocks");
            }
            long[] w = new long[n / 8];
            for (int i = 0; i < w.length; i++) {
                long v = 0;
                for (int b = 7; b >= 0; b--) {
                    v = (v << 8) | (payload[1 + i * 8 + b] & 0xff);
                }
                w[i] = v;
            }
            return new BloomFilter(w, k);
        }
        int k = payload[0] & 0xff;
        if (k < 1 || k > 30) {
            throw new CorruptionException(object, base, "bloom filter hash count " + k + " out of range 1..30");
        }
        return new BloomFilter(java.util.Arrays.copyOfRange(payload, 1, payload.length), k);
    }

    /** False means the prefix is certainly absent; true means it may be present. */
    boolean mayContain(long h) {
        if (words != null) {
            int base = blockOf(h, blocks) << 3;
            long g = remix(h);
            for (int j = 0; j < hashes; j++) {
                int bit = (int) (g >>> (9 * j)) & (BLOCK_BITS - 1);
                if ((words[base + (bit >>> 6)] & (1L << bit)) == 0) {
                    return false;
                }
            }
            return true;
        }
        // probe j is (h1 + j * h2) mod m, stepped without a division per probe
        long h1 = h & 0xffffffffL;
        long h2 = (h >>> 32) | 1;
        long m = bitCount;
        long bit = h1 % m;
        long step = h2 % m;
        for (int j = 0; j < hashes; j++) {
            if ((bits[(int) (bit >>> 3)] & (1 << (bit & 7))) == 0) {
                return false;
            }
            bit += step;
            if (bit >= m) {
                bit -= m;
            }
        }
        return true;
    }

    /** 64-bit hash of {@code b[off, off+len)} (a murmur3-style mix; stable across releases). */
    static long hash(byte[] b, int off, int len) {
        final long c1 = 0x87c37b91114253d5L;
        final long c2 = 0x4cf5ad432745937fL;
        long h = 0x9E3779B97F4A7C15L ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long k = 0;
            for (int j = 7; j >= 0; j--) {
                k = (k << 8) | (b[i + j] & 0xff);
            }
            k *= c1;
            k = Long.rotateLeft(k, 31);
            k *= c2;
            h ^= k;
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        long k = 0;
        for (int j = end - 1; j >= i; j--) {
            k = (k << 8) | (b[j] & 0xff);
        }
        k *= c2;
        k = Long.rotateLeft(k, 33);
        k *= c1;
        h ^= k;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Hash of the prefix of internal key {@code key}. */
    static long prefixHash(byte[] key) {
        return hash(key, 0, key.length - InternalKeys.SUFFIX);
    }
}
