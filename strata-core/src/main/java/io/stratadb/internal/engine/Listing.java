package io.stratadb.internal.engine;

import io.stratadb.Page;
import io.stratadb.ValidationException;
import io.stratadb.storage.CloseableIterator;
import io.stratadb.storage.KeyRange;
import io.stratadb.storage.KeyValue;
import io.stratadb.storage.ReadView;
import io.stratadb.storage.StorageException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Prefix listings with cursors over one keyspace of one space; the cursor is the last key returned. */
final class Listing {
    private Listing() {
    }

    /** Every live key with the prefix, in key order (UTF-8 byte order). */
    static List<String> keys(ReadView view, String space, int keyspace, String prefix) {
        List<String> out = new ArrayList<>();
        scan(view, space, keyspace, prefix, null, Integer.MAX_VALUE, kv -> {
            out.add(new String(kv.key().userKeyNoCopy(), StandardCharsets.UTF_8));
            return true;
        });
        return out;
    }

    /** One page of mapped entries; the cursor is the last key of the page. */
    static <T> Page<T> page(ReadView view, String space, int keyspace, String prefix, Integer limit, String cursor,
                            Function<KeyValue, T> map) {
        int lim = Names.checkLimit(limit, 1000);
        List<T> items = new ArrayList<>();
        String[] last = new String[1];
        boolean[] more = new boolean[1];
        scan(view, space, keyspace, prefix, cursor, Integer.MAX_VALUE, kv -> {
            if (items.size() == lim) {
                more[0] = true;
                return false;
            }
            items.add(map.apply(kv));
            last[0] = new String(kv.key().userKeyNoCopy(), StandardCharsets.UTF_8);
            return true;
        });
        return new Page<>(items, more[0] ? last[0] : null);
    }

    /**
     * Visits live entries with {@code prefix} strictly after {@code cursor} (if non-null) in key order
     * until {@code visitor} returns false.
     */
    static void scan(ReadView view, String space, int keyspace, String prefix, String cursor, int max,
                     Function<KeyValue, Boolean> visitor) {
        byte[] p = Names.checkPrefix(prefix);
        KeyRange range;
        if (cursor != null) {
            if (cursor.isEmpty()) {
                throw new ValidationException("cursor must not be empty (pass null for the first page)");
            }
            byte[] c = cursor.getBytes(StandardCharsets.UTF_8);
            byte[] from = Arrays.copyOf(c, c.length + 1); // the immediate successor of the cursor key
            if (Arrays.compareUnsigned(from, p) < 0) {
                from = p;
            }
            range = KeyRange.interval(space, keyspace, from, null);
        } else {
            range = KeyRange.prefix(space, keyspace, p);
        }
        int n = 0;
        try (CloseableIterator<KeyValue> it = view.scan(range)) {
            while (it.hasNext() && n < max) {
                KeyValue kv = it.next();
                byte[] k = kv.key().userKeyNoCopy();
                if (k.length < p.length || !Arrays.equals(k, 0, p.length, p, 0, p.length)) {
                    break; // past the prefix (interval scans run on to the end of the keyspace)
                }
                n++;
                if (!visitor.apply(kv)) {
                    break;
                }
            }
        } catch (StorageException e) {
            throw StorageErrors.translate(e);
        }
    }
}
