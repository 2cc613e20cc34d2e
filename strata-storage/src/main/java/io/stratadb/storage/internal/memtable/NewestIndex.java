package io.stratadb.storage.internal.memtable;

import io.stratadb.storage.internal.format.InternalKeyCodec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A memtable's hash index from (branch · logical key) to the entry holding its newest version, so a
 * point lookup reading the latest version finds it in one or two probes instead of a skip-list
 * descent (about twenty dependent cache misses in a large memtable). Open addressing with linear
 * probing over a 64-bit key hash; each slot holds the hash and the entry, whose internal key
 * confirms the match.
 *
 * <p>Writers are serialized by this class (committers insert concurrently, possibly out of version
 * order: a put never replaces a newer version); readers are lock-free. Every write is made visible
 * before the commit that made it is published, so a reader capped at a published version finds every entry that version can
 * see: an empty probe slot means the memtable holds no version of the key. A hit whose version is above
 * the reader's cap, or a key whose newest entry was removed ({@link Gone}), sends the reader to the
 * skip list. Growing copies the table and publishes the copy; the old one is never written again.
 */
final class NewestIndex {
    /** What the index stores: something with an internal key. */
    interface Keyed {
        byte[] key();
    }

    /**
     * The newest entry of this key was removed: the skip list knows what is left. {@code key} is the
     * removed entry's, so its version bounds every version left.
     */
    record Gone(byte[] key) implements Keyed {
    }

    private static final VarHandle HASHES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Keyed[].class);
    private static final int FIRST_CAPACITY = 1 << 14; // a 64 MiB memtable of 1 KiB values holds ~60,000 keys

    private record Table(long[] hashes, Keyed[] entries) {
        int mask() {
            return hashes.length - 1;
        }
    }

    private volatile Table table = new Table(new long[FIRST_CAPACITY], new Keyed[FIRST_CAPACITY]);
    private int size; // guarded by this

    /** 0 marks an empty slot, so a zero hash is stored as 1. */
    private static long stored(long hash) {
        return hash == 0 ? 1 : hash;
    }

    private static int home(long h, int mask) {
        return (int) (h >>> 24) & mask; // bits the memtable's bloom filter does not use alone
    }

    /**
     * The entry recorded for {@code seekKey}'s branch and logical key ({@code hash} = its key hash): the
     * newest version, a {@link Gone}, or null if the memtable holds no version of it.
     */
    Keyed find(long hash, byte[] seekKey) {
        long h = stored(hash);
        Table t = table;
        int mask = t.mask();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            long x = (long) HASHES.getAcquire(t.hashes(), i);
            if (x == 0) {
                return null;
            }
            if (x == h) {
                Keyed e = (Keyed) ENTRIES.getAcquire(t.entries(), i);
                if (InternalKeyCodec.sameBranchAndLogical(e.key(), seekKey)) {
                    return e;
                }
            }
        }
    }

    /** Records {@code entry} (key hash {@code hash}) unless a newer version of its key is recorded. */
    synchronized void put(long hash, Keyed entry) {
        long h = stored(hash);
        Table t = table;
        int mask = t.mask();
        byte[] key = entry.key();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            long x = t.hashes()[i];
            if (x == 0) {
                ENTRIES.setRelease(t.entries(), i, entry);
                HASHES.setRelease(t.hashes(), i, h); // the entry first: a reader matching the hash sees it
                if (++size * 2 > t.hashes().length) {
                    grow(t);
                }
                return;
            }
            if (x == h) {
                Keyed old = t.entries()[i];
                if (InternalKeyCodec.sameBranchAndLogical(old.key(), key)) {
                    // over a Gone only if newer than the removed newest, hence than every version left
                    long oldVersion = InternalKeyCodec.versionOf(old.key());
                    long version = InternalKeyCodec.versionOf(key);
                    if (old instanceof Gone ? version > oldVersion : version >= oldVersion) {
                        ENTRIES.setRelease(t.entries(), i, entry);
                    }
                    return;
                }
            }
        }
    }

    /** After {@code entry} left the memtable: if it was its key's newest, marks the key {@link Gone}. */
    synchronized void removed(long hash, Keyed entry) {
        long h = stored(hash);
        Table t = table;
        int mask = t.mask();
        for (int i = home(h, mask); ; i = (i + 1) & mask) {
            long x = t.hashes()[i];
            if (x == 0) {
                return;
            }
            if (x == h && t.entries()[i] == entry) {
                ENTRIES.setRelease(t.entries(), i, new Gone(entry.key()));
                return;
            }
        }
    }

    private void grow(Table old) {
        int n = old.hashes().length * 2;
        Table t = new Table(new long[n], new Keyed[n]);
        int mask = n - 1;
        for (int j = 0; j < old.hashes().length; j++) {
            long h = old.hashes()[j];
            if (h != 0) {
                int i = home(h, mask);
                while (t.hashes()[i] != 0) {
                    i = (i + 1) & mask;
                }
                t.hashes()[i] = h;
                t.entries()[i] = old.entries()[j];
            }
        }
        table = t; // volatile publication of the filled copy
    }
}
